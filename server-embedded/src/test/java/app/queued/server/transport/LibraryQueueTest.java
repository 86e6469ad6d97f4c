package app.queued.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import org.java_websocket.WebSocketImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link LibraryQueue} assumes of Java-WebSocket's send queue, checked against the real library: an update
 * that changes any of it fails here. When the version check fails, re-read the library's {@code WebSocketImpl}
 * and {@code WebSocketServer} against the list in {@link LibraryQueue}'s comment before moving the pin.
 */
class LibraryQueueTest {
    private static final String PINNED = "1.6.0";
    private static final String PAD = "x".repeat(1000);

    private WsTransport transport;
    private Socket screen;
    private InputStream in;
    private WebSocketImpl connection;

    @BeforeEach
    void connectAScreenThatDoesNotReadYet() throws Exception {
        transport = new WsTransport(new InetSocketAddress("127.0.0.1", 0), "test", WsTransport.Limits.defaults());
        transport.startAndWait(10_000);
        screen = new Socket();
        screen.setReceiveBufferSize(4096); // before connecting, so the window stays small
        screen.connect(new InetSocketAddress("127.0.0.1", transport.getPort()), 5_000);
        screen.setSoTimeout(20_000);
        screen.getOutputStream().write(("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        in = screen.getInputStream();
        assertThat(BadInputTest.readHttpHead(in)).startsWith("HTTP/1.1 101");
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.getConnections().size() == 1
                && transport.getConnections().iterator().next().getAttachment() != null);
        connection = (WebSocketImpl) transport.getConnections().iterator().next();
        await().atMost(Duration.ofSeconds(5)).until(() -> LibraryQueue.isEmpty(connection)); // the handshake went out
    }

    @AfterEach
    void close() throws Exception {
        screen.close();
        transport.shutdown();
    }

    @Test
    void theLibraryIsTheVersionWhoseQueueWasChecked() throws IOException {
        Properties pom = new Properties();
        try (InputStream props = WebSocketImpl.class.getResourceAsStream(
                "/META-INF/maven/org.java-websocket/Java-WebSocket/pom.properties")) {
            assertThat(props).as("Java-WebSocket's pom.properties on the class path").isNotNull();
            pom.load(props);
        }
        assertThat(pom.getProperty("version"))
                .as("Java-WebSocket changed: re-check LibraryQueue's assumptions, then move the pin in this test")
                .isEqualTo(PINNED);
    }

    @Test
    void theQueueIsAPublicFinalQueueOfByteBuffersOnEachConnection() throws Exception {
        Field field = WebSocketImpl.class.getField("outQueue");
        assertThat(Modifier.isFinal(field.getModifiers())).isTrue();
        assertThat(BlockingQueue.class).isAssignableFrom(field.getType());
        assertThat(field.getGenericType().getTypeName()).contains(ByteBuffer.class.getName());
    }

    @Test
    void whatTheLibrarySendsWaitsInTheQueueWithoutBoundUntilTheClientReadsThenGoesOutInOrder() throws Exception {
        // a client that does not read: once the socket buffers are full, the frames pile up in the library's queue
        // (Session cuts a connection on its size)
        int sent = 0;
        while (LibraryQueue.size(connection) <= 100 && sent < 20_000) {
            connection.send(frame(sent++));
        }
        assertThat(LibraryQueue.size(connection)).isGreaterThan(100);

        List<BadInputTest.Frame> frames = read(wireBytes(sent));

        assertThat(frames).hasSize(sent);
        for (int i = 0; i < sent; i++) {
            assertThat(new String(frames.get(i).payload(), StandardCharsets.UTF_8)).isEqualTo(frame(i));
        }
        // written to the channel: the queue is empty again (DirectWriteChannel's frames may go now)
        await().atMost(Duration.ofSeconds(5)).until(() -> LibraryQueue.isEmpty(connection));
    }

    @Test
    void rawBytesAddedToTheQueueAreWrittenAsTheyAreOnWriteDemand() throws Exception {
        byte[] raw = "HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        LibraryQueue.addRaw(connection, ByteBuffer.wrap(raw));
        transport.onWriteDemand(connection);

        byte[] seen = in.readNBytes(raw.length);

        assertThat(seen).isEqualTo(raw);
        await().atMost(Duration.ofSeconds(5)).until(() -> LibraryQueue.isEmpty(connection));
    }

    private static String frame(int n) {
        return "{\"n\":" + n + ",\"pad\":\"" + PAD + "\"}";
    }

    /** A server text frame of 126 to 65,535 bytes: a 4-byte header and the text. */
    private static long wireBytes(int count) {
        long bytes = 0;
        for (int n = 0; n < count; n++) {
            bytes += 4 + frame(n).length();
        }
        return bytes;
    }

    private List<BadInputTest.Frame> read(long bytes) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        int n;
        while (seen.size() < bytes && (n = in.read(buffer)) != -1) {
            seen.write(buffer, 0, n);
        }
        return BadInputTest.frames(seen);
    }
}
