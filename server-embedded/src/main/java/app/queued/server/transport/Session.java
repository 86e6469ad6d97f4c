package app.queued.server.transport;

import app.queued.server.room.Peer;
import app.queued.server.store.Member;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;

/** One WebSocket connection: its protocol state, its member once joined, its rate limit. */
final class Session implements Peer {
    private final WebSocket socket;
    private final int maxQueuedFrames;
    private final StrandedWrites strandedWrites;
    private volatile Member member;
    private volatile boolean greeted;
    // Only touched on the connection's I/O thread (Java-WebSocket delivers a connection's messages in order).
    final RateLimiter limiter;
    int refusedInARow;

    Session(WebSocket socket, RateLimiter limiter, int maxQueuedFrames, StrandedWrites strandedWrites) {
        this.socket = socket;
        this.strandedWrites = strandedWrites;
        this.limiter = limiter;
        this.maxQueuedFrames = maxQueuedFrames;
    }

    WebSocket socket() {
        return socket;
    }

    boolean greeted() {
        return greeted;
    }

    void greet() {
        greeted = true;
    }

    @Override
    public void send(String frame) {
        if (!socket.isOpen()) {
            return;
        }
        try {
            socket.send(frame);
        } catch (WebsocketNotConnectedException e) {
            return; // closed between the check and the send: the close handler cleans up
        }
        strandedWrites.queued(socket);
        dropIfTooSlow();
    }

    StrandedWrites strandedWrites() {
        return strandedWrites;
    }

    /** A client that stops reading must not make the server hold an ever-growing queue: cut it, it will resume. */
    boolean dropIfTooSlow() {
        if (socket instanceof WebSocketImpl impl && impl.outQueue.size() > maxQueuedFrames) {
            socket.close(CloseFrame.TRY_AGAIN_LATER, "Too far behind; reconnect to catch up.");
            strandedWrites.queued(socket);
            return true;
        }
        return false;
    }

    @Override
    public Member member() {
        return member;
    }

    @Override
    public void joined(Member member) {
        this.member = member;
    }

    @Override
    public void close(String reason) {
        socket.close(CloseFrame.POLICY_VALIDATION, reason);
        strandedWrites.queued(socket);
    }

    @Override
    public String toString() {
        return "Session[" + socket.getRemoteSocketAddress() + (member == null ? "" : ", guest " + member.guestId()) + "]";
    }
}
