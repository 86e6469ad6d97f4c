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
 */
public record RoomSettings(int maxBatch, int maxInbox, int replayWindow, int ringSize, int snapshotIntervalMs,
                           double spacingMicrosPerConnection) {
    /** The longest wait between two broadcasts, however big the room. */
    static final long MAX_SPACING_NANOS = 20_000_000;

    public static RoomSettings defaults() {
        return new RoomSettings(512, 20_000, 500, 1024, 250, 10);
    }

    public RoomSettings withSpacingMicrosPerConnection(double micros) {
        return new RoomSettings(maxBatch, maxInbox, replayWindow, ringSize, snapshotIntervalMs, micros);
    }

    /**
     * How long after a broadcast the room's next batch waits. Every broadcast costs one frame per connection — a
     * write on the server, a read and a parse on every screen — so a room that commits each vote alone spends the
     * machine on frames: 100 votes/s in a room of 1,000 is 100,000 frames/s. Waiting (connections × a few µs)
     * lets the votes that arrive meanwhile share one commit and one frame: a small room waits under a millisecond
     * (and only when votes come that fast), a big one up to {@link #MAX_SPACING_NANOS}.
     */
    long broadcastSpacingNanos(int connections) {
        return Math.min(MAX_SPACING_NANOS, (long) (connections * spacingMicrosPerConnection * 1_000));
    }
}
