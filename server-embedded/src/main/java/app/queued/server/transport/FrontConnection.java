package app.queued.server.transport;

import app.queued.server.web.HttpHead;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Role;
import org.java_websocket.framing.CloseFrame;

/**
 * A connection to the vote server's port before it is a WebSocket: it reads the request head itself and asks its
 * {@link Door} what to do. A WebSocket upgrade the door lets in goes on to Java-WebSocket's handshake with the
 * bytes read so far; anything else (a browser asking for the web guest's page, a refused Origin, garbage) gets
 * the door's HTTP answer and is closed once that is written.
 */
final class FrontConnection extends WebSocketImpl {
    /** Decides for each request head; also told when a connection ends, so it can count what is half open. */
    interface Door {
        /** null lets the WebSocket handshake go on; otherwise the whole HTTP response to send before closing. */
        byte[] answer(HttpHead head);

        /** A head that is not HTTP/1.x or too long: the HTTP response to send before closing. */
        byte[] refuse(int status, String reason, String sentence);

        void answered(FrontConnection connection);

        void closed(FrontConnection connection);
    }

    private enum Phase { READING_HEAD, WEBSOCKET, ANSWERED }

    /**
     * Java-WebSocket closes a connection once its queue is written only if the connection has a server-role draft;
     * one answered over HTTP never chose a draft, so it shows this one (the library's 404s stayed open for good).
     */
    private static final Draft ANSWERED_DRAFT = serverDraft();

    private final Door door;
    private byte[] head = new byte[1024];
    private int headLength;
    private volatile Phase phase = Phase.READING_HEAD;
    // Since when this connection has been known alive: its opening, then its latest pong (LivenessPings).
    private volatile long lastPongNanos = System.nanoTime();

    FrontConnection(WebSocketAdapter listener, List<Draft> drafts, Door door) {
        super(listener, drafts);
        this.door = door;
    }

    private static Draft serverDraft() {
        Draft draft = new Draft_6455();
        draft.setParseMode(Role.SERVER);
        return draft;
    }

    /** Called by the library's worker thread with each read, in order. */
    @Override
    public void decode(ByteBuffer bytes) {
        switch (phase) {
            case WEBSOCKET -> super.decode(bytes);
            case ANSWERED -> bytes.position(bytes.limit()); // the answer is on its way; the rest is not read
            case READING_HEAD -> readHead(bytes);
        }
    }

    private void readHead(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (headLength + n > head.length) {
            head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + n));
        }
        bytes.get(head, headLength, n);
        headLength += n;
        int end = HttpHead.end(head, Math.min(headLength, HttpHead.MAX_BYTES));
        if (end < 0) {
            if (headLength >= HttpHead.MAX_BYTES) {
                answerAndClose(door.refuse(431, "Request Header Fields Too Large", "The request is too long."));
            }
            return;
        }
        HttpHead request = HttpHead.parse(head, end);
        if (request == null) {
            answerAndClose(door.refuse(400, "Bad Request", "This port speaks HTTP and WebSocket."));
            return;
        }
        byte[] answer = door.answer(request);
        if (answer != null) {
            answerAndClose(answer);
            return;
        }
        phase = Phase.WEBSOCKET;
        ByteBuffer whole = ByteBuffer.wrap(head, 0, headLength);
        head = null;
        super.decode(whole);
    }

    private void answerAndClose(byte[] response) {
        phase = Phase.ANSWERED;
        head = null;
        LibraryQueue.addRaw(this, ByteBuffer.wrap(response));
        door.answered(this);
        flushAndClose(CloseFrame.NEVER_CONNECTED, "answered over HTTP", false); // asks the selector to write it
    }

    long lastPongNanos() {
        return lastPongNanos;
    }

    void ponged(long nowNanos) {
        lastPongNanos = nowNanos;
    }

    @Override
    public Draft getDraft() {
        Draft draft = super.getDraft();
        return draft == null && phase == Phase.ANSWERED ? ANSWERED_DRAFT : draft;
    }

    @Override
    public synchronized void closeConnection(int code, String message, boolean remote) {
        super.closeConnection(code, message, remote);
        door.closed(this);
    }
}
