package app.queued.server.catalog.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.RoomRules;
import app.queued.protocol.ServerMessage;
import app.queued.server.room.RoomService;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TestServer;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** YouTube in its odd moods, seen from the guests of a real vote server. */
class YouTubeThroughTheServerTest {
    static final String KEY = "AIzaSyTHROUGH-the-server-key";
    /** Far longer than a join, a rejoin or a vote ever takes; far shorter than the hanging searches' own deadline. */
    static final Duration GENEROUS = Duration.ofSeconds(10);

    FakeYouTube yt;
    YouTubeCatalog catalog;
    final List<RawClient> clients = new ArrayList<>();

    @BeforeEach
    void stub() throws Exception {
        yt = new FakeYouTube();
        yt.requiredKey = KEY;
        yt.video("queuedsong1").title("A queued song").duration("PT3M").add();
        yt.video("nolength001").title("A song of unknown length").duration(null).add();
        yt.video("songofsong1").title("Song of songs").add();
    }

    @AfterEach
    void stop() {
        clients.forEach(RawClient::close);
        if (catalog != null) {
            catalog.close();
        }
        yt.close();
    }

    private TestServer start(Duration youTubeDeadline) {
        catalog = YouTubeCatalog.builder(YouTubeCredentials.apiKeyOnly(KEY)).rootUrl(yt.rootUrl()).region("US")
                .timeout(youTubeDeadline).retentionPeriod(null).build();
        return TestServer.start(catalog, config -> config);
    }

    private RawClient keep(RawClient client) {
        clients.add(client);
        return client;
    }

    private static <T> T within(Duration deadline, String what, Supplier<T> step) throws Exception {
        long t0 = System.nanoTime();
        try {
            T result = CompletableFuture.supplyAsync(step).get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            LoggerFactory.getLogger(YouTubeThroughTheServerTest.class).info("{} answered in {} ms", what,
                    (System.nanoTime() - t0) / 1_000_000);
            return result;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(what + " was not answered within " + deadline, e);
        }
    }

