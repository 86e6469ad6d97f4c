package app.queued.server.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.java_websocket.WrappedByteChannel;

/**
 * A connection's channel that the thread producing a frame writes to itself. Java-WebSocket queues every frame for
 * its one selector thread, which must then be woken and, per frame and connection, turn write interest on, write,
 * and turn it off again; on two cores those hand-overs were most of an idle vote's time, and a big room's thousand
 * writes held up the selector's reads (the next votes) while it wrote them. Here a room's worker writes its acks
 * and broadcasts straight to the socket; what the socket does not take waits here, in order, until the selector
 * finds room for it (the library asks {@link #isNeedWrite}/{@link #writeMore} once its own queue is empty).
 *
 * <p>Frames never interleave: the library's own frames (handshake, pongs, Close) pass {@link #write}, which first
 * empties what waits here and takes nothing while anything still does; and our frames wait here while the
 * library's queue holds anything, so a frame the library began is finished first.
 */
final class DirectWriteChannel implements WrappedByteChannel {
    /** At most this many frames per system call when a backlog goes out. */
    static final int MAX_GATHER = 64;

    private final SocketChannel socket;
    private final GatheringByteChannel out;
    private final BooleanSupplier libraryQueueEmpty;
    // Guarded by this: frames (or their unsent rest) waiting for room in the socket, oldest first.
    private final ArrayDeque<ByteBuffer> waiting = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
    private long waitingBytes;

    DirectWriteChannel(SocketChannel socket, GatheringByteChannel out, BooleanSupplier libraryQueueEmpty) {
        this.socket = socket;
        this.out = out;
        this.libraryQueueEmpty = libraryQueueEmpty;
    }

    /**
     * Sends an encoded frame from the calling thread: written now unless something is ahead of it. The buffer is
     * kept (not copied) if it has to wait. True when bytes are left for the selector to write (the caller asks it
     * to, see {@link StrandedWrites#demand}).
     */
    synchronized boolean send(ByteBuffer frame) throws IOException {
        waiting.add(frame);
        waitingBytes += frame.remaining();
        if (libraryQueueEmpty.getAsBoolean()) {
            writeWaiting();
        }
        return !waiting.isEmpty();
    }

    /** Bytes accepted by {@link #send} that the socket has not taken yet. */
    synchronized long waitingBytes() {
        return waitingBytes;
    }

    /** The library's path, called with the head of its queue: our waiting bytes go first. */
    @Override
    public synchronized int write(ByteBuffer frame) throws IOException {
        if (!waiting.isEmpty()) {
            writeWaiting();
            if (!waiting.isEmpty()) {
                return 0; // the library keeps its frame and write interest, and asks again
            }
        }
        return out.write(frame);
    }

    @Override
    public synchronized boolean isNeedWrite() {
        return !waiting.isEmpty();
    }

    @Override
    public synchronized void writeMore() throws IOException {
        writeWaiting();
    }

    /** Writes waiting frames, up to {@link #MAX_GATHER} per call, until the socket is full or nothing waits. */
    private void writeWaiting() throws IOException {
        try {
            while (!waiting.isEmpty()) {
                int n = 0;
                long offered = 0;
                for (ByteBuffer frame : waiting) {
                    gather[n++] = frame;
                    offered += frame.remaining();
                    if (n == MAX_GATHER) {
                        break;
                    }
                }
                long written = out.write(gather, 0, n);
                waitingBytes -= written;
                while (!waiting.isEmpty() && !waiting.peek().hasRemaining()) {
                    waiting.poll();
                }
                if (written < offered) {
                    return; // the socket is full
                }
            }
        } finally {
            Arrays.fill(gather, null);
        }
    }

    @Override
    public boolean isNeedRead() {
        return false;
    }

    @Override
    public int readMore(ByteBuffer into) {
        return 0;
    }

    @Override
    public boolean isBlocking() {
        return socket.isBlocking();
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
