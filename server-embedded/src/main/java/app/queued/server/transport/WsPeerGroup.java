package app.queued.server.transport;

import app.queued.server.room.Peer;
import app.queued.server.room.PeerGroup;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.Set;

/** A room's connections on this node. Confined to the room's worker thread. */
final class WsPeerGroup implements PeerGroup {
    private final Set<Session> sessions = new LinkedHashSet<>();

    @Override
    public void add(Peer peer) {
        sessions.add((Session) peer);
    }

    @Override
    public void remove(Peer peer) {
        sessions.remove(peer);
    }

    @Override
    public boolean contains(Peer peer) {
        return sessions.contains(peer);
    }

    @Override
    public int size() {
        return sessions.size();
    }

    /**
     * Encodes the frame once and writes it to every connection from this (the room's worker) thread; a cut
     * connection is skipped by {@link Session#sendEncoded} (nothing may follow its Close frame).
     */
    @Override
    public void broadcast(String frame) {
        if (sessions.isEmpty()) {
            return;
        }
        ByteBuffer encoded = sessions.iterator().next().encode(frame);
        for (Session session : sessions) {
            session.sendEncoded(encoded.duplicate());
        }
    }
}
