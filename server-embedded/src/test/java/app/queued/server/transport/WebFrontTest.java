package app.queued.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.server.web.OriginPolicy;
import app.queued.server.web.WebFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vote server's port as a browser and an attacker see it: the web guest's files over plain HTTP with their
 * security headers, nothing else reachable by any spelling of a path, WebSockets refused to other sites' pages,
 * and connections that never finish a handshake closed.
 */
class WebFrontTest {
    private static WsTransport transport;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        transport = new WsTransport(new InetSocketAddress("0.0.0.0", 0), "test", WsTransport.Limits.defaults(),
                WebFiles.packaged(), new OriginPolicy(List.of("https://party.example.com"), Set.of("partybox")));
        transport.startAndWait(10_000);
        port = transport.getPort();
    }

    @AfterAll
    static void stop() {
        transport.shutdown();
    }

    record Response(String head, byte[] body, boolean closedAfter) {
        String status() {
            return head.substring(0, head.indexOf("\r\n"));
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends raw bytes, reads until the server closes (at most 10 s). */
    static Response exchange(String request) throws IOException {
        return exchange(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Response exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            boolean closed = false;
            try {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    all.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                // left open: reported below
            }
            byte[] bytes = all.toByteArray();
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            assertThat(split).as("a complete HTTP head in %s", text).isPositive();
            byte[] body = java.util.Arrays.copyOfRange(bytes, split + 4, bytes.length);
            return new Response(text.substring(0, split + 2), body, closed);
        }
    }

    static String get(String target, String... headers) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + String.join("", headers) + "\r\n";
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WebFiles.class.getResourceAsStream("/app/queued/server/web/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void thePageIsServedWithItsSecurityHeadersAndTheConnectionCloses() throws Exception {
        Response page = exchange(get("/"));
        assertThat(page.status()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(page.body()).isEqualTo(resource("index.html"));
        assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Content-Security-Policy"))
                .startsWith("default-src 'self'; script-src 'self'; style-src 'self'")
                .contains("connect-src 'self' ws://127.0.0.1:" + port + " wss://127.0.0.1:" + port)
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe", "*", "http:");
        assertThat(page.header("Content-Length")).isEqualTo(String.valueOf(page.body().length));
        assertThat(page.closedAfter()).as("closed after the answer").isTrue();

        Response same = exchange(get("/index.html"));
        assertThat(same.body()).isEqualTo(page.body());
    }

    @Test
    void everyListedFileIsServedGzippedToBrowsersThatAskAndRevalidatedByItsTag() throws Exception {
        WebFiles files = WebFiles.packaged();
        for (String path : files.paths()) {
            Response zipped = exchange(get(path, "Accept-Encoding: gzip, deflate, br\r\n"));
            assertThat(zipped.status()).as(path).isEqualTo("HTTP/1.1 200 OK");
            assertThat(zipped.header("Content-Encoding")).isEqualTo("gzip");
            byte[] plain = new GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body())).readAllBytes();
            assertThat(plain).as(path).isEqualTo(resource(path.equals("/") ? "index.html" : path.substring(1)));

            Response again = exchange(get(path, "If-None-Match: " + zipped.header("ETag") + "\r\n"));
            assertThat(again.status()).isEqualTo("HTTP/1.1 304 Not Modified");
            assertThat(again.body()).isEmpty();
        }
    }

    @Test
    void headHealthAndOtherMethods() throws Exception {
        Response head = exchange("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(head.status()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(head.body()).isEmpty();
        assertThat(Integer.parseInt(head.header("Content-Length"))).isEqualTo(resource("index.html").length);

        Response health = exchange(get("/health"));
        assertThat(health.status()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(health.text()).contains("\"status\":\"ok\"");

        Response post = exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(post.status()).isEqualTo("HTTP/1.1 405 Method Not Allowed");
        assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void noPathReachesAnythingButTheListedFiles() throws Exception {
        List<String> attempts = List.of(
                "/../pom.xml", "/../../../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
                "/%252e%252e/etc/passwd", "/..\\..\\etc\\passwd", "//etc/passwd", "/etc/passwd", "/./index.html/..",
                "/index.html/../../pom.xml", "/files.txt", "/app/queued/server/web/index.html",
                "/app/queued/server/VoteServer.class", "/META-INF/MANIFEST.MF", "/logback.xml", "/.git/config",
                "/%00index.html", "/index.html%00.png", "/web/", "/?../../etc/passwd", "/INDEX.HTML", "/index.html.gz",
                "http://127.0.0.1/etc/passwd", "file:///etc/passwd", "*", "../index.html");
        for (String target : attempts) {
            Response answer = exchange(get(target));
            if (target.startsWith("/?")) {
                assertThat(answer.body()).as(target).isEqualTo(resource("index.html")); // a query is not a path
                continue;
            }
            assertThat(answer.status()).as(target).isEqualTo("HTTP/1.1 404 Not Found");
            assertThat(answer.text()).as(target).isEqualTo("Not found.\n");
        }
    }

    @Test
    void garbageAndOversizedHeadsAreAnsweredAndClosed() throws Exception {
        assertThat(exchange("HELLO\r\n\r\n").status()).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(exchange("GET / SPDY/3\r\n\r\n").status()).isEqualTo("HTTP/1.1 400 Bad Request");
        Response big = exchange(get("/", "X-Pad: " + "a".repeat(9000) + "\r\n"));
        assertThat(big.status()).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
        assertThat(big.closedAfter()).isTrue();
    }

    private static String upgrade(String host, String origin) {
        return "GET / HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
    }

    /** The first line the server answers a WebSocket request with. */
    private static String handshake(String host, String origin) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(upgrade(host, origin).getBytes(StandardCharsets.ISO_8859_1));
            return BadInputTest.readHttpHead(socket.getInputStream()).lines().findFirst().orElse("");
        }
    }

    @Test
    void webSocketsOpenForAppsAndTheServersOwnPagesOnly() throws Exception {
        String here = "127.0.0.1:" + port;
        // Accepted: no Origin (the desktop apps), the page served from the address the socket goes to.
        assertThat(handshake(here, null)).startsWith("HTTP/1.1 101");
        assertThat(handshake(here, "http://" + here)).startsWith("HTTP/1.1 101");
        assertThat(handshake(here, "https://" + here)).startsWith("HTTP/1.1 101"); // behind a TLS terminator
        assertThat(handshake("192.168.1.20:" + port, "http://192.168.1.20:" + port)).startsWith("HTTP/1.1 101");
        assertThat(handshake("[::1]:" + port, "http://[::1]:" + port)).startsWith("HTTP/1.1 101");
        assertThat(handshake("localhost:" + port, "http://localhost:" + port)).startsWith("HTTP/1.1 101");
        assertThat(handshake("partybox.local:" + port, "http://partybox.local:" + port)).startsWith("HTTP/1.1 101");
        assertThat(handshake("partybox:" + port, "http://PartyBox:" + port)).startsWith("HTTP/1.1 101");
        assertThat(handshake("party.example.com", "https://party.example.com")).startsWith("HTTP/1.1 101");
        assertThat(handshake("party.example.com:443", "https://party.example.com:443/")).startsWith("HTTP/1.1 101");

        // Refused at the handshake: other sites' pages, a page of another port, a rebound DNS name, odd origins.
        for (String[] refused : new String[][] {
                {here, "http://evil.example"},
                {here, "http://127.0.0.1:" + (port + 1)},
                {here, "http://127.0.0.1"},
                {"evil.example:" + port, "http://evil.example:" + port},
                {here, "null"},
                {here, "file://"},
                {here, "http://192.168.1.20:" + port},
                {"party.example.com", "http://party.example.com"}}) {
            assertThat(handshake(refused[0], refused[1])).as("Host %s, Origin %s", refused[0], refused[1])
                    .isEqualTo("HTTP/1.1 403 Forbidden");
        }
    }

    @Test
    void connectionsThatNeverFinishAHandshakeAreClosed() throws Exception {
        long deadlineMs = WsTransport.HANDSHAKE_DEADLINE.toMillis();
        List<Socket> sockets = new ArrayList<>();
        try {
            Socket silent = new Socket("127.0.0.1", port);
            Socket slowloris = new Socket("127.0.0.1", port);
            Socket halfHead = new Socket("127.0.0.1", port);
            sockets.addAll(List.of(silent, slowloris, halfHead));
            halfHead.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            byte[] slowHead = upgrade("127.0.0.1", null).getBytes(StandardCharsets.US_ASCII);
            int sent = 0;
            // A byte every 500 ms: the head would take over a minute; the deadline comes first.
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(deadlineMs + 3_000)
                    && sent < slowHead.length) {
                try {
                    slowloris.getOutputStream().write(slowHead[sent++]);
                } catch (SocketException e) {
                    break; // closed by the server
                }
                if (awaitClosed(slowloris, 500)) {
                    break;
                }
            }
            for (Socket socket : sockets) {
                assertThat(awaitClosed(socket, 5_000)).as("closed by the server").isTrue();
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMs).as("closed at the deadline, not before").isGreaterThanOrEqualTo(deadlineMs - 100);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertThat(awaitHalfOpen(0)).isTrue();
    }

    private static boolean awaitHalfOpen(int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            if (transport.halfOpenCount() == count) {
                return true;
            }
            Thread.sleep(20); // polling a condition with a deadline
        }
        return false;
    }

    /** True when the server closed the socket (end of stream or a reset) within {@code ms}; bytes are skipped. */
    private static boolean awaitClosed(Socket socket, int ms) throws IOException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        byte[] buffer = new byte[4096];
        try {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) left);
                if (socket.getInputStream().read(buffer) == -1) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    @Test
    void oneAddressMayHoldOnlyAFewUnfinishedConnections() throws Exception {
        Optional<InetAddress> lan = lanAddress();
        Assumptions.assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address");
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < WsTransport.HALF_OPEN_PER_ADDRESS; i++) {
                Socket socket = new Socket(lan.get(), port);
                sockets.add(socket);
            }
            assertThat(awaitHalfOpen(WsTransport.HALF_OPEN_PER_ADDRESS)).isTrue();
            try (Socket oneTooMany = new Socket(lan.get(), port)) {
                assertThat(awaitClosed(oneTooMany, 3_000)).as("closed at once").isTrue();
            }
            sockets.remove(0).close();
            assertThat(awaitHalfOpen(WsTransport.HALF_OPEN_PER_ADDRESS - 1)).isTrue();
            try (Socket socket = new Socket(lan.get(), port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(BadInputTest.readHttpHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static Optional<InetAddress> lanAddress() throws SocketException {
        for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
