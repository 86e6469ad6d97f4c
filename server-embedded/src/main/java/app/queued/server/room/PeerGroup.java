package app.queued.server.room;

/** The connections of one room on this node; confined to the room's worker. */
public interface PeerGroup {
    void add(Peer peer);

    void remove(Peer peer);

    boolean contains(Peer peer);

    int size();

    /** Sends one frame to every member (encoded once). */
    void broadcast(String frame);

    /** Makes groups; the transport supplies one that broadcasts efficiently. */
    interface Factory {
        PeerGroup newGroup();
    }
}
