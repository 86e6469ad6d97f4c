package app.queued.server.events;

import java.util.List;

/**
 * Carries a room's committed events to the other server nodes that have connections in the room. This node's
 * own connections are served by the room's worker directly; a single-node server uses {@link #local()}, several
 * nodes on one PostgreSQL and Redis use {@link RedisEventFanout}.
 *
 * <p>Delivery is at most once: PostgreSQL's event log is the durable, ordered copy. A receiver that sees a seq
 * gap, or hears {@link Listener#resync}, reads what it missed from the log, exactly as a client resumes.
 */
public interface EventFanout extends AutoCloseable {

    /** Told on the fan-out's own thread; must not block. */
    interface Listener {
        /** Events another node committed: consecutive seqs from {@code firstSeq}, in commit order per node. */
        void onRemoteEvents(long roomId, long firstSeq, List<String> frames);

        /**
         * Deliveries of this room may have been lost (the subscription just started, or came back after Redis
         * was away): compare with the event log.
         */
        void resync(long roomId);
    }

    /** Called by the room's worker after commit, in seq order. Must not block. */
    void publish(long roomId, long firstSeq, List<String> frames);

    /** Starts (or stops, with false) delivering another node's events of this room to the listener. */
    void follow(long roomId, boolean follow);

    void setListener(Listener listener);

    /** False while events cannot be carried (Redis away); the nodes then catch up by polling the log. */
    default boolean connected() {
        return true;
    }

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
