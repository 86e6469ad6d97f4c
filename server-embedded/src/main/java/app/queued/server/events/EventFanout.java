package app.queued.server.events;

import java.util.List;

/**
 * Carries a room's committed events to the other server nodes that have connections in the room. This node's
 * own connections are served by the room's worker directly; a single-node server uses {@link #local()}. A
 * Redis pub/sub implementation plugs in here for several nodes on one PostgreSQL + Redis.
 */
public interface EventFanout extends AutoCloseable {

    /** Receives events another node committed, in the order that node published them. */
    interface Listener {
        void onRemoteEvents(long roomId, long firstSeq, List<String> frames);
    }

    /** Called by the room's worker after commit, in seq order. Must not block. */
    void publish(long roomId, long firstSeq, List<String> frames);

    /** Starts (or stops, with false) delivering another node's events of this room to the listener. */
    void follow(long roomId, boolean follow);

    void setListener(Listener listener);

    @Override
    void close();

    /** One node: nothing to carry. */
    static EventFanout local() {
        return new EventFanout() {
            @Override
            public void publish(long roomId, long firstSeq, List<String> frames) {
            }

            @Override
            public void follow(long roomId, boolean follow) {
            }

            @Override
            public void setListener(Listener listener) {
            }

            @Override
            public void close() {
            }
        };
    }
}
