package app.queued.server.transport;

import app.queued.server.room.Peer;
import app.queued.server.store.Member;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private volatile boolean cut;
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
        if (cut || !socket.isOpen()) {
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

    /** Whether {@link #cut} was called: the connection's further messages are to be ignored. */
    boolean isCut() {
        return cut;
    }

    /**
     * Closes an abusive connection without losing what we told it. Java-WebSocket's own close shuts the TCP
     * connection as soon as its Close frame is written; with the client's flood still unread on our side the kernel
     * then answers with a reset, and a client that hits the reset while writing drops everything it had not read
     * yet — our replies, the rate_limited error, the Close. So: send the Close frame ourselves, keep reading (and
     * ignoring) until the client answers it — by then its flood is read and the library's echo closes cleanly — and
     * close outright at {@code deadline} if it never answers.
     */
    void cut(String reason, ScheduledExecutorService timer, Duration deadline) {
        if (cut) {
            return;
        }
        cut = true;
        CloseFrame close = new CloseFrame();
        close.setCode(CloseFrame.POLICY_VALIDATION);
        close.setReason(reason);
        try {
            socket.sendFrame(close);
        } catch (WebsocketNotConnectedException e) {
            return;
        }
        strandedWrites.queued(socket);
        timer.schedule(() -> {
            if (socket instanceof WebSocketImpl impl && !socket.isClosed()) {
                impl.closeConnection(CloseFrame.POLICY_VALIDATION, reason);
            }
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String toString() {
        return "Session[" + socket.getRemoteSocketAddress() + (member == null ? "" : ", guest " + member.guestId()) + "]";
    }
}
