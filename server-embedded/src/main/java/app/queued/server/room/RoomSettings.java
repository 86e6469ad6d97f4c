package app.queued.server.room;

/**
 * Tuning of the room workers.
 *
 * @param maxBatch           commands per transaction (group commit)
 * @param maxInbox           queued commands per room before new ones are refused
 * @param replayWindow       a client further behind than this gets a snapshot instead of a replay
 * @param ringSize           recent event frames kept in memory per room
 * @param snapshotIntervalMs how often at most a room's snapshot is written to the cache
 * @param spacingMicrosPerConnection a room's broadcasts are at least (its connections × this) apart, see
 *                                   {@link #broadcastSpacingNanos}
 * @param maxSpacingMicros   ... but never more than this, however big the room
 */
public record RoomSettings(int maxBatch, int maxInbox, int replayWindow, int ringSize, int snapshotIntervalMs,
                           double spacingMicrosPerConnection, long maxSpacingMicros) {

    /** A room's broadcasts never wait longer than this (a second) however they are tuned: a wait past it is a stall. */
    static final long SPACING_CEILING_MICROS = 1_000_000;

    /** Refuses settings a room cannot run with, naming the setting. */
    public RoomSettings {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max batch (commands per transaction) must be at least 1, not "
                    + maxBatch);
        }
        if (maxInbox < maxBatch) {
            throw new IllegalArgumentException("max inbox (" + maxInbox + ") must be at least max batch (" + maxBatch
                    + "): a batch is taken from the inbox");
        }
        if (replayWindow < 0) {
            throw new IllegalArgumentException("replay window must not be negative, not " + replayWindow);
        }
        if (ringSize < 0) {
            throw new IllegalArgumentException("ring size must not be negative (0 keeps no frames in memory), not "
                    + ringSize);
        }
        if (snapshotIntervalMs < 0) {
            throw new IllegalArgumentException("snapshot interval must not be negative (0: after every commit), not "
                    + snapshotIntervalMs + " ms");
        }
        if (!(spacingMicrosPerConnection >= 0) || Double.isInfinite(spacingMicrosPerConnection)) {
            throw new IllegalArgumentException("spacing per connection must be 0 or more µs, not "
                    + spacingMicrosPerConnection);
        }
        if (maxSpacingMicros < 0 || maxSpacingMicros > SPACING_CEILING_MICROS) {
            throw new IllegalArgumentException("max spacing must be 0 to " + SPACING_CEILING_MICROS + " µs (a second),"
                    + " not " + maxSpacingMicros);
        }
    }

    public static RoomSettings defaults() {
        return new RoomSettings(512, 20_000, 500, 1024, 250, 10, 1_000);
    }

    public RoomSettings withSpacing(double microsPerConnection, long maxMicros) {
        return new RoomSettings(maxBatch, maxInbox, replayWindow, ringSize, snapshotIntervalMs, microsPerConnection,
                maxMicros);
    }

    /**
     * How long after a broadcast the room's next batch waits. Every broadcast costs one frame per connection — a
     * write on the server, a read and a parse on every screen — so a room that commits each vote alone spends the
     * machine on frames. Waiting lets the votes that arrive meanwhile share one commit and one frame: a room of 50
     * waits half a millisecond (and only when votes come that fast). A big room's worker already spends its
     * broadcast's time writing it (while votes queue up), so the wait stops growing at {@code maxSpacingMicros}.
     */
    long broadcastSpacingNanos(int connections) {
        return Math.min(maxSpacingMicros * 1_000, (long) (connections * spacingMicrosPerConnection * 1_000));
    }
}
