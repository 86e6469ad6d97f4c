package app.queued.server.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;

/**
 * Java-WebSocket's factory for our connections: each starts as a {@link FrontConnection} (HTTP or WebSocket,
 * decided by its request head) over a {@link DirectWriteChannel}, and is counted as half open until its handshake
 * is done; an address holding too many half-open connections has its next one closed at once.
 */
final class ConnectionFactory implements WebSocketServerFactory {
    private final FrontConnection.Door door;
    private final HalfOpenConnections halfOpen;

    ConnectionFactory(FrontConnection.Door door, HalfOpenConnections halfOpen) {
        this.door = door;
        this.halfOpen = halfOpen;
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
        return new FrontConnection(adapter, List.of(draft), door);
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
        return new FrontConnection(adapter, drafts, door);
    }

    /** Called for each accepted connection; an IOException makes the library close it. */
    @Override
    public DirectWriteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
        FrontConnection connection = (FrontConnection) key.attachment();
        InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
        if (remote == null || !halfOpen.admit(connection, remote.getAddress(), System.nanoTime())) {
            throw new IOException("too many unfinished connections from " + remote);
        }
        return new DirectWriteChannel(channel, channel, () -> LibraryQueue.isEmpty(connection));
    }

    @Override
    public void close() {
    }
}
