package app.queued.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.Codec;
import app.queued.protocol.Protocol;
import app.queued.protocol.Request;
import app.queued.server.testing.TestServer;
import app.queued.server.testing.WireSocket;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** WebSocket framing a normal library would never send: fragments, invalid UTF-8 (issue 16, items 3 and 8). */
class FramingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int FRAGMENT = 64 * 1024;
    private static final int LIMIT = 1 << 20;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFragmentedMessageIsClosedAsSoonAsItsFragmentsPassTheLimitWithoutItsLastFragment() throws Exception {
        try (WireSocket wire = WireSocket.open(server.uri())) {
            byte[] spaces = new byte[FRAGMENT];
            Arrays.fill(spaces, (byte) ' ');
            wire.send(false, WireSocket.TEXT, spaces);
            for (int sent = FRAGMENT; sent <= LIMIT; sent += FRAGMENT) {
                wire.send(false, WireSocket.CONTINUATION, spaces);
            }
            // the message is not finished (no FIN), but already over the limit: closed now, not at its end
            Optional<WireSocket.Frame> close = wire.await(WireSocket.CLOSE, WAIT);
            assertThat(close).as("a Close frame").isPresent();
            assertThat(close.get().closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void aFragmentedRequestWithinTheLimitIsReadEvenWhenACharacterIsSplitBetweenFragments() throws Exception {
        try (WireSocket wire = WireSocket.open(server.uri())) {
            byte[] hello = Codec.write(new Request.Hello("frag", Protocol.VERSION, "caf\u00e9 client"))
                    .getBytes(StandardCharsets.UTF_8);
            int accent = indexOf(hello, (byte) 0xC3); // the first byte of "é": split the character itself
            wire.send(false, WireSocket.TEXT, Arrays.copyOfRange(hello, 0, accent + 1));
            wire.send(false, WireSocket.CONTINUATION, Arrays.copyOfRange(hello, accent + 1, accent + 3));
            wire.send(true, WireSocket.CONTINUATION, Arrays.copyOfRange(hello, accent + 3, hello.length));
            Optional<WireSocket.Frame> answer = wire.read(WAIT);
            assertThat(answer).isPresent();
            assertThat(answer.get().opcode()).as(answer.get().text()).isEqualTo(WireSocket.TEXT);
            assertThat(answer.get().text()).contains("\"type\":\"ack\"").contains("\"requestId\":\"frag\"");
        }
    }

    @Test
    void invalidUtf8ClosesWith1007AndLeavesOneQuietLogLine() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger transport = (Logger) LoggerFactory.getLogger("app.queued.server.transport");
        Level transportLevel = transport.getLevel();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        transport.setLevel(Level.DEBUG);
        try (WireSocket wire = WireSocket.open(server.uri())) {
            wire.send(true, WireSocket.TEXT, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
            Optional<WireSocket.Frame> close = wire.await(WireSocket.CLOSE, WAIT);
            assertThat(close).as("a Close frame").isPresent();
            assertThat(close.get().closeCode()).isEqualTo(1007);
        } finally {
            root.detachAppender(logged);
            transport.setLevel(transportLevel);
        }
        List<ILoggingEvent> events = List.copyOf(logged.list);
        assertThat(events).as("nothing at WARN or above, no stack trace")
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN) || e.getThrowableProxy() != null);
        assertThat(events).filteredOn(e -> e.getFormattedMessage().contains("UTF-8")).hasSize(1)
                .allMatch(e -> e.getLevel() == Level.DEBUG);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("no byte " + b);
    }
}
