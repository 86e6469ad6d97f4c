package app.queued.client;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection attempt. Java-WebSocket clients cannot be reused, so every reconnect makes a new link;
 * each callback names its link so the client can ignore a stale one.
 */
final class ServerLink extends WebSocketClient {
    private static final Logger log = LoggerFactory.getLogger(ServerLink.class);

    /** Called on Java-WebSocket's threads: must return quickly and never run caller code. */
    interface Handler {
        void opened(ServerLink link);

        void received(ServerLink link, String frame);

        void closed(ServerLink link, String reason);
    }

    private final Handler handler;
    private volatile Exception lastError;

    ServerLink(URI uri, int connectTimeoutMs, int connectionLostTimeoutSeconds, Handler handler) {
        super(uri, new Draft_6455(), Map.of(), connectTimeoutMs);
        this.handler = handler;
        setConnectionLostTimeout(connectionLostTimeoutSeconds);
        setTcpNoDelay(true);
        setDaemon(true);
    }

    /** Sends one frame; false when the socket is already closing (the close callback will follow). */
    boolean trySend(String frame) {
        try {
            send(frame);
            return true;
        } catch (WebsocketNotConnectedException e) {
            log.debug("frame not sent: the connection is closing");
            return false;
        }
    }

    /**
     * Drops the connection without the closing handshake, for a peer that does not answer. Closing the raw socket
     * too ends a connect still in progress at once instead of when its own timeout fires.
     */
    void abandon(String reason) {
        try {
            closeConnection(CloseFrame.ABNORMAL_CLOSE, reason);
        } catch (RuntimeException e) {
            log.debug("abandoning a connection failed", e);
        }
        Socket socket = getSocket();
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("closing an abandoned socket failed", e);
            }
        }
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        handler.opened(this);
    }

    @Override
    public void onMessage(String frame) {
        handler.received(this, frame);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        handler.closed(this, describe(code, reason));
    }

    @Override
    public void onError(Exception error) {
        // Java-WebSocket calls onClose after any error that ends the connection; keep the cause for its message.
        lastError = error;
        log.debug("connection error on {}", getURI(), error);
    }

    private String describe(int code, String reason) {
        Exception error = lastError;
        if (reason != null && !reason.isBlank()) {
            return "connection closed (" + code + "): " + reason;
        }
        if (error != null) {
            String cause = error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
            return "connection closed (" + code + "): " + cause;
        }
        return code == CloseFrame.ABNORMAL_CLOSE ? "connection dropped" : "connection closed (" + code + ")";
    }
}
