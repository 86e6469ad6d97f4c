package app.queued.server.transport;

import java.nio.ByteBuffer;
import org.java_websocket.WebSocketImpl;

/**
 * The one place that reaches past Java-WebSocket's documented API: a connection's send queue, the public but
 * undocumented field {@code WebSocketImpl.outQueue} of Java-WebSocket 1.6.0 (the library's own frames — handshake,
 * pongs, Close, anything {@code send} was given — wait there, as encoded bytes, until its selector thread writes
 * them). The library offers nothing else for what the transport needs:
 * <ul>
 *   <li><b>bounded queues</b>: {@code send} queues without limit; how many frames wait is the only way to tell a
 *       client that stopped reading ({@link Session}'s "too far behind" cut);</li>
 *   <li><b>frames never interleave</b>: a frame our threads write themselves ({@link DirectWriteChannel}) must wait
 *       while the library has one queued, which may be half written;</li>
 *   <li><b>the lost wake-up</b> ({@link StrandedWrites}): a frame left in the queue without write interest is only
 *       visible there;</li>
 *   <li><b>plain HTTP answers</b> ({@link FrontConnection}): raw bytes, not a WebSocket frame, written by the
 *       selector before the connection closes — the queue takes any bytes.</li>
 * </ul>
 * {@code LibraryQueueTest} pins the library version and checks each of these assumptions against the real library,
 * so an update that changes them fails there, not at a party.
 */
final class LibraryQueue {
    private LibraryQueue() {
    }

    /** Frames (or raw answers) the library has queued for this connection and not yet written to its channel. */
    static int size(WebSocketImpl connection) {
        return connection.outQueue.size();
    }

    /** Whether the library has written everything it was given for this connection to its channel. */
    static boolean isEmpty(WebSocketImpl connection) {
        return connection.outQueue.isEmpty();
    }

    /**
     * Queues bytes to be written as they are, after whatever is queued already. The caller then asks the selector
     * to write them ({@code WebSocketServer.onWriteDemand}, or {@code flushAndClose}, which does).
     */
    static void addRaw(WebSocketImpl connection, ByteBuffer bytes) {
        connection.outQueue.add(bytes);
    }
}
