package app.queued.bench;

import app.queued.protocol.Codec;
import app.queued.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses of broadcast frames, shared by the simulated screens. A broadcast reaches every screen as the same bytes.
 * At a party each screen parses its own copy on its own device, all at once; here 50 or 1,000 screens share the
 * generator's two cores with the server under test, and parsing every copy (650,000 events/s at 13,000 votes/s in
 * a room of 50) made the generator, not the server, the limit. A copy whose bytes equal — compared in full — a
 * recently parsed one gets that parse (the messages are immutable records); every screen still receives its own
 * copy on its own connection, applies it to its own state and checks its seqs. Other frames (acks, snapshots) are
 * parsed per copy. {@code -Dqueued.bench.parseEveryCopy=true} parses every copy of everything.
 */
final class SharedParses {
    private static final int KEPT = 16;
    private static final byte[] BROADCAST_PREFIX = "{\"type\":\"event".getBytes(StandardCharsets.UTF_8);

    private final boolean enabled;
    // Guarded by this: the last KEPT broadcast frames parsed, as a ring.
    private final byte[][] frames = new byte[KEPT][];
    private final int[] hashes = new int[KEPT];
    private final ServerMessage[] parsed = new ServerMessage[KEPT];
    private int next;
    private long shared;

    SharedParses(boolean enabled) {
        this.enabled = enabled;
    }

    static SharedParses fromSystemProperty() {
        return new SharedParses(!Boolean.getBoolean("queued.bench.parseEveryCopy"));
    }

    /** The frame parsed with {@link Codec#readServer(byte[])}, or a parse of the same bytes made for another copy. */
    ServerMessage parse(byte[] frame) {
        if (!enabled || !Arrays.equals(frame, 0, Math.min(frame.length, BROADCAST_PREFIX.length),
                BROADCAST_PREFIX, 0, BROADCAST_PREFIX.length)) {
            return Codec.readServer(frame);
        }
        int hash = Arrays.hashCode(frame);
        synchronized (this) {
            for (int i = 0; i < KEPT; i++) {
                if (hashes[i] == hash && Arrays.equals(frames[i], frame)) {
                    shared++;
                    return parsed[i];
                }
            }
        }
        ServerMessage message = Codec.readServer(frame);
        synchronized (this) {
            frames[next] = frame;
            hashes[next] = hash;
            parsed[next] = message;
            next = (next + 1) % KEPT;
        }
        return message;
    }

    /** How many copies got another copy's parse. */
    synchronized long shared() {
        return shared;
    }
}
