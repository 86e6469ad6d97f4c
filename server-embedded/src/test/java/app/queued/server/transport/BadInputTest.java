package app.queued.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Protocol;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets an error with a stable code, changes nothing, and never disturbs anyone else. */
class BadInputTest {
    static TestServer server;
    static Results.RoomCreated room;
    static long trackId;

    @BeforeAll
    static void start() {
        // tight limits so a flood is cheap to produce
        server = TestServer.start(config -> config.withLimits(new WsTransport.Limits(20, 40, 200)));
        room = server.createRoom("Bad input");
        try (RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana")) {
            ServerMessage.Ack ack = (ServerMessage.Ack) ana.request(new Request.Add(ana.nextId(), "dQw4w9WgXcQ"));
            trackId = Codec.result(ack, Results.Added.class).trackId();
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ServerMessage.Error errorFor(RawClient client, String frame, String requestId) {
        int before = client.receivedCount();
        client.sendRaw(frame);
        ServerMessage reply = requestId != null ? client.awaitReply(requestId)
                : client.awaitFrame(before, m -> m instanceof ServerMessage.Error);
        assertThat(reply).isInstanceOf(ServerMessage.Error.class);
        return (ServerMessage.Error) reply;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON                 | {\"type\":\"vote\",                                          | ",
        "JSON but not an object   | [1,2,3]                                                     | ",
        "no type                  | {\"requestId\":\"a1\"}                                       | a1",
        "unknown type             | {\"type\":\"dance\",\"requestId\":\"a2\"}                    | a2",
        "missing trackId          | {\"type\":\"vote\",\"requestId\":\"a3\",\"value\":1}         | a3",
        "trackId not a number     | {\"type\":\"vote\",\"requestId\":\"a4\",\"trackId\":\"x\",\"value\":1} | a4",
        "value out of range       | {\"type\":\"vote\",\"requestId\":\"a5\",\"trackId\":1,\"value\":2}   | a5",
        "fractional value         | {\"type\":\"vote\",\"requestId\":\"a6\",\"trackId\":1,\"value\":0.5} | a6",
        "negative trackId         | {\"type\":\"vote\",\"requestId\":\"a7\",\"trackId\":-4,\"value\":1}  | a7",
        "empty link               | {\"type\":\"add\",\"requestId\":\"a8\",\"track\":\"  \"}     | a8",
        "not a YouTube link       | {\"type\":\"add\",\"requestId\":\"a9\",\"track\":\"https://evil.example/watch?v=dQw4w9WgXcQ\"} | a9",
        "missing requestId        | {\"type\":\"ping\"}                                          | ",
        "control chars in query   | {\"type\":\"search\",\"requestId\":\"a10\",\"query\":\"a\\u0000b\"} | a10",
        "nickname a number        | {\"type\":\"join\",\"requestId\":\"a11\",\"code\":\"ABCDEF\",\"nickname\":123} | a11",
        "trackId beyond 64 bits   | {\"type\":\"vote\",\"requestId\":\"a12\",\"trackId\":99999999999999999999,\"value\":1} | a12",
        "invisible nickname       | {\"type\":\"join\",\"requestId\":\"a13\",\"code\":\"ABCDEF\",\"nickname\":\"\\u00a0\\u200b\"} | a13",
        "direction override       | {\"type\":\"join\",\"requestId\":\"a14\",\"code\":\"ABCDEF\",\"nickname\":\"\\u202eAna\"} | a14",
        "broken character         | {\"type\":\"search\",\"requestId\":\"a15\",\"query\":\"a\\ud800\"} | a15",
    })
    void malformedRequestsGetBadRequestAndChangeNothing(String name, String frame, String requestId) throws Exception {
        try (RawClient guest = RawClient.guest(server.uri(), room.joinCode(), "Probe")) {
            long seqBefore = server.lastSeq(room.roomId());
            ServerMessage.Error error = errorFor(guest, frame, requestId);
            assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(error.message()).isNotBlank().doesNotContain("Exception").doesNotContain("at app.");
            // the connection is still usable, and nothing changed
            assertThat(guest.request(new Request.Ping(guest.nextId()))).isInstanceOf(ServerMessage.Ack.class);
            assertThat(server.lastSeq(room.roomId())).isEqualTo(seqBefore);
        }
    }

    @Test
    void twoRequestsInOneFrameAreBothRefused() {
        // issue 16.2: only the first was read and answered, the second silently dropped
        try (RawClient guest = RawClient.guest(server.uri(), room.joinCode(), "Twice")) {
            long seqBefore = server.lastSeq(room.roomId());
            String first = Codec.write(new Request.Vote("two-1", trackId, 1));
            String second = Codec.write(new Request.Vote("two-2", trackId, -1));
            ServerMessage.Error error = errorFor(guest, first + second, "two-1");
            assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(error.message()).isEqualTo("frame has text after its JSON object");
            assertThat(guest.request(new Request.Ping(guest.nextId()))).isInstanceOf(ServerMessage.Ack.class);
            assertThat(guest.received()).noneMatch(frame -> frame.contains("two-2"));
            assertThat(server.lastSeq(room.roomId())).isEqualTo(seqBefore);
        }
    }

    @Test
    void oversizeFramesAreRefusedAndHugeOnesCloseTheConnection() {
        try (RawClient guest = RawClient.guest(server.uri(), room.joinCode(), "Big")) {
            String big = "{\"type\":\"search\",\"requestId\":\"big\",\"query\":\"" + "x".repeat(Protocol.MAX_FRAME_CHARS)
                    + "\"}";
            ServerMessage.Error error = errorFor(guest, big, null);
            assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(error.message()).contains("larger than");
            assertThat(guest.request(new Request.Ping(guest.nextId()))).isInstanceOf(ServerMessage.Ack.class);

            guest.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "y".repeat(2 << 20) + "\"}");
            guest.awaitClosed();
            // 1009 when the close frame arrives; 1006 when the rest of the huge frame hits the closed socket first
            assertThat(guest.closeCode()).isIn(1009, 1006);
        }
        try (RawClient other = RawClient.greeted(server.uri())) {
            assertThat(other.request(new Request.Ping(other.nextId()))).isInstanceOf(ServerMessage.Ack.class);
        }
    }

    @Test
    void theProtocolIsFollowedInOrder() {
        try (RawClient fresh = new RawClient(server.uri())) {
            ServerMessage.Error early = (ServerMessage.Error) fresh.request(new Request.Ping("p1"));
            assertThat(early.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(early.message()).contains("hello");
            ServerMessage.Error version = (ServerMessage.Error) fresh.request(new Request.Hello("h1", 99, "future"));
            assertThat(version.message()).contains("protocol " + Protocol.VERSION);
            assertThat(fresh.request(new Request.Hello("h2", Protocol.VERSION, "test"))).isInstanceOf(ServerMessage.Ack.class);
            ServerMessage.Error notJoined = (ServerMessage.Error) fresh.request(new Request.Vote("v1", trackId, 1));
            assertThat(notJoined.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            ServerMessage.Error noRoom = (ServerMessage.Error) fresh.request(
                    new Request.Join("j1", "ZZZZZZ", "Ghost", null, null, null));
            assertThat(noRoom.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(noRoom.message()).contains("ZZZZZZ");
            int before = fresh.receivedCount();
            fresh.socketSendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            ServerMessage binary = fresh.awaitFrame(before, m -> m instanceof ServerMessage.Error);
            assertThat(((ServerMessage.Error) binary).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        }
    }

    @Test
    void aFloodIsLimitedThenCutWithoutDisturbingOthers() throws Exception {
        try (RawClient flooder = RawClient.guest(server.uri(), room.joinCode(), "Flood");
             RawClient calm = RawClient.guest(server.uri(), room.joinCode(), "Calm")) {
            long calmSeq = calm.view().seq();
            try {
                for (int i = 0; i < 1_000 && flooder.isOpen(); i++) {
                    flooder.sendRaw(Codec.write(new Request.Vote("f" + i, trackId, i % 2 == 0 ? 1 : -1)));
                }
            } catch (org.java_websocket.exceptions.WebsocketNotConnectedException e) {
                // the server cut the flood while we were still sending: that is the point
            }
            ServerMessage limited = flooder.awaitFrame(0, m -> m instanceof ServerMessage.Error e
                    && e.code() == ErrorCode.RATE_LIMITED);
            assertThat(((ServerMessage.Error) limited).retryAfterMs()).isPositive();
            flooder.awaitClosed();
            // 1008 when the close frame arrives; 1006 when the flooder's own writes hit the closed socket first
            assertThat(flooder.closeCode()).isIn(1008, 1006);

            // the calm guest is served as usual and sees exactly the flood's accepted votes
            assertThat(calm.request(new Request.Vote(calm.nextId(), trackId, 1))).isInstanceOf(ServerMessage.Ack.class);
            long last = server.lastSeq(room.roomId());
            calm.awaitState(s -> s.seq() == last);
            assertThat(calm.gaps()).isEmpty();
            assertThat(last).isGreaterThan(calmSeq);
        }
    }

    /**
     * Issue 16.9: rate_limited named no request, and every refusal gave the same retryAfterMs, after which only one
     * message was accepted. Now each refusal names its request and its own turn: a client that resends each refused
     * request after its retryAfterMs gets every one of them through.
     */
    @Test
    void eachRefusedRequestIsNamedAndAcceptedWhenResentAfterItsOwnRetryAfter() throws Exception {
        try (RawClient eager = RawClient.greeted(server.uri())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 60; i++) { // the burst is 40
                String id = "eager-" + i;
                ids.add(id);
                eager.sendRaw(Codec.write(new Request.Ping(id)));
            }
            java.util.Map<String, Long> resendAt = new java.util.LinkedHashMap<>();
            for (String id : ids) {
                ServerMessage reply = eager.awaitReply(id);
                if (reply instanceof ServerMessage.Error error) {
                    assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(error.retryAfterMs()).isPositive();
                    resendAt.put(id, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(error.retryAfterMs()));
                }
            }
            assertThat(resendAt).as("refused, each by its id").isNotEmpty();
            for (var refused : resendAt.entrySet()) {
                while (System.nanoTime() < refused.getValue()) { // parkNanos may return early
                    LockSupport.parkNanos(refused.getValue() - System.nanoTime());
                }
                eager.forgetReply(refused.getKey());
                eager.sendRaw(Codec.write(new Request.Ping(refused.getKey())));
            }
            for (String id : resendAt.keySet()) {
                assertThat(eager.awaitReply(id)).as(id).isInstanceOf(ServerMessage.Ack.class);
            }
        }
    }

    @Test
    void aFlooderThatNeverAnswersOurCloseIsDroppedAtTheDeadlineAndSentNothingAfterTheClose() throws Exception {
        // A bare TCP client: it joins, floods, then reads without ever answering the server's Close frame.
        try (Socket raw = new Socket(server.uri().getHost(), server.uri().getPort());
             RawClient calm = RawClient.guest(server.uri(), room.joinCode(), "Calm")) {
            raw.setSoTimeout(20_000);
            OutputStream out = raw.getOutputStream();
            InputStream in = raw.getInputStream();
            out.write(("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readHttpHead(in)).startsWith("HTTP/1.1 101");
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            CompletableFuture<Double> closedAfter = CompletableFuture.supplyAsync(() -> readUntilClosed(in, seen));

            long start = System.nanoTime();
            out.write(maskedTextFrame(Codec.write(new Request.Hello("h", Protocol.VERSION, "raw"))));
            out.write(maskedTextFrame(Codec.write(new Request.Join("j", room.joinCode(), "Raw", null, null, null))));
            byte[] ping = maskedTextFrame("{\"type\":\"ping\",\"requestId\":\"p\"}");
            for (int i = 0; i < 400; i++) { // more than burst (40) + refusals before the cut (200)
                out.write(ping);
            }
            out.flush();
            // while the server waits for an answer to its Close, the room goes on: none of it may follow the Close
            // (it comes within milliseconds; the deadline is for a machine busy with other work)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
            while (frames(seen).stream().noneMatch(f -> f.opcode() == 8) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            assertThat(frames(seen)).as("the Close frame, before the room goes on").anyMatch(f -> f.opcode() == 8);
            for (int i = 0; i < 3; i++) {
                assertThat(calm.request(new Request.Vote(calm.nextId(), trackId, i % 2 == 0 ? 1 : -1)))
                        .isInstanceOf(ServerMessage.Ack.class);
            }

            double seconds = closedAfter.get(30, TimeUnit.SECONDS) - (start / 1e9);
            // it waited for an answer before dropping the connection (5 s after its Close), and then did drop it
            assertThat(seconds).isBetween(4.5, 25.0);
            List<Frame> frames = frames(seen);
            assertThat(frames).isNotEmpty();
            Frame last = frames.get(frames.size() - 1);
            assertThat(last.opcode()).isEqualTo(8);
            assertThat(((last.payload()[0] & 0xFF) << 8) | (last.payload()[1] & 0xFF)).isEqualTo(1008);
            assertThat(frames.stream().filter(f -> f.opcode() == 8)).hasSize(1);
            assertThat(frames.stream().filter(f -> f.opcode() == 1)
                    .map(f -> new String(f.payload(), StandardCharsets.UTF_8)))
                    .anyMatch(text -> text.contains("rate_limited"));
        }
        // and the server serves the next guest as usual
        try (RawClient next = RawClient.guest(server.uri(), room.joinCode(), "Next")) {
            assertThat(next.request(new Request.Vote(next.nextId(), trackId, 1))).isInstanceOf(ServerMessage.Ack.class);
        }
    }

    /** Reads until the server closes the connection; returns when (System.nanoTime, in seconds). */
    private static double readUntilClosed(InputStream in, ByteArrayOutputStream seen) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                synchronized (seen) {
                    seen.write(buffer, 0, n);
                }
            }
        } catch (SocketException reset) {
            // dropped outright: also closed
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return System.nanoTime() / 1e9;
    }

    record Frame(int opcode, byte[] payload) {
    }

    /** The server's (unmasked) frames in what was read so far; an incomplete last frame is left out. */
    static List<Frame> frames(ByteArrayOutputStream seen) {
        byte[] bytes;
        synchronized (seen) {
            bytes = seen.toByteArray();
        }
        List<Frame> frames = new ArrayList<>();
        int at = 0;
        while (at + 2 <= bytes.length) {
            int opcode = bytes[at] & 0x0F;
            long length = bytes[at + 1] & 0x7F;
            int header = 2;
            if (length == 126) {
                if (at + 4 > bytes.length) {
                    break;
                }
                length = ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
                header = 4;
            } else if (length == 127) {
                if (at + 10 > bytes.length) {
                    break;
                }
                length = ByteBuffer.wrap(bytes, at + 2, 8).getLong();
                header = 10;
            }
            if (at + header + length > bytes.length) {
                break;
            }
            frames.add(new Frame(opcode, Arrays.copyOfRange(bytes, at + header, (int) (at + header + length))));
            at += header + (int) length;
        }
        return frames;
    }

    static String readHttpHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** A client's text frame (RFC 6455 §5.2) with an all-zero mask key, so the payload goes as is. */
    private static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 0xFFFF) {
            throw new IllegalArgumentException("frames up to 64 KB only");
        }
        int header = payload.length > 125 ? 4 : 2;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) 0x81; // FIN, text
        if (header == 2) {
            frame[1] = (byte) (0x80 | payload.length); // masked, length
        } else {
            frame[1] = (byte) (0x80 | 126); // masked, 16-bit length follows
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        }
        System.arraycopy(payload, 0, frame, header + 4, payload.length);
        return frame;
    }
}
