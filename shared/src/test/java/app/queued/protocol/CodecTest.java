package app.queued.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CodecTest {
    private static final Track TRACK = new Track(12, "dQw4w9WgXcQ", "Never Gonna Give You Up", "Rick Astley", 213,
            "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg", 7, "Ana", 1717430400123L, 3);
    private static final RoomInfo ROOM = new RoomInfo(3, "Friday party", "K7QX4M");

    /** Reads a frame that must be refused, returning the refusal. */
    private static Codec.BadRequest refused(String frame) {
        Codec.BadRequest e = catchThrowableOfType(Codec.BadRequest.class, () -> Codec.readRequest(frame));
        assertThat(e).as("refusal of %s", frame).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        return e;
    }

    // ---------------------------------------------------------------- Requests

    static Stream<Request> everyRequest() {
        return Stream.of(
                new Request.Hello("r1", 1, "guest-app/0.1"),
                new Request.Hello("r1b", 1, null),
                new Request.CreateRoom("r2", "Friday party", "admin-secret"),
                new Request.Join("r3", "K7QX4M", "Ana", null, null, null),
                new Request.Join("r4", "K7QX4M", null, "guest-secret", null, 41L),
                new Request.Join("r4b", "K7QX4M", "Ana B.", "guest-secret", null, 0L),
                new Request.Join("r4c", "K7QX4M", null, "guest-secret", null, 41L, 3L),
                new Request.Join("r5", null, null, null, "host-secret", null),
                new Request.Resume("r6", 41L),
                new Request.Resume("r6b", 0L),
                new Request.Add("r7", "https://youtu.be/dQw4w9WgXcQ"),
                new Request.Vote("r8", 12L, 1),
                new Request.Vote("r8b", 12L, 0),
                new Request.Vote("r8c", 12L, -1),
                new Request.Remove("r9", 12L),
                new Request.Skip("r10", 11L),
                new Request.Skip("r10b", null),
                new Request.Search("r11", "daft punk"),
                new Request.Ping("r12"));
    }

    @ParameterizedTest
    @MethodSource("everyRequest")
    void everyRequestTypeRoundTrips(Request request) {
        String frame = Codec.write(request);

        assertThat(Codec.readRequest(frame)).isEqualTo(request);
    }

    @ParameterizedTest
    @MethodSource("everyRequest")
    void everyRequestCarriesItsTypeAndRequestId(Request request) {
        var tree = Codec.tree(request);

        assertThat(tree.get("type").isTextual()).isTrue();
        assertThat(tree.get("requestId").asText()).isEqualTo(request.requestId());
    }

    @Test
    void wireNamesOfRequestTypes() {
        assertThat(Codec.write(new Request.Hello("a", 1, null))).startsWith("{\"type\":\"hello\"");
        assertThat(Codec.write(new Request.CreateRoom("a", "n", "t"))).startsWith("{\"type\":\"createRoom\"");
        assertThat(Codec.write(new Request.Join("a", "C", "n", null, null, null))).startsWith("{\"type\":\"join\"");
        assertThat(Codec.write(new Request.Resume("a", 1L))).startsWith("{\"type\":\"resume\"");
        assertThat(Codec.write(new Request.Add("a", "x"))).startsWith("{\"type\":\"add\"");
        assertThat(Codec.write(new Request.Vote("a", 1L, 1))).startsWith("{\"type\":\"vote\"");
        assertThat(Codec.write(new Request.Remove("a", 1L))).startsWith("{\"type\":\"remove\"");
        assertThat(Codec.write(new Request.Skip("a", null))).startsWith("{\"type\":\"skip\"");
        assertThat(Codec.write(new Request.Search("a", "q"))).startsWith("{\"type\":\"search\"");
        assertThat(Codec.write(new Request.Ping("a"))).isEqualTo("{\"type\":\"ping\",\"requestId\":\"a\"}");
    }

    @Test
    void readsHandWrittenFramesWithFieldsInAnyOrder() {
        Request vote = Codec.readRequest("{\"value\":-1,\"trackId\":12,\"requestId\":\"v1\",\"type\":\"vote\"}");

        assertThat(vote).isEqualTo(new Request.Vote("v1", 12L, -1));
    }

    @Test
    void unknownFieldsAreIgnored() {
        Request ping = Codec.readRequest("{\"type\":\"ping\",\"requestId\":\"p\",\"extra\":{\"nested\":[1,2]}}");

        assertThat(ping).isEqualTo(new Request.Ping("p"));
    }

    @Test
    void textFieldsAreTrimmed() {
        Request join = Codec.readRequest(
                "{\"type\":\"join\",\"requestId\":\" j1 \",\"code\":\" K7QX4M \",\"nickname\":\"  Ana  \"}");

        assertThat(join).isEqualTo(new Request.Join("j1", "K7QX4M", "Ana", null, null, null));
    }

    @Test
    void lengthLimitsCountTheTrimmedText() {
        String nickname = "n".repeat(32);
        Request join = Codec.readRequest("{\"type\":\"join\",\"requestId\":\"j\",\"code\":\"C\",\"nickname\":\"   "
                + nickname + "   \"}");

        assertThat(((Request.Join) join).nickname()).isEqualTo(nickname);
    }

    @Test
    void aFrameOfExactlyTheLimitIsRead() {
        String head = "{\"type\":\"ping\",\"requestId\":\"p\",\"pad\":\"";
        String tail = "\"}";
        String frame = head + "x".repeat(Protocol.MAX_FRAME_CHARS - head.length() - tail.length()) + tail;
        assertThat(frame).hasSize(Protocol.MAX_FRAME_CHARS);

        assertThat(Codec.readRequest(frame)).isEqualTo(new Request.Ping("p"));
    }

    // ---------------------------------------------------------------- RefusedRequests

    @Test
    void notJson() {
        Codec.BadRequest e = refused("vote for track 12");

        assertThat(e.requestId()).isNull();
        assertThat(e.getMessage()).isEqualTo("frame is not valid JSON");
    }

    @Test
    void truncatedJson() {
        assertThat(refused("{\"type\":\"vote\",\"requestId\":\"a\"").getMessage())
                .isEqualTo("frame is not valid JSON");
    }

    @Test
    void notAnObject() {
        for (String frame : List.of("[{\"type\":\"ping\",\"requestId\":\"a\"}]", "\"ping\"", "42", "null", "")) {
            Codec.BadRequest e = refused(frame);

            assertThat(e.requestId()).isNull();
            assertThat(e.getMessage()).isEqualTo("a message must be a JSON object");
        }
    }

    @Test
    void nullFrame() {
        assertThat(refused(null).requestId()).isNull();
    }

    @Test
    void missingTypeKeepsTheRequestId() {
        Codec.BadRequest e = refused("{\"requestId\":\"r1\",\"trackId\":3,\"value\":1}");

        assertThat(e.requestId()).isEqualTo("r1");
        assertThat(e.getMessage()).isEqualTo("type is required");
    }

    @Test
    void typeThatIsNotTextIsMissing() {
        Codec.BadRequest e = refused("{\"type\":7,\"requestId\":\"r1\"}");

        assertThat(e.requestId()).isEqualTo("r1");
        assertThat(e.getMessage()).isEqualTo("type is required");
    }

    @Test
    void unknownTypeKeepsTheRequestId() {
        Codec.BadRequest e = refused("{\"type\":\"dance\",\"requestId\":\"r2\",\"guestId\":4}");

        assertThat(e.requestId()).isEqualTo("r2");
        assertThat(e.getMessage()).isEqualTo("unknown message type 'dance'");
    }

    @Test
    void typeNamesAreCaseSensitive() {
        Codec.BadRequest e = refused("{\"type\":\"Vote\",\"requestId\":\"r2\",\"trackId\":1,\"value\":1}");

        assertThat(e.getMessage()).isEqualTo("unknown message type 'Vote'");
    }

    @Test
    void serverMessageTypesAreNotRequests() {
        assertThat(refused("{\"type\":\"ack\",\"requestId\":\"r2\"}").getMessage())
                .isEqualTo("unknown message type 'ack'");
    }

    @Test
    void missingRequestId() {
        Codec.BadRequest e = refused("{\"type\":\"ping\"}");

        assertThat(e.requestId()).isNull();
        assertThat(e.getMessage()).isEqualTo("requestId is required");
    }

    @Test
    void blankRequestId() {
        assertThat(refused("{\"type\":\"ping\",\"requestId\":\"   \"}").getMessage())
                .isEqualTo("requestId must not be empty");
    }

    @Test
    void tooLongRequestIdIsNotEchoed() {
        Codec.BadRequest e = refused("{\"type\":\"ping\",\"requestId\":\"" + "r".repeat(65) + "\"}");

        assertThat(e.requestId()).isNull();
        assertThat(e.getMessage()).isEqualTo("requestId must be at most 64 characters");
    }

    @Test
    void longestRequestIdIsAccepted() {
        String id = "r".repeat(Request.MAX_REQUEST_ID);

        assertThat(Codec.readRequest("{\"type\":\"ping\",\"requestId\":\"" + id + "\"}").requestId()).isEqualTo(id);
    }

    static Stream<Arguments> missingFields() {
        return Stream.of(
                Arguments.of("{\"type\":\"hello\",\"requestId\":\"a\"}", "protocol is required"),
                Arguments.of("{\"type\":\"createRoom\",\"requestId\":\"a\",\"adminToken\":\"t\"}", "name is required"),
                Arguments.of("{\"type\":\"createRoom\",\"requestId\":\"a\",\"name\":\"n\"}", "adminToken is required"),
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"nickname\":\"Ana\"}", "code is required"),
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"code\":\"K7QX4M\"}", "nickname is required"),
                Arguments.of("{\"type\":\"resume\",\"requestId\":\"a\"}", "lastSeq is required and must not be negative"),
                Arguments.of("{\"type\":\"add\",\"requestId\":\"a\"}", "track is required"),
                Arguments.of("{\"type\":\"vote\",\"requestId\":\"a\",\"value\":1}", "trackId is required"),
                Arguments.of("{\"type\":\"vote\",\"requestId\":\"a\",\"trackId\":1}", "value is required"),
                Arguments.of("{\"type\":\"vote\",\"requestId\":\"a\",\"trackId\":1,\"value\":null}", "value is required"),
                Arguments.of("{\"type\":\"remove\",\"requestId\":\"a\"}", "trackId is required"),
                Arguments.of("{\"type\":\"search\",\"requestId\":\"a\"}", "query is required"));
    }

    @ParameterizedTest
    @MethodSource("missingFields")
    void missingFieldIsNamed(String frame, String message) {
        Codec.BadRequest e = refused(frame);

        assertThat(e.requestId()).isEqualTo("a");
        assertThat(e.getMessage()).isEqualTo(message);
    }

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                Arguments.of("{\"type\":\"vote\",\"requestId\":\"a\",\"trackId\":1,\"value\":2}", "value must be 1, 0 or -1"),
                Arguments.of("{\"type\":\"vote\",\"requestId\":\"a\",\"trackId\":1,\"value\":-2}", "value must be 1, 0 or -1"),
                Arguments.of("{\"type\":\"vote\",\"requestId\":\"a\",\"trackId\":0,\"value\":1}", "trackId must be a positive number"),
                Arguments.of("{\"type\":\"remove\",\"requestId\":\"a\",\"trackId\":-3}", "trackId must be a positive number"),
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"code\":\"C\",\"nickname\":\"x\",\"lastSeq\":-1}", "lastSeq must not be negative"),
                Arguments.of("{\"type\":\"resume\",\"requestId\":\"a\",\"lastSeq\":-1}", "lastSeq is required and must not be negative"),
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"code\":\"C\",\"nickname\":\"x\",\"lastSeq\":4,\"lastRoomId\":0}", "lastRoomId must be a positive number"),
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"code\":\"C\",\"nickname\":\"" + "n".repeat(33) + "\"}", "nickname must be at most 32 characters"),
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"code\":\"" + "C".repeat(21) + "\",\"nickname\":\"x\"}", "code must be at most 20 characters"),
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"code\":\"C\",\"nickname\":\"a\\u0007b\"}", "nickname must not contain control characters"),
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"code\":\"C\",\"nickname\":\"  \"}", "nickname must not be empty"),
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"hostToken\":\"" + "h".repeat(201) + "\"}", "hostToken must be at most 200 characters"),
                Arguments.of("{\"type\":\"createRoom\",\"requestId\":\"a\",\"name\":\"" + "n".repeat(61) + "\",\"adminToken\":\"t\"}", "name must be at most 60 characters"),
                Arguments.of("{\"type\":\"add\",\"requestId\":\"a\",\"track\":\"\"}", "track must not be empty"),
                Arguments.of("{\"type\":\"add\",\"requestId\":\"a\",\"track\":\"" + "x".repeat(501) + "\"}", "track must be at most 500 characters"),
                Arguments.of("{\"type\":\"search\",\"requestId\":\"a\",\"query\":\"" + "q".repeat(201) + "\"}", "query must be at most 200 characters"),
                Arguments.of("{\"type\":\"search\",\"requestId\":\"a\",\"query\":\"tab\\there\"}", "query must not contain control characters"),
                Arguments.of("{\"type\":\"hello\",\"requestId\":\"a\",\"protocol\":1,\"client\":\"" + "c".repeat(101) + "\"}", "client must be at most 100 characters"),
                // issue 16.7: nothing visible, text-direction controls, broken characters
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"code\":\"C\",\"nickname\":\"\\u00a0\\u200b\\u3164\"}", "nickname must contain something visible"),
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"code\":\"C\",\"nickname\":\"\\u200b\\u200d\\ufe0f\"}", "nickname must contain something visible"),
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"code\":\"C\",\"nickname\":\"Ana\\u202egnp.exe\"}", "nickname must not contain text-direction controls"),
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"code\":\"C\",\"nickname\":\"\\u2067Ana\\u2069\"}", "nickname must not contain text-direction controls"),
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"code\":\"C\",\"nickname\":\"Ana\\ud800\"}", "nickname must not contain broken characters (unpaired surrogates)"),
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"code\":\"C\",\"nickname\":\"\\udc00Ana\"}", "nickname must not contain broken characters (unpaired surrogates)"),
                Arguments.of("{\"type\":\"createRoom\",\"requestId\":\"a\",\"name\":\"\\u202eparty\",\"adminToken\":\"t\"}", "name must not contain text-direction controls"));
    }

    @Test
    void namesInAnyScriptAndEmojiSequencesAreFine() {
        for (String nickname : List.of("Zoë", "방탄", "\u05d3\u05e0\u05d4", "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67",
                "Ana \u2764\ufe0f", "\ud83c\udff4\udb40\udc67\udb40\udc62\udb40\udc73\udb40\udc63\udb40\udc74\udb40\udc7f")) {
            Request.Join join = new Request.Join("j", "C", nickname, null, null, null);
            assertThat(join.nickname()).isEqualTo(nickname);
        }
    }

    @Test
    void unicodeSpacesAroundATextAreTrimmedToo() {
        Request.Join join = new Request.Join("j", "C", "\u00a0\u2003Ana\u3000\u00a0", null, null, null);

        assertThat(join.nickname()).isEqualTo("Ana");
    }

    @ParameterizedTest
    @MethodSource("invalidFields")
    void invalidFieldIsNamed(String frame, String message) {
        Codec.BadRequest e = refused(frame);

        assertThat(e.requestId()).isEqualTo("a");
        assertThat(e.getMessage()).isEqualTo(message);
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("{\"type\":\"vote\",\"requestId\":\"a\",\"trackId\":\"twelve\",\"value\":1}", "trackId has the wrong type"),
                Arguments.of("{\"type\":\"vote\",\"requestId\":\"a\",\"trackId\":[12],\"value\":1}", "trackId has the wrong type"),
                Arguments.of("{\"type\":\"vote\",\"requestId\":\"a\",\"trackId\":12,\"value\":1.5}", "value has the wrong type"),
                Arguments.of("{\"type\":\"vote\",\"requestId\":\"a\",\"trackId\":12,\"value\":1.0}", "value has the wrong type"),
                Arguments.of("{\"type\":\"vote\",\"requestId\":\"a\",\"trackId\":12,\"value\":true}", "value has the wrong type"),
                Arguments.of("{\"type\":\"resume\",\"requestId\":\"a\",\"lastSeq\":{}}", "lastSeq has the wrong type"),
                // issue 16.2: text fields take only JSON strings, numbers only JSON numbers, flags only true/false
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"code\":\"C\",\"nickname\":123}", "nickname has the wrong type"),
                Arguments.of("{\"type\":\"search\",\"requestId\":\"a\",\"query\":true}", "query has the wrong type"),
                Arguments.of("{\"type\":\"add\",\"requestId\":\"a\",\"track\":1.5}", "track has the wrong type"),
                Arguments.of("{\"type\":\"vote\",\"requestId\":\"a\",\"trackId\":\"12\",\"value\":1}", "trackId has the wrong type"),
                Arguments.of("{\"type\":\"ban\",\"requestId\":\"a\",\"guestId\":3,\"removeTracks\":1}", "removeTracks has the wrong type"),
                Arguments.of("{\"type\":\"setFallback\",\"requestId\":\"a\",\"source\":\"links\",\"links\":[7]}", "links has the wrong type"),
                Arguments.of("{\"type\":\"setRules\",\"requestId\":\"a\",\"rules\":{\"ordering\":1}}", "ordering has the wrong type"),
                Arguments.of("{\"type\":\"setRules\",\"requestId\":\"a\",\"rules\":{\"skipShare\":\"0.5\"}}", "skipShare has the wrong type"));
    }

    static Stream<Arguments> numbersOutOfRange() {
        return Stream.of(
                Arguments.of("{\"type\":\"vote\",\"requestId\":\"a\",\"trackId\":99999999999999999999,\"value\":1}", "trackId is out of range"),
                Arguments.of("{\"type\":\"join\",\"requestId\":\"a\",\"code\":\"C\",\"nickname\":\"x\",\"lastSeq\":18446744073709551616}", "lastSeq is out of range"),
                Arguments.of("{\"type\":\"resume\",\"requestId\":\"a\",\"lastSeq\":-99999999999999999999}", "lastSeq is out of range"),
                Arguments.of("{\"type\":\"vote\",\"requestId\":\"a\",\"trackId\":1,\"value\":4294967296}", "value is out of range"),
                Arguments.of("{\"type\":\"setRules\",\"requestId\":\"a\",\"rules\":{\"maxQueuedPerGuest\":99999999999}}", "maxQueuedPerGuest is out of range"));
    }

    @ParameterizedTest
    @MethodSource("numbersOutOfRange")
    void aNumberOutOfRangeIsNamed(String frame, String message) {
        Codec.BadRequest e = refused(frame);

        assertThat(e.requestId()).isEqualTo("a");
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void aRequestIdThatIsNotTextIsNamedAndNotEchoed() {
        Codec.BadRequest e = refused("{\"type\":\"ping\",\"requestId\":5}");

        assertThat(e.requestId()).isNull();
        assertThat(e.getMessage()).isEqualTo("requestId has the wrong type");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "{\"type\":\"ping\",\"requestId\":\"a\"}{\"type\":\"ping\",\"requestId\":\"b\"}",
        "{\"type\":\"ping\",\"requestId\":\"a\"} x",
        "{\"type\":\"ping\",\"requestId\":\"a\"}[]",
        "{\"type\":\"ping\",\"requestId\":\"a\"}7"})
    void textAfterTheObjectRefusesTheWholeFrame(String frame) {
        // issue 16.2: reading only the first object would leave the second request unanswered
        Codec.BadRequest e = refused(frame);

        assertThat(e.requestId()).isEqualTo("a");
        assertThat(e.getMessage()).isEqualTo("frame has text after its JSON object");
    }

    @Test
    void theRequestIdOfAFrameIsFoundWithoutReadingTheRest() {
        assertThat(Codec.requestIdOf("{\"type\":\"vote\",\"x\":{\"requestId\":\"inner\"},\"requestId\":\"v1\",\"trackId\":")).isEqualTo("v1");
        assertThat(Codec.requestIdOf("{\"requestId\":\"first\",\"type\":\"ping\"}")).isEqualTo("first");
        assertThat(Codec.requestIdOf("{\"type\":\"ping\",\"requestId\":7}")).isNull();
        assertThat(Codec.requestIdOf("{\"type\":\"ping\",\"requestId\":\"" + "r".repeat(65) + "\"}")).isNull();
        assertThat(Codec.requestIdOf("{\"type\":\"ping\"}")).isNull();
        assertThat(Codec.requestIdOf("[\"requestId\",\"a\"]")).isNull();
        assertThat(Codec.requestIdOf("not json")).isNull();
        assertThat(Codec.requestIdOf(null)).isNull();
    }

    @Test
    void whitespaceAfterTheObjectIsFine() {
        assertThat(Codec.readRequest("{\"type\":\"ping\",\"requestId\":\"a\"} \r\n\t")).isEqualTo(new Request.Ping("a"));
    }

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void fieldOfTheWrongTypeIsNamed(String frame, String message) {
        Codec.BadRequest e = refused(frame);

        assertThat(e.requestId()).isEqualTo("a");
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void oversizeFrame() {
        String frame = "{\"type\":\"ping\",\"requestId\":\"a\",\"pad\":\"" + "x".repeat(Protocol.MAX_FRAME_CHARS) + "\"}";

        Codec.BadRequest e = refused(frame);

        assertThat(e.requestId()).as("an oversize frame is not parsed at all").isNull();
        assertThat(e.getMessage()).isEqualTo("frame is larger than 16384 characters");
    }

    @Test
    void oneCharacterOverTheLimitIsOversize() {
        String head = "{\"type\":\"ping\",\"requestId\":\"p\",\"pad\":\"";
        String tail = "\"}";
        String frame = head + "x".repeat(Protocol.MAX_FRAME_CHARS + 1 - head.length() - tail.length()) + tail;

        assertThat(refused(frame).getMessage()).isEqualTo("frame is larger than 16384 characters");
    }

    // ---------------------------------------------------------------- ServerMessages

    @Test
    void ackWithResult() {
        String frame = "{\"type\":\"ack\",\"requestId\":\"r3\",\"seq\":41,\"result\":{\"roomId\":3,"
                + "\"roomName\":\"Friday party\",\"joinCode\":\"K7QX4M\",\"guestId\":7,\"nickname\":\"Ana\","
                + "\"guestToken\":\"guest-secret\",\"role\":\"guest\"}}";

        ServerMessage.Ack ack = (ServerMessage.Ack) Codec.readServer(frame);

        assertThat(ack.requestId()).isEqualTo("r3");
        assertThat(ack.seq()).isEqualTo(41L);
        assertThat(Codec.result(ack, Results.Joined.class)).isEqualTo(
                new Results.Joined(3, "Friday party", "K7QX4M", 7, "Ana", "guest-secret", Role.GUEST));
    }

    @Test
    void ackWithoutSeqOrResult() {
        ServerMessage.Ack ack = (ServerMessage.Ack) Codec.readServer("{\"type\":\"ack\",\"requestId\":\"p1\"}");

        assertThat(ack).isEqualTo(new ServerMessage.Ack("p1", null, null));
        assertThatThrownBy(() -> Codec.result(ack, Results.Added.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p1");
    }

    static Stream<Object> everyResult() {
        return Stream.of(
                new Results.Hello(1, "queued/0.1"),
                new Results.RoomCreated(3, "Friday party", "K7QX4M", "host-secret"),
                new Results.Joined(3, "Friday party", "K7QX4M", 7, "Ana", "guest-secret", Role.GUEST),
                new Results.Joined(3, "Friday party", "K7QX4M", 1, "Host", null, Role.HOST),
                new Results.Added(12, "added"),
                new Results.Added(12, "upvoted"),
                new Results.SearchResults("Offline demo catalog", List.of(
                        new CatalogEntry("dQw4w9WgXcQ", "Never Gonna Give You Up", "Rick Astley", 213, null))),
                new Results.SearchResults("Offline demo catalog", List.of()));
    }

    @ParameterizedTest
    @MethodSource("everyResult")
    void everyResultRoundTripsThroughAnAck(Object result) {
        String frame = Codec.write(new ServerMessage.Ack("r", 5L, Codec.tree(result)));

        ServerMessage.Ack ack = (ServerMessage.Ack) Codec.readServer(frame);

        assertThat(Codec.result(ack, result.getClass())).isEqualTo(result);
    }

    @Test
    void serverFramesReadTheSameFromUtf8Bytes() {
        String frame = "{\"type\":\"error\",\"requestId\":\"r8\",\"code\":\"not_found\","
                + "\"message\":\"Pas de « Beyoncé » ici 🎵\"}";

        assertThat(Codec.readServer(frame.getBytes(StandardCharsets.UTF_8))).isEqualTo(Codec.readServer(frame));
        assertThatThrownBy(() -> Codec.readServer("{\"type\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unreadable server message");
    }

    @Test
    void errorWithRequestId() {
        ServerMessage message = Codec.readServer("{\"type\":\"error\",\"requestId\":\"r8\",\"code\":\"not_found\","
                + "\"message\":\"That track is not in the queue.\"}");

        assertThat(message).isEqualTo(new ServerMessage.Error("r8", ErrorCode.NOT_FOUND,
                "That track is not in the queue."));
    }

    @Test
    void rateLimitedErrorWithoutRequestId() {
        ServerMessage message = Codec.readServer("{\"type\":\"error\",\"code\":\"rate_limited\","
                + "\"message\":\"Slow down: too many messages.\",\"retryAfterMs\":20}");

        assertThat(message).isEqualTo(new ServerMessage.Error(null, ErrorCode.RATE_LIMITED,
                "Slow down: too many messages.", 20L));
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyErrorCodeRoundTrips(ErrorCode code) {
        ServerMessage.Error error = new ServerMessage.Error("r", code, "text");

        assertThat(Codec.readServer(Codec.write(error))).isEqualTo(error);
        assertThat(Codec.write(error)).contains("\"code\":\"" + code.wire() + "\"");
    }

    @Test
    void errorCodeWireNames() {
        assertThat(Stream.of(ErrorCode.values()).map(ErrorCode::wire)).containsExactly("bad_request",
                "unauthorized", "forbidden", "not_found", "conflict", "rate_limited", "quota_exceeded",
                "setup_required", "unavailable", "outcome_unknown", "internal", "unknown");
        assertThat(Stream.of(Role.values()).map(Role::wire)).containsExactly("host", "cohost", "guest");
    }

    @Test
    void anErrorCodeFromANewerServerIsReadAsUnknown() {
        ServerMessage message = Codec.readServer("{\"type\":\"error\",\"requestId\":\"r9\",\"code\":\"room_locked\","
                + "\"message\":\"The host locked adding.\"}");

        assertThat(message).isEqualTo(new ServerMessage.Error("r9", ErrorCode.UNKNOWN, "The host locked adding."));
    }

    @Test
    void snapshot() {
        String frame = "{\"type\":\"snapshot\",\"seq\":41,\"room\":{\"id\":3,\"name\":\"Friday party\","
                + "\"joinCode\":\"K7QX4M\"},\"nowPlaying\":" + Codec.write(TRACK) + ",\"nowPlayingStartedAt\":"
                + "1717430500000,\"queue\":[" + Codec.write(TRACK.withScore(-1)) + "],\"myVotes\":{\"12\":-1}}";

        ServerMessage message = Codec.readServer(frame);

        assertThat(message).isEqualTo(new ServerMessage.Snapshot(41, ROOM, TRACK, 1717430500000L,
                List.of(TRACK.withScore(-1)), Map.of(12L, -1)));
    }

    @Test
    void snapshotOfAnEmptyRoom() {
        ServerMessage message = Codec.readServer("{\"type\":\"snapshot\",\"seq\":0,\"room\":{\"id\":3,"
                + "\"name\":\"Friday party\",\"joinCode\":\"K7QX4M\"},\"queue\":[],\"myVotes\":{}}");

        assertThat(message).isEqualTo(new ServerMessage.Snapshot(0, ROOM, null, null, List.of(), Map.of()));
    }

    static Stream<Change> everyChange() {
        return Stream.of(
                new Change.TrackAdded(TRACK),
                new Change.Voted(12, 7, 1, 4),
                new Change.Voted(12, 7, 0, 3),
                new Change.Voted(12, 8, -1, 2),
                new Change.TrackRemoved(12, "removed"),
                new Change.NowPlaying(TRACK, 1717430500000L),
                new Change.NowPlaying(null, 0));
    }

    @ParameterizedTest
    @MethodSource("everyChange")
    void everyChangeKindRoundTripsInAnEvent(Change change) {
        ServerMessage.Event event = new ServerMessage.Event(42, change);

        assertThat(Codec.readServer(Codec.write(event))).isEqualTo(event);
    }

    @Test
    void changeKindWireNames() {
        assertThat(Codec.tree(new Change.TrackAdded(TRACK)).get("kind").asText()).isEqualTo("trackAdded");
        assertThat(Codec.tree(new Change.Voted(1, 2, 1, 1)).get("kind").asText()).isEqualTo("voted");
        assertThat(Codec.tree(new Change.TrackRemoved(1, "removed")).get("kind").asText()).isEqualTo("trackRemoved");
        assertThat(Codec.tree(new Change.NowPlaying(null, 0)).get("kind").asText()).isEqualTo("nowPlaying");
    }

    @Test
    void unknownChangeKindParsesToUnknown() {
        ServerMessage message = Codec.readServer(
                "{\"type\":\"event\",\"seq\":43,\"change\":{\"kind\":\"trackLocked\",\"trackId\":12,\"by\":1}}");

        assertThat(message).isEqualTo(new ServerMessage.Event(43, new Change.Unknown()));
    }

    @Test
    void changeWithoutKindParsesToUnknown() {
        ServerMessage message = Codec.readServer("{\"type\":\"event\",\"seq\":43,\"change\":{\"trackId\":12}}");

        assertThat(message).isEqualTo(new ServerMessage.Event(43, new Change.Unknown()));
    }

    @Test
    void unknownFieldsOfKnownMessagesAreIgnored() {
        ServerMessage message = Codec.readServer("{\"type\":\"event\",\"seq\":44,\"shard\":2,\"change\":"
                + "{\"kind\":\"voted\",\"trackId\":12,\"guestId\":7,\"value\":1,\"score\":4,\"weight\":1}}");

        assertThat(message).isEqualTo(new ServerMessage.Event(44, new Change.Voted(12, 7, 1, 4)));
    }

    @Test
    void unreadableServerFrame() {
        assertThatThrownBy(() -> Codec.readServer("not json")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- NullsOmitted

    @Test
    void ackWithoutSeqAndResult() {
        assertThat(Codec.write(new ServerMessage.Ack("r12", null, null)))
                .isEqualTo("{\"type\":\"ack\",\"requestId\":\"r12\"}");
    }

    @Test
    void errorWithoutRequestIdAndRetry() {
        assertThat(Codec.write(new ServerMessage.Error(null, ErrorCode.BAD_REQUEST, "frame is not valid JSON")))
                .isEqualTo("{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"frame is not valid JSON\"}");
    }

    @Test
    void rateLimitedError() {
        assertThat(Codec.write(new ServerMessage.Error(null, ErrorCode.RATE_LIMITED, "Slow down: too many messages.", 20L)))
                .isEqualTo("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"Slow down: too many messages.\","
                        + "\"retryAfterMs\":20}");
    }

    @Test
    void hostJoinSendsOnlyTheHostToken() {
        assertThat(Codec.write(new Request.Join("r5", null, null, null, "host-secret", null)))
                .isEqualTo("{\"type\":\"join\",\"requestId\":\"r5\",\"hostToken\":\"host-secret\"}");
    }

    @Test
    void hostJoinResultHasNoGuestToken() {
        assertThat(Codec.write(new Results.Joined(3, "Friday party", "K7QX4M", 1, "Host", null, Role.HOST)))
                .isEqualTo("{\"roomId\":3,\"roomName\":\"Friday party\",\"joinCode\":\"K7QX4M\",\"guestId\":1,"
                        + "\"nickname\":\"Host\",\"role\":\"host\"}");
    }

    @Test
    void snapshotWithNothingPlaying() {
        assertThat(Codec.write(new ServerMessage.Snapshot(0, ROOM, null, null, List.of(), Map.of())))
                .isEqualTo("{\"type\":\"snapshot\",\"seq\":0,\"room\":{\"id\":3,\"name\":\"Friday party\","
                        + "\"joinCode\":\"K7QX4M\"},\"queue\":[],\"myVotes\":{},\"rules\":{\"ordering\":\"votes\","
                        + "\"downvotes\":true,\"addingLocked\":false,\"votingLocked\":false,\"voteOnly\":false,"
                        + "\"skipShare\":0.5},\"present\":[],\"playedCounts\":{},\"skipRequests\":[]}");
    }

    @Test
    void trackWithoutThumbnail() {
        Track track = new Track(5, "3JZ_D3ELwOQ", "Title", "", 200, null, 1, "Host", 1000, 0);

        assertThat(Codec.write(track)).isEqualTo("{\"id\":5,\"videoId\":\"3JZ_D3ELwOQ\",\"title\":\"Title\","
                + "\"channel\":\"\",\"durationSeconds\":200,\"addedBy\":1,\"addedByName\":\"Host\",\"addedAt\":1000,"
                + "\"score\":0}");
    }

    @Test
    void nowPlayingWithoutTrackKeepsItsPrimitiveStartedAt() {
        assertThat(Codec.write(new ServerMessage.Event(47, new Change.NowPlaying(null, 0))))
                .isEqualTo("{\"type\":\"event\",\"seq\":47,\"change\":{\"kind\":\"nowPlaying\",\"startedAt\":0,"
                        + "\"fallback\":false}}");
    }

    @Test
    void skipWithoutCurrentTrack() {
        assertThat(Codec.write(new Request.Skip("r10", null))).isEqualTo("{\"type\":\"skip\",\"requestId\":\"r10\"}");
    }

    @Test
    void severalEventsTravelInOneFrameAndReadBackInOrder() {
        ServerMessage.Event a = new ServerMessage.Event(7, new Change.Voted(1, 2, 1, 3));
        ServerMessage.Event b = new ServerMessage.Event(8, new Change.TrackRemoved(1, "removed"));
        String frame = ServerMessage.Events.frameOf(List.of(Codec.write(a), Codec.write(b)));
        assertThat(Codec.readServer(frame)).isEqualTo(new ServerMessage.Events(List.of(a, b)));
        assertThat(ServerMessage.Events.frameOf(List.of(Codec.write(a)))).isEqualTo(Codec.write(a));
    }
}
