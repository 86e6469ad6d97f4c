package app.queued.server.room;

import app.queued.server.store.Member;

/** One client connection as the room logic sees it; the transport implements it. */
public interface Peer {

    /** Queues a frame; never blocks, never throws when the connection is already gone. */
    void send(String frame);

    /** The member this connection joined as, or null before join. */
    Member member();

    void joined(Member member);

    /** Closes the connection with a reason (sent in the close frame). */
    void close(String reason);
}
