package app.queued.client;

import static app.queued.client.ConnectionStatus.CLOSED;
import static app.queued.client.ConnectionStatus.CONNECTED;
import static app.queued.client.ConnectionStatus.CONNECTING;
import static app.queued.client.ConnectionStatus.RECONNECTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import app.queued.protocol.Change;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Protocol;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against {@link ScriptedServer} over real WebSockets on the loopback interface. */
@Timeout(value = 45, unit = TimeUnit.SECONDS) // above DEADLINE: a hung test fails, a slow machine does not
class QueuedClientTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15); // a condition's limit: only a busy machine nears it

    private final RecordingListener listener = new RecordingListener();
    private final List<QueuedClient> clients = new ArrayList<>();
    private ScriptedServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = ScriptedServer.launch();
        // Queue order at seq 2: 1 (added first), then 2 and 3 (added together; lower id first).
        server.seed(2, List.of(track(1, 0, 1000), track(2, 0, 2000), track(3, 0, 2000)));
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        clients.forEach(QueuedClient::close);
        server.stopQuietly();
    }

    @Test
    void connectSendsHelloAndReportsConnected() {
        QueuedClient client = client();

        assertThat(client.connect()).succeedsWithin(DEADLINE).isEqualTo(new Results.Hello(1, "scripted"));

        assertThat(server.requests(Request.Hello.class)).singleElement().satisfies(hello -> {
            assertThat(hello.protocol()).isEqualTo(Protocol.VERSION);
            assertThat(hello.client()).isEqualTo("Queued Java client");
        });
        assertThat(client.status()).isEqualTo(CONNECTED);
        eventually().until(() -> listener.statusSequence().equals(List.of(CONNECTING, CONNECTED)));
        assertThat(client.view()).isEqualTo(RoomView.EMPTY);
        assertThat(listener.threads).allMatch(name -> name.matches("queued-client-\\d+-callbacks"));
    }

    @Test
    void joinTakesTheSnapshotThenAppliesEventsInOrderAndReordersTheQueue() {
        QueuedClient client = joinedClient();
        assertThat(client.joined()).hasValueSatisfying(joined -> {
            assertThat(joined.guestId()).isEqualTo(ScriptedServer.GUEST_ID);
            assertThat(joined.guestToken()).isEqualTo(ScriptedServer.GUEST_TOKEN);
        });
        assertThat(trackIds(client.view())).containsExactly(1L, 2L, 3L);

        server.publish(new Change.Voted(3, 9, Protocol.UP, 1));
        eventually().until(() -> client.view().seq() == 3);
        assertThat(trackIds(client.view())).containsExactly(3L, 1L, 2L);

        server.publish(new Change.TrackAdded(track(4, 0, 500)));
        server.publish(new Change.Voted(2, ScriptedServer.GUEST_ID, Protocol.DOWN, -1));
        server.publish(new Change.Voted(1, 9, Protocol.UP, 1));
        eventually().until(() -> client.view().seq() == 6);

        RoomView view = client.view();
        // Score 1 first (1 was added before 3), then score 0 by time added, then the downvoted track.
        assertThat(trackIds(view)).containsExactly(1L, 3L, 4L, 2L);
        assertThat(view.myVotes()).containsExactly(entry(2L, Protocol.DOWN));
        eventually().until(() -> listener.eventSeqs().size() >= 4);
        assertThat(listener.eventSeqs()).containsExactly(3L, 4L, 5L, 6L);
        eventually().until(() -> view.equals(listener.lastView()));
    }

    @Test
    void queueOrderIsTheRoomsOrderIncludingTheFairMode() {
        QueuedClient client = joinedClient();
        // Tracks 1..3 were added by guest 9 (Bob). One of Bob's plays, then Ana (guest 8) adds track 5 at the same
        // time as track 4 of Bob's: with the fair rule, Ana's comes first although its id is higher.
        server.publish(new Change.NowPlaying(track(1, 0, 1000), 5000, null));
        server.publish(new Change.TrackAdded(track(4, 0, 6000)));
        server.publish(new Change.TrackAdded(new Track(5, "video5", "Song 5", "Channel", 200, null, 8, "Ana", 6000, 0)));
        eventually().until(() -> client.view().seq() == 5);
        assertThat(sortedBy(client.view().queue(), client.queueOrder())).isEqualTo(client.view().queue());
        assertThat(trackIds(client.view())).containsExactly(2L, 3L, 4L, 5L);

        server.publish(new Change.RulesChanged(new app.queued.protocol.RoomRules(app.queued.protocol.RoomRules.FAIR,
                null, null, true, null, false, false, false, 0.5)));
        eventually().until(() -> client.view().seq() == 6);
        assertThat(trackIds(client.view())).containsExactly(5L, 2L, 3L, 4L);
        List<Track> reversed = new ArrayList<>(client.view().queue());
        java.util.Collections.reverse(reversed);
        assertThat(sortedBy(reversed, client.queueOrder())).isEqualTo(client.view().queue());
    }

    private static List<Track> sortedBy(List<Track> tracks, java.util.Comparator<Track> order) {
        List<Track> sorted = new ArrayList<>(tracks);
        sorted.sort(order);
        return sorted;
    }

    @Test
    void errorReplyFailsTheRequestWithTheServersCodeAndMessage() {
        server.fail(Request.Vote.class, ErrorCode.NOT_FOUND, "That track is no longer queued");
        QueuedClient client = joinedClient();

        Throwable failure = failureOf(client.vote(99, Protocol.UP));

        assertThat(failure).isInstanceOf(RequestFailedException.class).hasMessage("That track is no longer queued");
        assertThat(((RequestFailedException) failure).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void errorsAnsweringNoRequestGoToTheListenerAndInvalidInputNeverLeaves() {
        QueuedClient client = joinedClient();

        server.sendToJoined(new ServerMessage.Error(null, ErrorCode.BAD_REQUEST, "frame is not valid JSON"));
        eventually().until(() -> listener.serverErrors.size() == 1);
        assertThat(listener.serverErrors.get(0).code()).isEqualTo(ErrorCode.BAD_REQUEST);

        Throwable failure = failureOf(client.vote(5, 2));
        assertThat(failure).isInstanceOf(RequestFailedException.class);
        assertThat(((RequestFailedException) failure).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(server.requests(Request.Vote.class)).isEmpty();
    }

    @Test
    void duplicateEventIsIgnored() {
        QueuedClient client = joinedClient();

        ServerMessage.Event third = server.publish(new Change.Voted(1, 9, Protocol.UP, 1));
        eventually().until(() -> client.view().seq() == 3);
        server.sendToJoined(third);
        server.publish(new Change.Voted(2, 9, Protocol.UP, 1));
        eventually().until(() -> client.view().seq() == 4);
        // listeners run on the callback thread, a moment after the view moved
        eventually().until(() -> listener.eventSeqs().size() >= 2);

        eventually().until(() -> listener.eventSeqs().size() >= 2);
        assertThat(listener.eventSeqs()).containsExactly(3L, 4L);
        assertThat(client.view().queue()).extracting(Track::score).containsExactly(1, 1, 0);
        assertThat(server.requests(Request.Resume.class)).isEmpty();
    }

    @Test
    void gapTriggersExactlyOneResumeFromTheLastAppliedSeq() {
        QueuedClient client = joinedClient();

        server.appendSilently(new Change.Voted(1, 9, Protocol.UP, 1));
        server.appendSilently(new Change.Voted(2, 9, Protocol.UP, 1));
        server.publish(new Change.Voted(3, 9, Protocol.UP, 1));
        server.publish(new Change.Voted(1, 9, Protocol.NONE, 0));
        eventually().until(() -> client.view().seq() == 6);

        assertThat(server.requests(Request.Resume.class)).singleElement()
                .extracting(Request.Resume::lastSeq).isEqualTo(2L);
        eventually().until(() -> listener.eventSeqs().size() >= 4);
        assertThat(listener.eventSeqs()).containsExactly(3L, 4L, 5L, 6L);
        assertThat(trackIds(client.view())).containsExactly(2L, 3L, 1L);
    }

    @Test
    void reconnectRejoinsCatchesUpAndResendsPendingRequestsWithTheirIds() {
        QueuedClient client = joinedClient();
        server.stayQuietOn(Request.Vote.class);
        CompletableFuture<ServerMessage.Ack> sentBeforeTheDrop = client.vote(1, Protocol.UP);
        eventually().until(() -> server.requests(Request.Vote.class).size() == 1);
        String voteId = server.requests(Request.Vote.class).get(0).requestId();

        server.refuseConnections(true);
        server.killConnections();
        eventually().until(() -> client.status() == RECONNECTING);
        server.appendSilently(new Change.Voted(1, ScriptedServer.GUEST_ID, Protocol.UP, 1));
        server.appendSilently(new Change.TrackAdded(track(4, 0, 500)));
        CompletableFuture<ServerMessage.Ack> madeDuringTheOutage = client.ping();
        server.answer(Request.Vote.class);
        server.refuseConnections(false);

        assertThat(sentBeforeTheDrop).succeedsWithin(DEADLINE);
        assertThat(madeDuringTheOutage).succeedsWithin(DEADLINE);
        eventually().until(() -> client.view().seq() == 4);
        assertThat(client.status()).isEqualTo(CONNECTED);
        assertThat(trackIds(client.view())).containsExactly(1L, 4L, 2L, 3L);
        assertThat(client.view().myVote(1)).isEqualTo(Protocol.UP);
        eventually().until(() -> listener.eventSeqs().size() >= 2);
        assertThat(listener.eventSeqs()).containsExactly(3L, 4L);

        List<ScriptedServer.Received> lastConnection = onLastConnection();
        assertThat(lastConnection).extracting(received -> received.request().getClass().getSimpleName())
                .containsExactly("Hello", "Join", "Vote", "Ping");
        Request.Join rejoin = (Request.Join) lastConnection.get(1).request();
        assertThat(rejoin.code()).isEqualTo("ABCD");
        assertThat(rejoin.guestToken()).isEqualTo(ScriptedServer.GUEST_TOKEN);
        assertThat(rejoin.nickname()).isNull();
        assertThat(rejoin.lastSeq()).isEqualTo(2L);
        assertThat(rejoin.lastRoomId()).as("the room lastSeq is a position in").isEqualTo(ScriptedServer.ROOM.id());
        assertThat(server.requests(Request.Vote.class)).extracting(Request::requestId).containsExactly(voteId, voteId);
        assertThat(server.requests(Request.Ping.class)).hasSize(1);
        eventually().until(() -> listener.statusSequence()
                .equals(List.of(CONNECTING, CONNECTED, RECONNECTING, CONNECTED)));
    }

    /**
     * Issue 16.13: with several votes on one track in flight, a retried one could be applied after a later one. The
     * client keeps one unanswered vote per track: the next waits for its answer, also across a reconnect.
     */
    @Test
    void aVoteOnATrackWaitsForTheAnswerToTheEarlierVoteOnIt() {
        // the votes wait through a reconnect: give them longer than a loaded machine takes for it
        QueuedClient client = joinedClient(builder -> builder.requestTimeout(Duration.ofSeconds(8)));
        server.stayQuietOn(Request.Vote.class);
        CompletableFuture<ServerMessage.Ack> up = client.vote(1, Protocol.UP);
        CompletableFuture<ServerMessage.Ack> down = client.vote(1, Protocol.DOWN);
        CompletableFuture<ServerMessage.Ack> other = client.vote(2, Protocol.UP);
        CompletableFuture<ServerMessage.Ack> none = client.vote(1, Protocol.NONE);
        eventually().until(() -> server.requests(Request.Vote.class).size() == 2);
        eventually().during(Duration.ofMillis(300)).until(() -> server.requests(Request.Vote.class).size() == 2);
        assertThat(server.requests(Request.Vote.class)).extracting(Request.Vote::trackId).containsExactly(1L, 2L);

        // across a reconnect: the first vote on track 1 is resent, the later ones still wait for its answer
        server.killConnections();
        eventually().until(() -> server.connections() == 2 && server.requests(Request.Vote.class).size() == 4);
        eventually().during(Duration.ofMillis(300)).until(() -> server.requests(Request.Vote.class).size() == 4);

        server.answerHeld(Request.Vote.class);
        assertThat(CompletableFuture.allOf(up, down, other, none)).succeedsWithin(DEADLINE);
        List<Integer> onTrackOne = server.requests(Request.Vote.class).stream().filter(vote -> vote.trackId() == 1)
                .map(Request.Vote::value).toList();
        assertThat(onTrackOne).as("sent in the order made, each after the answer to the one before")
                .containsExactly(Protocol.UP, Protocol.UP, Protocol.DOWN, Protocol.NONE);
    }

    @Test
    void aRateLimitedRequestIsResentWithItsIdAfterItsRetryAfterAndKeepsLaterVotesBehindIt() {
        QueuedClient client = joinedClient();
        server.rateLimitNext(Request.Vote.class, 150);
        CompletableFuture<ServerMessage.Ack> up = client.vote(1, Protocol.UP);
        CompletableFuture<ServerMessage.Ack> down = client.vote(1, Protocol.DOWN);

        assertThat(CompletableFuture.allOf(up, down)).succeedsWithin(DEADLINE);
        List<Request.Vote> votes = server.requests(Request.Vote.class);
        assertThat(votes).extracting(Request.Vote::value).containsExactly(Protocol.UP, Protocol.UP, Protocol.DOWN);
        assertThat(votes.get(1).requestId()).isEqualTo(votes.get(0).requestId());
        assertThat(listener.serverErrors).as("told, to say \"slow down\"").singleElement()
                .satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED));
    }

    @Test
    void hostRejoinsWithItsHostToken() {
        QueuedClient client = client();
        client.connect();
        assertThat(client.joinAsHost("host-secret")).succeedsWithin(DEADLINE);
        eventually().until(() -> client.view().seq() == 2);

        server.killConnections();
        eventually().until(() -> server.requests(Request.Join.class).size() == 2);

        Request.Join rejoin = server.requests(Request.Join.class).get(1);
        assertThat(rejoin.hostToken()).isEqualTo("host-secret");
        assertThat(rejoin.code()).isNull();
        assertThat(rejoin.lastSeq()).isEqualTo(2L);
        assertThat(rejoin.lastRoomId()).isEqualTo(ScriptedServer.ROOM.id());
        eventually().until(() -> client.status() == CONNECTED);
    }

    @Test
    void refusedRejoinClosesTheClientForGood() {
        QueuedClient client = joinedClient();
        assertThat(client.closeCause()).isEmpty();
        server.stayQuietOn(Request.Ping.class);
        CompletableFuture<ServerMessage.Ack> unanswered = client.ping();
        eventually().until(() -> server.requests(Request.Ping.class).size() == 1);

        server.refuseJoins(ErrorCode.FORBIDDEN, "You were removed from this room");
        server.killConnections();

        eventually().until(() -> listener.statuses.contains(
                new RecordingListener.Status(CLOSED, "You were removed from this room")));
        assertThat(client.status()).isEqualTo(CLOSED);
        assertThat(client.closeCause()).hasValueSatisfying(cause -> {
            assertThat(cause.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(cause.getMessage()).isEqualTo("You were removed from this room");
        });
        Throwable failure = failureOf(unanswered);
        assertThat(failure).isInstanceOf(RequestFailedException.class);
        assertThat(((RequestFailedException) failure).code()).isEqualTo(ErrorCode.FORBIDDEN);
        int connections = server.connections();
        eventually().during(Duration.ofMillis(300))
                .until(() -> server.connections() == connections);
        assertThat(((RequestFailedException) failureOf(client.ping())).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void unansweredRequestTimesOut() {
        // long enough for the hello on a loaded machine, short enough to keep the test quick
        QueuedClient client = client(builder -> builder.requestTimeout(Duration.ofMillis(1500)));
        assertThat(client.connect()).succeedsWithin(DEADLINE);
        server.stayQuietOn(Request.Ping.class);

        assertThat(failureOf(client.ping())).isInstanceOf(TimeoutException.class);
        assertThat(client.status()).isEqualTo(CONNECTED);
    }

    @Test
    void unreadableFramesAreIgnored() {
        QueuedClient client = joinedClient();

        server.sendToJoined("this is not json");
        server.sendToJoined("{\"type\":\"mystery\"}");
        server.sendToJoined("{\"type\":\"event\",\"seq\":\"three\"}");
        server.publish(new Change.Voted(1, 9, Protocol.UP, 1));

        eventually().until(() -> client.view().seq() == 3);
        assertThat(client.status()).isEqualTo(CONNECTED);
        assertThat(listener.serverErrors).isEmpty();
    }

    @Test
    void anErrorCodeFromANewerServerStillReadsAsAnError() {
        QueuedClient client = joinedClient();
        server.sendToJoined("{\"type\":\"error\",\"code\":\"no_such_code\",\"message\":\"New rule.\"}");
        eventually().until(() -> listener.serverErrors.size() == 1);
        assertThat(listener.serverErrors.get(0).code()).isEqualTo(ErrorCode.UNKNOWN);
        assertThat(listener.serverErrors.get(0).message()).isEqualTo("New rule.");
    }

    @Test
    void aRequestWhoseOutcomeTheServerDoesNotKnowIsAskedAgainWithItsIdUntilTheTrueAnswer() {
        QueuedClient client = client(builder -> builder.requestTimeout(Duration.ofSeconds(8)));
        assertThat(client.connect()).succeedsWithin(DEADLINE);
        assertThat(client.joinAsGuest("ABCD", "Ann", null)).succeedsWithin(DEADLINE);
        server.fail(Request.Vote.class, ErrorCode.OUTCOME_UNKNOWN, "Send it again to get the true answer.");

        CompletableFuture<ServerMessage.Ack> vote = client.vote(1, Protocol.UP);
        eventually().until(() -> server.requests(Request.Vote.class).size() >= 2);
        assertThat(vote).as("not the app's business: the client asks again").isNotDone();
        server.stopFailing(Request.Vote.class);

        assertThat(vote).succeedsWithin(DEADLINE);
        // at least one resend (the one answered may be the one in flight when the server stopped failing), all with
        // the first one's id
        assertThat(server.requests(Request.Vote.class)).extracting(Request::requestId).hasSizeGreaterThanOrEqualTo(2)
                .containsOnly(server.requests(Request.Vote.class).get(0).requestId());
    }

    @Test
    void pendingRequestsAreBoundedAndFailWhenTheClientCloses() {
        QueuedClient client = client(builder -> builder.maxPending(2));
        CompletableFuture<ServerMessage.Ack> first = client.ping();
        client.ping();

        Throwable refused = failureOf(client.ping());
        assertThat(((RequestFailedException) refused).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(first).isNotDone();

        client.close();
        assertThat(((RequestFailedException) failureOf(first)).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void firstConnectionFailureFailsConnectAndCloses() throws Exception {
        URI nobodyListens;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobodyListens = URI.create("ws://127.0.0.1:" + socket.getLocalPort());
        }
        QueuedClient client = QueuedClient.builder(nobodyListens).listener(listener).build();
        clients.add(client);

        Throwable failure = failureOf(client.connect());

        assertThat(((RequestFailedException) failure).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(client.status()).isEqualTo(CLOSED);
        assertThat(client.closeCause()).hasValueSatisfying(
                cause -> assertThat(cause.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void withSeveralAddressesTheFirstThatAnswersIsUsed() throws Exception {
        URI nobodyListens = unusedAddress();
        QueuedClient client = QueuedClient.builder(List.of(nobodyListens, server.uri())).listener(listener)
                .connectTimeout(Duration.ofSeconds(2)).build();
        clients.add(client);

        assertThat(client.connect()).succeedsWithin(DEADLINE);

        assertThat(server.requests(Request.Hello.class)).hasSize(1);
        assertThat(client.status()).isEqualTo(CONNECTED);
    }

    @Test
    void whenItsNodeDiesTheClientRejoinsThroughTheNextAddressAndResends() throws Exception {
        ScriptedServer second = ScriptedServer.launch();
        try {
            second.seed(2, List.of(track(1, 0, 1000), track(2, 0, 2000), track(3, 0, 2000)));
            QueuedClient client = QueuedClient.builder(List.of(server.uri(), second.uri())).listener(listener)
                    .requestTimeout(Duration.ofSeconds(3)).backoff(Duration.ofMillis(20), Duration.ofMillis(200))
                    .build();
            clients.add(client);
            assertThat(client.connect()).succeedsWithin(DEADLINE);
            assertThat(client.joinAsGuest("ABCD", "Ann", null)).succeedsWithin(DEADLINE);
            eventually().until(() -> client.view().seq() == 2);
            server.stayQuietOn(Request.Vote.class);
            CompletableFuture<ServerMessage.Ack> inFlight = client.vote(1, Protocol.UP);
            eventually().until(() -> server.requests(Request.Vote.class).size() == 1);

            server.refuseConnections(true); // the node is gone for good
            server.killConnections();

            assertThat(inFlight).succeedsWithin(DEADLINE);
            eventually().until(() -> client.status() == CONNECTED);
            Request.Join rejoin = second.requests(Request.Join.class).get(0);
            assertThat(rejoin.guestToken()).isEqualTo(ScriptedServer.GUEST_TOKEN);
            assertThat(rejoin.lastSeq()).isEqualTo(2L);
            assertThat(second.requests(Request.Vote.class)).extracting(Request::requestId)
                    .containsExactly(server.requests(Request.Vote.class).get(0).requestId());
        } finally {
            second.stopQuietly();
        }
    }

    @Test
    void whenEveryAddressFailsConnectFailsNamingThemAll() throws Exception {
        URI first = unusedAddress();
        URI second = unusedAddress();
        QueuedClient client = QueuedClient.builder(List.of(first, second)).listener(listener).build();
        clients.add(client);

        Throwable failure = failureOf(client.connect());

        assertThat(((RequestFailedException) failure).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(failure.getMessage()).contains(first.toString()).contains(second.toString());
        assertThat(client.status()).isEqualTo(CLOSED);
    }

    private static URI unusedAddress() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("ws://127.0.0.1:" + socket.getLocalPort());
        }
    }

    @Test
    void closeEndsEveryThreadTheClientStarted() {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        QueuedClient client = joinedClient();
        assertThat(threadsStartedSince(before)).isNotEmpty();

        client.close();
        client.close();

        eventually().pollInSameThread()
                .untilAsserted(() -> assertThat(threadsStartedSince(before)).isEmpty());
        assertThat(client.status()).isEqualTo(CLOSED);
        assertThat(listener.statuses).last().isEqualTo(new RecordingListener.Status(CLOSED, "closed by the client"));
    }

    // ---- helpers

    private QueuedClient client() {
        return client(builder -> {
        });
    }

    private QueuedClient client(Consumer<QueuedClient.Builder> settings) {
        QueuedClient.Builder builder = QueuedClient.builder(server.uri())
                .listener(listener)
                // generous: on a machine busy with other work a hello took over 2 s (the tests that are about
                // timing out set their own)
                .requestTimeout(Duration.ofSeconds(10))
                .connectTimeout(Duration.ofSeconds(10))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(200));
        settings.accept(builder);
        QueuedClient client = builder.build();
        clients.add(client);
        return client;
    }

    private QueuedClient joinedClient() {
        return joinedClient(builder -> {
        });
    }

    private QueuedClient joinedClient(Consumer<QueuedClient.Builder> settings) {
        QueuedClient client = client(settings);
        assertThat(client.connect()).succeedsWithin(DEADLINE);
        assertThat(client.joinAsGuest("ABCD", "Ann", null)).succeedsWithin(DEADLINE);
        eventually().until(() -> client.view().seq() == 2);
        return client;
    }

    private List<ScriptedServer.Received> onLastConnection() {
        List<ScriptedServer.Received> received = server.received();
        int last = received.get(received.size() - 1).connection();
        return received.stream().filter(r -> r.connection() == last).toList();
    }

    /** Every wait has a deadline; polling often keeps the whole class fast. */
    private static ConditionFactory eventually() {
        return await().atMost(DEADLINE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        eventually().until(future::isDone);
        Throwable thrown = catchThrowable(future::join);
        return thrown instanceof CompletionException ? thrown.getCause() : thrown;
    }

    private static List<String> threadsStartedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !before.contains(thread))
                .map(Thread::getName)
                .toList();
    }

    private static List<Long> trackIds(RoomView view) {
        return view.queue().stream().map(Track::id).toList();
    }

    static Track track(long id, int score, long addedAt) {
        return new Track(id, "video" + id, "Song " + id, "Channel", 200, null, 9, "Bob", addedAt, score);
    }
}
