package app.queued.server.transport;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.FramedataImpl1;
import org.java_websocket.util.Charsetfunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 6455 as {@link Draft_6455}, but assembling fragmented messages itself. Java-WebSocket 1.6.0 measures a
 * fragmented message only at its first and its last fragment, so a client could pile up continuation fragments
 * without end before the size check; here the running total is checked at every fragment. And a client's broken
 * frames — invalid UTF-8, fragments out of order — close the connection with one quiet log line rather than the
 * library's ERROR with a stack trace: they say nothing about the server.
 *
 * <p>Control frames (close, ping, pong) are the library's. One instance per connection ({@link #copyInstance}),
 * used only on that connection's I/O thread.
 */
final class BoundedMessagesDraft extends Draft_6455 {
    private static final Logger log = LoggerFactory.getLogger(BoundedMessagesDraft.class);

    private final int maxMessageBytes;
    // The fragmented message being assembled: its type (TEXT or BINARY), its fragments so far and their size.
    private Opcode fragmented;
    private final List<ByteBuffer> fragments = new ArrayList<>();
    private long fragmentsBytes;

    /** @param maxMessageBytes the largest message, whole or fragmented; a bigger one closes the connection (1009) */
    BoundedMessagesDraft(int maxMessageBytes) {
        super(List.of(), maxMessageBytes); // the library still refuses any single frame above it (also 1009)
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public Draft copyInstance() {
        return new BoundedMessagesDraft(maxMessageBytes);
    }

    @Override
    public void reset() {
        super.reset();
        forgetFragments();
    }

    /**
     * The library refuses unreadable frames (a text frame that is not UTF-8, a bad opcode, a frame over the limit)
     * here, by throwing — and then logs an ERROR with a stack trace. Hand {@link #processFrame}, which has the
     * connection, a stand-in that closes it quietly instead. Frames read before the bad one in the same read are
     * dropped, as the library drops them.
     */
    @Override
    public List<Framedata> translateFrame(ByteBuffer buffer) throws InvalidDataException {
        try {
            return super.translateFrame(buffer);
        } catch (InvalidDataException e) {
            return List.of(new Unreadable(e));
        }
    }

    @Override
    public void processFrame(WebSocketImpl socket, Framedata frame) throws InvalidDataException {
        if (frame instanceof Unreadable unreadable) {
            forgetFragments();
            refuse(socket, unreadable.closeCode, unreadable.what);
            return;
        }
        Opcode opcode = frame.getOpcode();
        if (opcode == Opcode.CLOSING || opcode == Opcode.PING || opcode == Opcode.PONG) {
            super.processFrame(socket, frame);
            return;
        }
        if (socket.getReadyState() != ReadyState.OPEN) {
            return; // closing: the rest of what was read is dropped, as the library drops later reads
        }
        if (opcode == Opcode.CONTINUOUS) {
            if (fragmented == null) {
                refuse(socket, CloseFrame.PROTOCOL_ERROR, "a continuation frame without a message to continue");
                return;
            }
            if (addFragment(socket, frame.getPayloadData()) && frame.isFin()) {
                Opcode type = fragmented;
                ByteBuffer message = joinFragments();
                forgetFragments();
                deliver(socket, type, message);
            }
        } else if (fragmented != null) {
            refuse(socket, CloseFrame.PROTOCOL_ERROR, "a new message before the fragmented one was finished");
        } else if (!frame.isFin()) {
            fragmented = opcode;
            addFragment(socket, frame.getPayloadData());
        } else {
            deliver(socket, opcode, frame.getPayloadData());
        }
    }

    /** Adds a fragment; false (and the connection closing) once the message passes the limit. */
    private boolean addFragment(WebSocketImpl socket, ByteBuffer payload) {
        fragmentsBytes += payload.remaining();
        if (fragmentsBytes > maxMessageBytes) {
            forgetFragments();
            refuse(socket, CloseFrame.TOOBIG, "a fragmented message over " + maxMessageBytes + " bytes");
            return false;
        }
        fragments.add(payload);
        return true;
    }

    private ByteBuffer joinFragments() {
        ByteBuffer message = ByteBuffer.allocate((int) fragmentsBytes);
        fragments.forEach(message::put);
        return message.flip();
    }

    private void forgetFragments() {
        fragmented = null;
        fragments.clear();
        fragmentsBytes = 0;
    }

    private void deliver(WebSocketImpl socket, Opcode opcode, ByteBuffer payload) {
        try {
            if (opcode == Opcode.TEXT) {
                String text;
                try {
                    text = Charsetfunctions.stringUtf8(payload);
                } catch (InvalidDataException e) {
                    refuse(socket, CloseFrame.NO_UTF8, "a text message that is not valid UTF-8");
                    return;
                }
                socket.getWebSocketListener().onWebsocketMessage(socket, text);
            } else {
                socket.getWebSocketListener().onWebsocketMessage(socket, payload);
            }
        } catch (RuntimeException e) {
            socket.getWebSocketListener().onWebsocketError(socket, e); // as the library does: the handler failed
        }
    }

    /** What {@link #translateFrame} could not read, and the close code the library chose for it. */
    private static final class Unreadable extends FramedataImpl1 {
        final int closeCode;
        final String what;

        Unreadable(InvalidDataException e) {
            super(Opcode.CLOSING);
            this.closeCode = e.getCloseCode();
            this.what = e.getCloseCode() == CloseFrame.NO_UTF8 ? "a text message that is not valid UTF-8"
                    : "an unreadable frame (" + e.getMessage() + ")";
        }

        @Override
        public void isValid() {
        }
    }

    private static void refuse(WebSocketImpl socket, int code, String what) {
        log.debug("connection {} sent {}; closing it ({})", socket.getRemoteSocketAddress(), what, code);
        // a Close frame's reason must fit in 123 bytes
        socket.close(code, what.length() > 100 ? what.substring(0, 100) : what);
    }
}
