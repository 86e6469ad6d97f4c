package app.queued.server.transport;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.server.WebSocketServer;

/**
 * Works around a lost wake-up in Java-WebSocket 1.6.0's server: its selector thread, having written a
 * connection's queue empty, sets the key's interest back to OP_READ — and a frame that another thread queued in
 * between (whose write demand had just set OP_WRITE) is then left in the queue until the next frame to that
 * connection, which may never come: a reply that never arrives. Bytes our {@link DirectWriteChannel} could not
 * write at once wait on the same write interest. Every connection with frames in the library's queue or bytes
 * waiting in its channel is watched until both are empty; one found holding some with no write interest gets its
 * write demand again.
 */
final class StrandedWrites {
    // A sweep every 0.5 ms, or less often while many connections are watched (a big room's fan-out): 5 µs of
    // pause per watched connection keeps the sweeps' cost near 1% of a core, and a stranded frame still waits
    // only a few ms.
    private static final long SWEEP_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final long PAUSE_PER_WATCHED_NANOS = TimeUnit.MICROSECONDS.toNanos(5);

    private final WebSocketServer server;
    private final Set<WebSocketImpl> watched = ConcurrentHashMap.newKeySet();
    private final AtomicLong rescued = new AtomicLong();
    private final Thread sweeper;
    private volatile boolean stopped;
    private volatile boolean idle; // parked until something is watched: only then does queued() wake it

    StrandedWrites(WebSocketServer server) {
        this.server = server;
        this.sweeper = new Thread(this::sweep, "queued-stranded-writes");
        sweeper.setDaemon(true);
    }

    void start() {
        sweeper.start();
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(sweeper);
    }

    /** Call after queuing a frame on the socket (the frame is in its queue before this is called). */
    void queued(WebSocket socket) {
        if (socket instanceof WebSocketImpl impl && watched.add(impl) && idle) {
            LockSupport.unpark(sweeper); // not once per connection of a broadcast: each wake-up is a system call
        }
    }

    /**
     * Asks the selector to write what a connection's {@link DirectWriteChannel} could not, and watches it: the same
     * lost wake-up can strand those bytes.
     */
    void demand(WebSocketImpl socket) {
        server.onWriteDemand(socket);
        queued(socket);
    }

    /** How many connections are being watched now. */
    int watching() {
        return watched.size();
    }

    /** How many stranded queues were woken so far. */
    long rescued() {
        return rescued.get();
    }

    private void sweep() {
        while (!stopped) {
            if (watched.isEmpty()) {
                idle = true;
                if (watched.isEmpty() && !stopped) { // re-checked: an add between the first check and idle = true
                    LockSupport.park(this);
                }
                idle = false;
            } else {
                LockSupport.parkNanos(this, Math.max(SWEEP_NANOS, watched.size() * PAUSE_PER_WATCHED_NANOS));
            }
            for (WebSocketImpl socket : watched) {
                check(socket);
            }
        }
    }

    private void check(WebSocketImpl socket) {
        // a closing connection is watched too: its Close frame must go out
        if (!hasUnsent(socket) || socket.isClosed()) {
            watched.remove(socket);
            // bytes queued after the check whose queued() found the socket still watched
            if (hasUnsent(socket) && !socket.isClosed()) {
                watched.add(socket);
            }
            return;
        }
        SelectionKey key = socket.getSelectionKey();
        try {
            if (key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) == 0) {
                rescued.incrementAndGet();
                server.onWriteDemand(socket);
            }
        } catch (CancelledKeyException e) {
            watched.remove(socket); // closed meanwhile
        }
    }

    private static boolean hasUnsent(WebSocketImpl socket) {
        return !LibraryQueue.isEmpty(socket)
                || socket.getChannel() instanceof DirectWriteChannel channel && channel.isNeedWrite();
    }
}
