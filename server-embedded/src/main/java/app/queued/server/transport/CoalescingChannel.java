package app.queued.server.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.IntSupplier;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;

/**
 * A connection's channel that sends the frames queued for it in one system call instead of one each. Java-WebSocket
 * writes its queue buffer by buffer; when more frames wait behind the one being written (a vote's ack and the
 * commit's events, or a backlog), this holds the bytes back and writes them all with the last, in one gathering
 * write. On loopback a write also delivers into the reader's socket and wakes it, so fewer writes save both ends.
 *
 * <p>Order and completeness rest on how the library drives it: it hands over the head of the queue, removes it
 * once it was fully taken, and stops (keeping write interest) when it was not. Bytes are held only while another
 * frame is queued, so the library's loop always reaches a write that flushes them; bytes of the held part a full
 * socket did not take stay held, in front of the frame that is then reported as not taken.
 */
final class CoalescingChannel implements ByteChannel {
    /** Never hold more than this: a backlog goes out in writes of about this size. */
    static final int MAX_HELD_BYTES = 64 * 1024;

    private final SocketChannel socket;
    private final GatheringByteChannel out;
    private final IntSupplier queuedFrames;
    private ByteBuffer held; // in read mode; null when nothing is held

    CoalescingChannel(SocketChannel socket, GatheringByteChannel out, IntSupplier queuedFrames) {
        this.socket = socket;
        this.out = out;
        this.queuedFrames = queuedFrames;
    }

    /** Java-WebSocket's factory, handing each new connection this channel. */
    static WebSocketServerFactory factory() {
        return new WebSocketServerFactory() {
            @Override
            public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
                return new WebSocketImpl(adapter, draft);
            }

            @Override
            public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
                return new WebSocketImpl(adapter, drafts);
            }

            @Override
            public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) {
                WebSocketImpl connection = (WebSocketImpl) key.attachment();
                return new CoalescingChannel(channel, channel, () -> connection.outQueue.size());
            }

            @Override
            public void close() {
            }
        };
    }

    /** Called with the head of the connection's queue. */
    @Override
    public int write(ByteBuffer frame) throws IOException {
        int size = frame.remaining();
        int heldBytes = held == null ? 0 : held.remaining();
        if (queuedFrames.getAsInt() > 1 && heldBytes + size <= MAX_HELD_BYTES) {
            held = append(held, frame); // more frames follow: one write for all of them
            return size;
        }
        if (held == null) {
            return out.write(frame);
        }
        out.write(new ByteBuffer[] {held, frame});
        if (!held.hasRemaining()) {
            held = null;
        }
        return size - frame.remaining();
    }

    private static ByteBuffer append(ByteBuffer held, ByteBuffer frame) {
        ByteBuffer joined = ByteBuffer.allocate((held == null ? 0 : held.remaining()) + frame.remaining());
        if (held != null) {
            joined.put(held);
        }
        return joined.put(frame).flip();
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        return socket.read(into);
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
