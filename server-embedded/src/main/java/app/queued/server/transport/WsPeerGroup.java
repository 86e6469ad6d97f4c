package app.queued.server.transport;

import app.queued.server.room.Peer;
import app.queued.server.room.PeerGroup;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.java_websocket.WebSocket;
import org.java_websocket.server.WebSocketServer;

/** A room's connections on this node. Confined to the room's worker thread. */
final class WsPeerGroup implements PeerGroup {
    private final WebSocketServer server;
    private final Set<Session> sessions = new LinkedHashSet<>();
    private List<WebSocket> sockets = List.of();

    WsPeerGroup(WebSocketServer server) {
        this.server = server;
    }

    @Override
    public void add(Peer peer) {
        if (sessions.add((Session) peer)) {
            rebuild();
        }
    }

    @Override
    public void remove(Peer peer) {
        if (sessions.remove(peer)) {
            rebuild();
        }
    }

    @Override
    public boolean contains(Peer peer) {
        return sessions.contains(peer);
    }

    @Override
    public int size() {
        return sessions.size();
    }

    private void rebuild() {
        List<WebSocket> list = new ArrayList<>(sessions.size());
        for (Session session : sessions) {
            list.add(session.socket());
        }
        sockets = list;
    }

    @Override
    public void broadcast(String frame) {
        if (sockets.isEmpty()) {
            return;
        }
        // nothing may follow the Close frame a cut connection was sent (Session#cut)
        List<WebSocket> targets = sessions.stream().anyMatch(Session::isCut)
                ? sessions.stream().filter(s -> !s.isCut()).map(Session::socket).toList()
                : sockets;
        server.broadcast(frame, targets); // encodes the frame once for all connections
        for (Session session : sessions) {
            if (!session.isCut()) {
                session.strandedWrites().queued(session.socket());
                session.dropIfTooSlow();
            }
        }
    }
}
