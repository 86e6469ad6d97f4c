package app.queued.server.cache;

import java.util.List;
import java.util.Optional;

/**
 * Derived, shared read models of rooms (DESIGN.md "State and storage"). Everything here can be lost: PostgreSQL
 * holds the truth. Writes are asynchronous and best-effort; reads answer empty when the cache cannot.
 */
public interface RoomCache extends AutoCloseable {

    /** A room snapshot (queue without per-guest votes) tagged with the seq it reflects. */
    record CachedSnapshot(long seq, String json) {
    }

    Optional<CachedSnapshot> snapshot(long roomId);

    /** Stores the snapshot unless the cache already holds a newer one (a cache entry never goes backwards). */
    void storeSnapshot(long roomId, long seq, String json);

    /** Appends committed event frames (consecutive seqs starting at firstSeq) to the room's recent events. */
    void appendEvents(long roomId, long firstSeq, List<String> frames);

    /** Frames with afterSeq < seq <= upToSeq, or empty unless the cache holds every one of them. */
    Optional<List<String>> events(long roomId, long afterSeq, long upToSeq);

    /** False while the cache is unreachable; the server then reads from PostgreSQL. */
    boolean available();

    /** Runs when the cache comes back after an outage, so owners can rewrite what they hold. */
    void onRecovered(Runnable listener);

    @Override
    void close();

    /** No cache at all: every read misses. */
    static RoomCache none() {
        return new RoomCache() {
            @Override
            public Optional<CachedSnapshot> snapshot(long roomId) {
                return Optional.empty();
            }

            @Override
            public void storeSnapshot(long roomId, long seq, String json) {
            }

            @Override
            public void appendEvents(long roomId, long firstSeq, List<String> frames) {
            }

            @Override
            public Optional<List<String>> events(long roomId, long afterSeq, long upToSeq) {
                return Optional.empty();
            }

            @Override
            public boolean available() {
                return false;
            }

            @Override
            public void onRecovered(Runnable listener) {
            }

            @Override
            public void close() {
            }
        };
    }
}
