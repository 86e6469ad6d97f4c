package app.queued.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocketImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A screen that stops reading (a laptop lid closed) makes the socket fill up: what our threads then send waits in
 * the connection's {@link DirectWriteChannel} and the selector writes it once the screen reads again — all of it,
 * in order. One that falls too far behind is closed (1013, it resumes on reconnect) after what it was sent.
 */
class SlowReaderTest {
    private static final String PAD = "x".repeat(1000);

    private WsTransport transport;
    private Socket screen;
    private InputStream in;
    private WebSocketImpl connection;
    private Session session;
    private DirectWriteChannel channel;

    @BeforeEach
    void connectAScreenThatDoesNotRead() throws Exception {
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
        session = connection.getAttachment();
        channel = (DirectWriteChannel) connection.getChannel();
    }

    @AfterEach
    void close() throws Exception {
        screen.close();
        transport.shutdown();
    }

    private static String frame(int n) {
        return "{\"n\":" + n + ",\"pad\":\"" + PAD + "\"}";
    }

    /** The bytes of these frames on the wire: a 4-byte header (payload of 126 to 65,535 bytes) and the text. */
    private static long wireBytes(int from, int to) {
        long bytes = 0;
        for (int n = from; n < to; n++) {
            bytes += 4 + frame(n).length();
        }
        return bytes;
    }

    /** Reads until {@code bytes} arrived or the server closed the connection; at most 20 s. */
    private List<BadInputTest.Frame> read(long bytes) throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int n;
        while (seen.size() < bytes && System.nanoTime() < deadline && (n = in.read(buffer)) != -1) {
            seen.write(buffer, 0, n);
        }
        return BadInputTest.frames(seen);
    }

    @Test
    void whatWaitedForAFullSocketArrivesWholeAndInOrderOnceTheScreenReads() throws Exception {
        // Send until the socket is full and 200 frames' worth waits behind it. The kernel may still take more as
        // its buffers grow (on a busy machine the selector drains between our sends), so the condition, not a count,
        // ends the loop; 6,000 frames (6 MB) stay below the 8 MiB a screen may fall behind.
        int sent = 0;
        while ((!channel.isNeedWrite() || channel.waitingBytes() <= 200 * PAD.length()) && sent < 6_000) {
            session.send(frame(sent++));
        }
        assertThat(channel.isNeedWrite()).as("the socket filled up").isTrue();
        assertThat(channel.waitingBytes()).isGreaterThan(200 * PAD.length());
        assertThat(transport.strandedWrites().watching()).isEqualTo(1);

        List<BadInputTest.Frame> frames = read(wireBytes(0, sent));

        assertThat(frames).hasSize(sent);
        for (int i = 0; i < sent; i++) {
            assertThat(frames.get(i).opcode()).isEqualTo(1);
            assertThat(new String(frames.get(i).payload(), StandardCharsets.UTF_8)).isEqualTo(frame(i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !channel.isNeedWrite()
                && transport.strandedWrites().watching() == 0);
        // as good as new: the next frame goes straight out
        session.send(frame(sent));
        assertThat(channel.isNeedWrite()).isFalse();
        assertThat(new String(read(wireBytes(sent, sent + 1)).get(0).payload(), StandardCharsets.UTF_8))
                .isEqualTo(frame(sent));
    }

    @Test
    void aScreenTooFarBehindGetsWhatItWasSentThenCloseAndNothingMore() throws Exception {
        int accepted = 0;
        while (connection.isOpen() && accepted < 20_000) {
            session.send(frame(accepted++)); // the one that passes the limit is still sent
        }
        assertThat(connection.isOpen()).as("dropped for being too far behind").isFalse();
        assertThat(accepted).isGreaterThan(8 * 1024); // 8 MiB of 1 KB frames
        session.send(frame(accepted)); // after the close: not sent

        List<BadInputTest.Frame> frames = read(Long.MAX_VALUE); // until the server closes

        assertThat(frames).hasSize(accepted + 1);
        for (int i = 0; i < accepted; i++) {
            assertThat(new String(frames.get(i).payload(), StandardCharsets.UTF_8)).isEqualTo(frame(i));
        }
        BadInputTest.Frame close = frames.get(accepted);
        assertThat(close.opcode()).isEqualTo(8);
        assertThat(((close.payload()[0] & 0xFF) << 8) | (close.payload()[1] & 0xFF)).isEqualTo(1013);
    }
}
