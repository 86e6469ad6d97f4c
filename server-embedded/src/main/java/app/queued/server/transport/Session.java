package app.queued.server.transport;

import app.queued.server.room.Peer;
import app.queued.server.store.Member;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;

/** One WebSocket connection: its protocol state, its member once joined, its rate limit. */
final class Session implements Peer {
    private final WebSocket socket;
    private final int maxQueuedFrames;
    private final long maxWaitingBytes;
    private final StrandedWrites strandedWrites;
    private volatile Member member;
    private volatile boolean greeted;
    private volatile boolean cut;
    // Only touched on the connection's I/O thread (Java-WebSocket delivers a connection's messages in order).
    final RateLimiter limiter;

    Session(WebSocket socket, RateLimiter limiter, int maxQueuedFrames, long maxWaitingBytes,
            StrandedWrites strandedWrites) {
        this.socket = socket;
        this.maxWaitingBytes = maxWaitingBytes;
        this.strandedWrites = strandedWrites;
        this.limiter = limiter;
        this.maxQueuedFrames = maxQueuedFrames;
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
        sendEncoded(encode(frame));
    }

    /** The frame as it goes on the wire (server frames are not masked, so one encoding serves every connection). */
    ByteBuffer encode(String frame) {
        Draft draft = socket.getDraft();
        return draft.createBinaryFrame(draft.createFrames(frame, false).get(0));
    }

    /** Sends an encoded frame from the calling thread ({@link DirectWriteChannel}); the buffer is not copied. */
    void sendEncoded(ByteBuffer frame) {
        if (cut || !(socket instanceof WebSocketImpl impl) || !socket.isOpen()) {
            return;
        }
        try {
            if (channel(impl).send(frame)) {
                strandedWrites.demand(impl);
            }
        } catch (IOException e) {
            impl.closeConnection(CloseFrame.ABNORMAL_CLOSE, e.getMessage()); // as the library does on a failed write
            return;
        }
        dropIfTooSlow();
    }

    /** Every connection's channel (WsTransport installs them through {@link ConnectionFactory}). */
    private static DirectWriteChannel channel(WebSocketImpl impl) {
        return (DirectWriteChannel) impl.getChannel();
    }

    /** A client that stops reading must not make the server hold an ever-growing backlog: cut it, it will resume. */
    private void dropIfTooSlow() {
        if (socket instanceof WebSocketImpl impl
                && (LibraryQueue.size(impl) > maxQueuedFrames
                || channel(impl).waitingBytes() > maxWaitingBytes)) {
            socket.close(CloseFrame.TRY_AGAIN_LATER, "Too far behind; reconnect to catch up.");
            strandedWrites.queued(socket);
        }
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