    @ParameterizedTest(name = "{0} hanging searches")
    @ValueSource(ints = {8, 20, 50})
    void hangingSearchesDelayNoJoinRejoinOrVote(int hanging) throws Exception {
        try (TestServer server = start(Duration.ofSeconds(60))) {
            Results.RoomCreated room = server.createRoom("Slow YouTube");
            RawClient ana = keep(RawClient.guest(server.uri(), room.joinCode(), "Ana"));
            ServerMessage added = ana.request(new Request.Add(ana.nextId(), "queuedsong1"));
            long track = Codec.result((ServerMessage.Ack) added, Results.Added.class).trackId();

            yt.hangUntilClosed();
            RawClient searcher = keep(RawClient.guest(server.uri(), room.joinCode(), "Sam"));
            List<String> searches = new ArrayList<>();
            for (int i = 0; i < hanging; i++) {
                Request.Search search = new Request.Search(searcher.nextId(), "nobody answers " + i);
                searches.add(search.requestId());
                searcher.sendRaw(Codec.write(search));
            }
            FakeYouTube.awaitCondition(() -> yt.atGate.get() >= 4, "searches hanging at YouTube");

            RawClient bea = within(GENEROUS, "a new guest's join",
                    () -> keep(RawClient.guest(server.uri(), room.joinCode(), "Bea")));
            ServerMessage vote = within(GENEROUS, "a vote",
                    () -> bea.request(new Request.Vote(bea.nextId(), track, 1)));
            assertThat(vote).isInstanceOf(ServerMessage.Ack.class);
            String anaToken = ana.guestToken();
            RawClient anaAgain = within(GENEROUS, "a rejoin", () -> {
                RawClient again = keep(RawClient.greeted(server.uri()));
                again.join(new Request.Join(again.nextId(), room.joinCode(), null, anaToken, null, null));
                return again;
            });
            assertThat(anaAgain.view().queueSize()).isEqualTo(1);

            // meanwhile YouTube still has not answered: the searches hang, or were refused at once when too many
            assertThat(yt.atGate.get()).as("searches still hanging").isGreaterThanOrEqualTo(4);
            List<ServerMessage.Error> refused = new ArrayList<>();
            for (String id : searches) {
                for (String frame : searcher.received()) {
                    if (Codec.readServer(frame) instanceof ServerMessage.Error error && id.equals(error.requestId())) {
                        refused.add(error);
                    }
                    assertThat(Codec.readServer(frame) instanceof ServerMessage.Ack ack && id.equals(ack.requestId()))
                            .as("no search was answered").isFalse();
                }
            }
            assertThat(refused).allSatisfy(e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.message()).contains("YouTube", "try again");
            });
            // The pool takes CATALOG_THREADS at once and queues CATALOG_QUEUE. Its thread that ran Ana's add may
            // take its queued search a moment after the burst filled the queue (a busy machine): one more refused.
            int beyond = Math.max(0, hanging - (RoomService.CATALOG_THREADS + RoomService.CATALOG_QUEUE));
            assertThat(refused.size()).as("beyond the bounded queue, refused at once")
                    .isBetween(beyond, beyond == 0 ? 0 : beyond + 1);
        }
    }

    @Test
    void aSearchThatWaitedTooLongForAThreadIsRefusedNotStarted() {
        try (TestServer server = start(Duration.ofSeconds(4))) {
            Results.RoomCreated room = server.createRoom("Slow YouTube");
            yt.hangUntilClosed();
            RawClient sam = keep(RawClient.guest(server.uri(), room.joinCode(), "Sam"));
            int waiting = 4;
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < RoomService.CATALOG_THREADS + waiting; i++) {
                Request.Search search = new Request.Search(sam.nextId(), "slow " + i);
                ids.add(search.requestId());
                sam.sendRaw(Codec.write(search));
            }
            int hits = 0;
            for (String id : ids) {
                ServerMessage.Error error = (ServerMessage.Error) sam.awaitReply(id);
                assertThat(error.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                if (error.message().startsWith("YouTube is slow to answer right now")) {
                    hits++;
                } else {
                    assertThat(error.message()).isEqualTo(YouTubeApi.YOUTUBE_DOWN); // its own 4 s deadline
                }
            }
            assertThat(hits).as("the ones that waited 4 s for a thread").isEqualTo(waiting);
            assertThat(yt.searchCalls.get()).as("they never reached YouTube").isEqualTo(RoomService.CATALOG_THREADS);
        }
    }

    @Test
    void anUnreadableAnswerIsUnavailableNeverInternalAndLogsNoError() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (TestServer server = start(Duration.ofSeconds(5))) {
            Results.RoomCreated room = server.createRoom("Odd answers");
            RawClient ana = keep(RawClient.guest(server.uri(), room.joinCode(), "Ana"));
            int i = 0;
            for (String body : List.of(FakeYouTube.EMPTY_BODY, FakeYouTube.ARRAY_BODY, FakeYouTube.ITEMS_OBJECT_BODY,
                    FakeYouTube.CUT_BODY)) {
                yt.nextFailure = new FakeYouTube.Failure(200, body);
                ServerMessage reply = ana.request(new Request.Search(ana.nextId(), "odd answer " + i++));
                assertThat(reply).as(body).isInstanceOf(ServerMessage.Error.class);
                assertThat(((ServerMessage.Error) reply).code()).as(body).isEqualTo(ErrorCode.UNAVAILABLE);
                yt.nextFailure = new FakeYouTube.Failure(200, body);
                reply = ana.request(new Request.Add(ana.nextId(), "songofsong1"));
                assertThat(((ServerMessage.Error) reply).code()).as(body).isEqualTo(ErrorCode.UNAVAILABLE);
            }
            assertThat(catalog.hostProblem()).isEqualTo(YouTubeApi.UNREADABLE);
            assertThat(logs.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)).isEmpty();
            assertThat(logs.list).filteredOn(e -> e.getThrowableProxy() != null).isEmpty();
        } finally {
            root.detachAppender(logs);
        }
    }

    @Test
    void setUpProblemsTellTheGuestTheHostMustAct() {
        try (TestServer server = start(Duration.ofSeconds(5))) {
            Results.RoomCreated room = server.createRoom("Wrong key");
            RawClient ana = keep(RawClient.guest(server.uri(), room.joinCode(), "Ana"));
            yt.requiredKey = "AIzaSomeOtherKey";
            ServerMessage.Error search = (ServerMessage.Error) ana.request(new Request.Search(ana.nextId(), "x"));
            assertThat(search.code()).isEqualTo(ErrorCode.SETUP_REQUIRED);
            assertThat(search.message()).isEqualTo(YouTubeApi.KEY_REFUSED).doesNotContain("AIza");
            ServerMessage.Error add = (ServerMessage.Error) ana.request(new Request.Add(ana.nextId(), "songofsong1"));
            assertThat(add.code()).isEqualTo(ErrorCode.SETUP_REQUIRED);
            catalog.credentials().signOut();
            ServerMessage.Error none = (ServerMessage.Error) ana.request(new Request.Search(ana.nextId(), "y"));
            assertThat(none.code()).isEqualTo(ErrorCode.SETUP_REQUIRED);
            assertThat(none.message()).startsWith("The host has not set up YouTube yet");
            assertThat(catalog.quota().unitsUsedToday()).as("nothing YouTube billed").isZero();
        }
    }

    @Test
    void aTrackOfUnknownLengthDoesNotSlipPastTheLengthLimit() {
        try (TestServer server = start(Duration.ofSeconds(5))) {
            Results.RoomCreated room = server.createRoom("Short songs only");
            RawClient host = keep(RawClient.host(server.uri(), room.hostToken()));
            RawClient ana = keep(RawClient.guest(server.uri(), room.joinCode(), "Ana"));
            RoomRules rules = new RoomRules(RoomRules.VOTES, null, 600, true, null, false, false, false, 0.5);
            assertThat(host.request(new Request.SetRules(host.nextId(), rules))).isInstanceOf(ServerMessage.Ack.class);

            ServerMessage reply = ana.request(new Request.Add(ana.nextId(), "https://youtu.be/nolength001"));
            assertThat(reply).isInstanceOf(ServerMessage.Error.class);
            ServerMessage.Error refused = (ServerMessage.Error) reply;
            assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(refused.message()).isEqualTo("How long that track is isn't known, so it can't be checked "
                    + "against the host's limit (at most 10:00).");
            assertThat(ana.request(new Request.Add(ana.nextId(), "queuedsong1"))).isInstanceOf(ServerMessage.Ack.class);
            assertThat(host.request(new Request.Add(host.nextId(), "nolength001")))
                    .as("the host's own rules do not bind the host").isInstanceOf(ServerMessage.Ack.class);

            RoomRules anyLength = new RoomRules(RoomRules.VOTES, null, null, true, null, false, false, false, 0.5);
            host.request(new Request.SetRules(host.nextId(), anyLength));
            yt.video("nolength002").title("Another of unknown length").duration(null).add();
            assertThat(ana.request(new Request.Add(ana.nextId(), "nolength002")))
                    .as("without a limit, an unknown length is fine").isInstanceOf(ServerMessage.Ack.class);
        }
    }
}
