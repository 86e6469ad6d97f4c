package app.queued.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dead connections are found by pings, and the pings of a round are spread over it: Java-WebSocket's own checker
 * pinged every connection in the same instant, a burst that held up every room's votes by 100-350 ms each round
 * with 10,000 connections (bench {@code hosted}). Real sockets speaking the WebSocket framing by hand: some answer
 * pings, some never do.
 */
class LivenessPingsTest {
    private static final Duration ROUND = Duration.ofSeconds(1);
    private static final int ANSWERING = 20;
    private static final int SILENT = 10;

    private WsTransport transport;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        transport.shutdown();
        for (Socket socket : sockets) {
            socket.close();
        }
        for (Thread reader : readers) {
            reader.join(5_000);
        }
    }

    @Test
    void pingsAreSpreadOverTheRoundAndOnlyConnectionsThatNeverAnswerAreClosed() throws Exception {
        transport = new WsTransport(new InetSocketAddress("127.0.0.1", 0), "test", WsTransport.Limits.defaults());
        transport.pingRound(ROUND);
        transport.startAndWait(10_000);
        long start = System.nanoTime();

        List<Pinged> answering = new ArrayList<>();
        for (int i = 0; i < ANSWERING; i++) {
            answering.add(answerPings(open()));
        }
        for (int i = 0; i < SILENT; i++) {
            open(); // reads nothing, answers nothing
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> transport.getConnections().size() == ANSWERING + SILENT);

        // The silent ones are closed 1.5 to 2.5 rounds after they opened; the answering ones stay, round after round.
        await().atMost(Duration.ofSeconds(10)).until(() -> transport.getConnections().size() == ANSWERING);
        long deadline = start + ROUND.multipliedBy(4).toNanos();
        await().atMost(Duration.ofSeconds(20)).until(() -> System.nanoTime() > deadline
                && answering.stream().allMatch(p -> p.times.size() >= 3));
        assertThat(transport.getConnections()).hasSize(ANSWERING);
        assertThat(answering).noneMatch(p -> p.closed.get());

        // Each got one ping a round, at its own moment: the first pings span most of a round, not an instant.
        List<Long> firsts = answering.stream().map(p -> p.times.peek()).sorted().toList();
        long spanMs = (firsts.get(firsts.size() - 1) - firsts.get(0)) / 1_000_000;
        assertThat(spanMs).as("first pings of %d connections span (ms)", ANSWERING)
                .isGreaterThan(ROUND.toMillis() / 4);
    }

    private Socket open() throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", transport.getPort()), 5_000);
        socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(BadInputTest.readHttpHead(socket.getInputStream())).startsWith("HTTP/1.1 101");
        return socket;
    }

    private record Pinged(ConcurrentLinkedQueue<Long> times, AtomicBoolean closed) {
    }

    /** Reads the server's frames; answers each ping with a (masked) pong carrying its payload, and notes when. */
    private Pinged answerPings(Socket socket) {
        Pinged pinged = new Pinged(new ConcurrentLinkedQueue<>(), new AtomicBoolean());
        Thread reader = new Thread(() -> {
            try {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                while (true) {
                    int opcode = in.readUnsignedByte() & 0x0F;
                    long length = in.readUnsignedByte() & 0x7F;
                    if (length == 126) {
                        length = in.readUnsignedShort();
                    } else if (length == 127) {
                        length = in.readLong();
                    }
                    byte[] payload = in.readNBytes((int) length);
                    if (opcode == 0x9) {
                        pinged.times.add(System.nanoTime());
                        byte[] pong = new byte[6 + payload.length]; // FIN + pong, masked (mask 0: payload as is)
                        pong[0] = (byte) 0x8A;
                        pong[1] = (byte) (0x80 | payload.length);
                        System.arraycopy(payload, 0, pong, 6, payload.length);
                        out.write(pong);
                    } else if (opcode == 0x8) {
                        pinged.closed.set(true);
                        return;
                    }
                }
            } catch (IOException e) {
                pinged.closed.set(!socket.isClosed()); // closed by the server, not by this test's end
            }
        }, "answers-pings");
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
        return pinged;
    }
}
