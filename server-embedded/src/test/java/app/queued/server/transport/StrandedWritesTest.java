package app.queued.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.Test;

/**
 * The state Java-WebSocket's lost wake-up leaves behind — a frame in a connection's queue while the selector only
 * waits to read — is made on purpose here; the frame must still reach the client.
 */
class StrandedWritesTest {

    @Test
    void aFrameLeftInTheQueueWithoutWriteInterestIsStillDelivered() throws Exception {
        WsTransport transport = new WsTransport(new InetSocketAddress("127.0.0.1", 0), "test",
                WsTransport.Limits.defaults());
        transport.startAndWait(10_000);
        List<String> received = new CopyOnWriteArrayList<>();
        WebSocketClient client = client(transport, received);
        try {
            assertThat(client.connectBlocking(5, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> transport.getConnections().size() == 1);
            WebSocketImpl server = (WebSocketImpl) transport.getConnections().iterator().next();
            await().atMost(Duration.ofSeconds(5)).until(server.outQueue::isEmpty); // the handshake went out

            // queue a frame the way send() does, but without the write demand: exactly what the race leaves
            for (Framedata frame : server.getDraft().createFrames("stranded", false)) {
                server.outQueue.put(server.getDraft().createBinaryFrame(frame));
            }
            transport.strandedWrites().queued(server);

            await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("stranded"));
            assertThat(transport.strandedWrites().rescued()).isPositive();
            assertThat(server.outQueue).isEmpty();
        } finally {
            client.closeBlocking();
            transport.shutdown();
        }
    }

    @Test
    void aConnectionIsWatchedOnlyUntilItsQueueIsEmpty() throws Exception {
        WsTransport transport = new WsTransport(new InetSocketAddress("127.0.0.1", 0), "test",
                WsTransport.Limits.defaults());
        transport.startAndWait(10_000);
        WebSocketClient client = client(transport, new CopyOnWriteArrayList<>());
        try {
            assertThat(client.connectBlocking(5, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> transport.getConnections().size() == 1);
            WebSocket server = transport.getConnections().iterator().next();
            for (int i = 0; i < 100; i++) {
                server.send("frame " + i);
                transport.strandedWrites().queued(server);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> transport.strandedWrites().watching() == 0);
        } finally {
            client.closeBlocking();
            transport.shutdown();
        }
    }

    private static WebSocketClient client(WsTransport transport, List<String> received) {
        return new WebSocketClient(URI.create("ws://127.0.0.1:" + transport.getPort())) {
            @Override
            public void onOpen(ServerHandshake handshake) {
            }

            @Override
            public void onMessage(String message) {
                received.add(message);
            }

            @Override
            public void onClose(int code, String reason, boolean remote) {
            }

            @Override
            public void onError(Exception ex) {
            }
        };
    }
}
