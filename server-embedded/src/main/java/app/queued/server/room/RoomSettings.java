package app.queued.server.room;

/**
 * Tuning of the room workers.
 *
 * @param maxBatch           commands per transaction (group commit)
 * @param maxInbox           queued commands per room before new ones are refused
 * @param replayWindow       a client further behind than this gets a snapshot instead of a replay
 * @param ringSize           recent event frames kept in memory per room
 * @param snapshotIntervalMs how often at most a room's snapshot is written to the cache
 */
public record RoomSettings(int maxBatch, int maxInbox, int replayWindow, int ringSize, int snapshotIntervalMs) {
    public static RoomSettings defaults() {
        return new RoomSettings(512, 20_000, 500, 1024, 250);
    }
}
