package app.queued.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TcpProxy;
import app.queued.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL faults under the vote server, made with a relay between the two ({@link TcpProxy}): the answer to a
 * commit lost (PostgreSQL restarted right after committing, or the network dropped the reply), and PostgreSQL
 * unreachable for a while. Every answer must be the truth — never "not saved" for a saved request — and arrive
 * promptly; bounds here are generous (a loaded machine must not fail them), the measured times are printed.
 */
class DatabaseFaultsTest {
    /** Generous: the server answers in milliseconds while the database is known to be down. */
    private static final Duration PROMPT = Duration.ofSeconds(3);

    private TestServer server;
    private TcpProxy db;
    private Results.RoomCreated room;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() {
        server = TestServer.start(config -> {
            try {
                db = TcpProxy.toPostgres(config.dbUrl());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return config.withExternal(db.jdbcUrlFor(config.dbUrl()), config.dbUser(), config.dbPassword(),
                    config.redisUrl());
        });
        room = server.createRoom("Faults");
    }

    @AfterEach
    void stop() {
        later.shutdownNow();
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static boolean voteCommit(String sql) {
        return sql.contains("queued_commit_votes("); // VoteCommit: the one-statement vote path
    }

    private static boolean commit(String sql) {
        return sql.trim().equalsIgnoreCase("COMMIT"); // the general path's RoomTransaction
    }

    @Test
    void aVoteWhoseCommitAnswerIsLostGetsItsTrueAckAndEveryScreenTheEvent() throws Exception {
        try (RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana");
             RawClient ben = RawClient.guest(server.uri(), room.joinCode(), "Ben")) {
            long track = VotePathTestAccess.add(ana, "dQw4w9WgXcQ");
            VotePathTestAccess.vote(ben, track, 1); // the room is in memory: the next vote takes the one-statement path
            CompletableFuture<Void> lost = db.loseReplyTo(DatabaseFaultsTest::voteCommit, TcpProxy.Loss.CLOSE_AND_BLOCK);
            lost.thenRun(() -> later.schedule(db::unblock, 500, TimeUnit.MILLISECONDS)); // PostgreSQL restarts

            Request.Vote vote = new Request.Vote(ana.nextId(), track, 1);
            ServerMessage reply = ana.request(vote);

            assertThat(lost).as("the vote's commit answer was lost").isDone();
            assertThat(reply).as("the vote is saved: its answer is the ack").isInstanceOf(ServerMessage.Ack.class);
            assertThat(((ServerMessage.Ack) reply).seq()).isEqualTo(loggedSeq(ana.guestId(), vote.requestId()));
            long last = server.lastSeq(room.roomId());
            ben.awaitState(s -> s.seq() == last); // without anyone writing again
            assertThat(ben.view().track(track).score()).isEqualTo(2);
        }
    }

    @Test
    void aVoteStillInDoubtAfterTheBoundIsOutcomeUnknownNeverUnavailableAndItsResendGetsTheOriginalAck()
            throws Exception {
        try (RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana");
             RawClient ben = RawClient.guest(server.uri(), room.joinCode(), "Ben")) {
            long track = VotePathTestAccess.add(ana, "dQw4w9WgXcQ");
            VotePathTestAccess.vote(ben, track, 1);
            CompletableFuture<Void> lost = db.loseReplyTo(DatabaseFaultsTest::voteCommit, TcpProxy.Loss.CLOSE_AND_BLOCK);

            Request.Vote vote = new Request.Vote(ana.nextId(), track, 1);
            long sent = System.nanoTime();
            ServerMessage reply = ana.request(vote); // PostgreSQL stays away until the answer is in
            long answeredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            System.out.printf("[faults] vote in doubt answered %s after %d ms%n",
                    reply instanceof ServerMessage.Error e ? e.code().wire() : "ack", answeredMs);

            assertThat(lost).isDone();
            assertThat(reply).isInstanceOf(ServerMessage.Error.class);
            assertThat(((ServerMessage.Error) reply).code()).as("saved, so never 'not saved'")
                    .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
            long stored = loggedSeq(ana.guestId(), vote.requestId());
            assertThat(stored).as("the vote was committed before the answer was lost").isPositive();

            db.unblock();
            long last = server.lastSeq(room.roomId());
            ben.awaitState(s -> s.seq() == last); // once PostgreSQL is back, without anyone writing again
            ana.awaitState(s -> s.seq() == last);
            ana.forgetReply(vote.requestId());
            ServerMessage again = ana.request(vote);
            assertThat(again).isInstanceOf(ServerMessage.Ack.class);
            assertThat(((ServerMessage.Ack) again).seq()).isEqualTo(stored);
            assertThat(server.lastSeq(room.roomId())).as("applied once").isEqualTo(last);
            assertThat(ben.view().track(track).score()).isEqualTo(2);
        }
    }

    @Test
    void aVoteResentFromANewConnectionWhileItIsInDoubtIsNeverAnsweredUnavailable() throws Exception {
        try (RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana");
             RawClient ben = RawClient.guest(server.uri(), room.joinCode(), "Ben")) {
            long track = VotePathTestAccess.add(ana, "dQw4w9WgXcQ");
            VotePathTestAccess.vote(ben, track, 1);
            long before = server.lastSeq(room.roomId());
            ana.awaitState(s -> s.seq() == before);
            ServerMessage.Snapshot seen = ana.view().toSnapshot();
            CompletableFuture<Void> lost = db.loseReplyTo(DatabaseFaultsTest::voteCommit, TcpProxy.Loss.CLOSE_AND_BLOCK);

            Request.Vote vote = new Request.Vote("in-doubt", track, 1);
            ana.sendRaw(Codec.write(vote));
            await().atMost(PROMPT).until(lost::isDone);
            await().atMost(PROMPT).until(() -> server.server().database().isDown());
            ana.close(); // Ana's phone drops its connection too, comes back and resends the vote
            try (RawClient back = RawClient.greeted(server.uri())) {
                back.rejoin(new Request.Join(back.nextId(), room.joinCode(), null, ana.guestToken(), null, before),
                        seen);
                ServerMessage resent = back.request(vote);
                assertThat(resent).isInstanceOf(ServerMessage.Error.class);
                assertThat(((ServerMessage.Error) resent).code()).as("it may be saved: never 'not saved'")
                        .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);

                db.unblock();
                long stored = loggedSeq(ana.guestId(), vote.requestId());
                await().atMost(Duration.ofSeconds(10)).until(() -> !server.server().database().isDown());
                back.forgetReply(vote.requestId());
                ServerMessage truth = back.request(vote);
                assertThat(truth).isInstanceOf(ServerMessage.Ack.class);
                assertThat(((ServerMessage.Ack) truth).seq()).isEqualTo(stored);
                long last = server.lastSeq(room.roomId());
                ben.awaitState(s -> s.seq() == last);
                assertThat(ben.view().track(track).score()).isEqualTo(2);
            }
        }
    }

    @Test
    void aVoteWhoseAnswerTheNetworkDropsIsAnsweredOnceTheConnectionTimesOut() throws Exception {
        try (RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana");
             RawClient ben = RawClient.guest(server.uri(), room.joinCode(), "Ben")) {
            long track = VotePathTestAccess.add(ana, "dQw4w9WgXcQ");
            VotePathTestAccess.vote(ben, track, 1);
            CompletableFuture<Void> lost = db.loseReplyTo(DatabaseFaultsTest::voteCommit, TcpProxy.Loss.SILENT);

            Request.Vote vote = new Request.Vote(ana.nextId(), track, -1);
            ServerMessage reply = ana.request(vote);

            assertThat(lost).isDone();
            assertThat(reply).isInstanceOf(ServerMessage.Ack.class);
            assertThat(((ServerMessage.Ack) reply).seq()).isEqualTo(loggedSeq(ana.guestId(), vote.requestId()));
            long last = server.lastSeq(room.roomId());
            ben.awaitState(s -> s.seq() == last);
            assertThat(ben.view().track(track).score()).isZero();
        }
    }

    @Test
    void anAddWhoseCommitAnswerIsLostIsAcknowledgedNotRefused() throws Exception {
        try (RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana");
             RawClient ben = RawClient.guest(server.uri(), room.joinCode(), "Ben")) {
            VotePathTestAccess.add(ben, "kJQP7kiw5Fk");
            CompletableFuture<Void> lost = db.loseReplyTo(DatabaseFaultsTest::commit, TcpProxy.Loss.CLOSE_AND_BLOCK);
            lost.thenRun(() -> later.schedule(db::unblock, 500, TimeUnit.MILLISECONDS));

            Request.Add add = new Request.Add(ana.nextId(), "dQw4w9WgXcQ");
            ServerMessage reply = ana.request(add);

            assertThat(lost).isDone();
            assertThat(reply).as("the add is saved: its answer is the ack").isInstanceOf(ServerMessage.Ack.class);
            Results.Added added = Codec.result((ServerMessage.Ack) reply, Results.Added.class);
            assertThat(added.outcome()).isEqualTo("added");
            assertThat(((ServerMessage.Ack) reply).seq()).isEqualTo(loggedSeq(ana.guestId(), add.requestId()));
            long last = server.lastSeq(room.roomId());
            ben.awaitState(s -> s.seq() == last);
            assertThat(ben.view().track(added.trackId())).isNotNull();
            assertThat(ben.view().orderedQueue()).hasSize(2);
        }
    }

    @Test
    void whileTheDatabaseIsDownEveryVoteIsRefusedPromptlyAndTheFirstAfterItsReturnIsAcked() throws Exception {
        try (RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana")) {
            long track = VotePathTestAccess.add(ana, "dQw4w9WgXcQ");
            db.block();
            // the first write finds out (its commit may have been on its way: unavailable or outcome_unknown)
            ServerMessage first = VotePathTestAccess.voteReply(ana, track, 1);
            assertThat(first).isInstanceOf(ServerMessage.Error.class);
            long slowest = 0;
            for (int i = 0; i < 5; i++) {
                long sent = System.nanoTime();
                ServerMessage reply = VotePathTestAccess.voteReply(ana, track, i % 2 == 0 ? -1 : 1);
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
                slowest = Math.max(slowest, tookMs);
                assertThat(reply).isInstanceOf(ServerMessage.Error.class);
                assertThat(((ServerMessage.Error) reply).code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(Duration.ofMillis(tookMs)).as("vote %d while down", i).isLessThan(PROMPT);
            }
            System.out.printf("[faults] while PostgreSQL is down: unavailable within %d ms (slowest of 5)%n", slowest);

            db.unblock();
            long back = System.nanoTime();
            AtomicReference<ServerMessage> ack = new AtomicReference<>();
            await().atMost(PROMPT).pollInterval(Duration.ofMillis(50)).until(() -> {
                ServerMessage reply = VotePathTestAccess.voteReply(ana, track, 1);
                return reply instanceof ServerMessage.Ack && ack.compareAndSet(null, reply);
            });
            long firstAckMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
            System.out.printf("[faults] first ack %d ms after PostgreSQL was back%n", firstAckMs);
            assertThat(((ServerMessage.Ack) ack.get()).seq()).isEqualTo(server.lastSeq(room.roomId()));
        }
    }

    @Test
    void membersRejoinWhileTheDatabaseIsDownAndPresenceIsReconciledWhenItIsBack() throws Exception {
        try (RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana");
             RawClient ben = RawClient.guest(server.uri(), room.joinCode(), "Ben");
             RawClient host = RawClient.host(server.uri(), room.hostToken())) {
            long track = VotePathTestAccess.add(ana, "dQw4w9WgXcQ");
            VotePathTestAccess.vote(ben, track, 1);
            long before = server.lastSeq(room.roomId());
            ana.awaitState(s -> s.seq() == before);
            String token = ana.guestToken();
            ServerMessage.Snapshot seen = ana.view().toSnapshot();

            db.block();
            ana.close(); // Ana's Wi-Fi drops too, and Ben goes home: the room finds PostgreSQL away
            ben.close();
            await().atMost(PROMPT).until(() -> server.server().database().isDown());
            try (RawClient back = RawClient.greeted(server.uri());
                 RawClient hostBack = RawClient.greeted(server.uri());
                 RawClient newcomer = RawClient.greeted(server.uri())) {
                long sent = System.nanoTime();
                Results.Joined joined = back.rejoin(new Request.Join(back.nextId(), room.joinCode(), null, token,
                        null, before), seen);
                System.out.printf("[faults] rejoin while PostgreSQL is down answered in %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
                assertThat(joined.nickname()).isEqualTo("Ana");
                assertThat(back.view().seq()).isEqualTo(before);
                assertThat(back.view().track(track).score()).isEqualTo(1);
                assertThat(hostBack.join(new Request.Join(hostBack.nextId(), null, null, null, room.hostToken(),
                        null)).role()).isEqualTo(app.queued.protocol.Role.HOST);
                assertThat(hostBack.view().seq()).isEqualTo(before);
                // someone new needs PostgreSQL (a member row): refused promptly, truthfully
                ServerMessage refused = newcomer.request(new Request.Join(newcomer.nextId(), room.joinCode(), "Cy",
                        null, null, null));
                assertThat(refused).isInstanceOf(ServerMessage.Error.class);
                assertThat(((ServerMessage.Error) refused).code()).isEqualTo(ErrorCode.UNAVAILABLE);

                db.unblock();
                long benId = ben.guestId();
                // Ben's leave reaches everyone once PostgreSQL is back, without anyone writing
                back.awaitState(s -> s.person(benId) == null);
                host.awaitState(s -> s.person(benId) == null);
                assertThat(back.view().person(joined.guestId())).isNotNull();
                // (an id of its own: a guest's request ids are remembered across connections)
                ServerMessage vote = back.request(new Request.Vote("after-the-outage", track, -1));
                assertThat(vote).isInstanceOf(ServerMessage.Ack.class);
                long last = server.lastSeq(room.roomId());
                hostBack.awaitState(s -> s.seq() == last);
                assertThat(hostBack.view().track(track).score()).isZero();
            }
        }
    }

    /** The seq the request log remembers for this request, or -1 when it has none. */
    private long loggedSeq(long guestId, String requestId) throws SQLException {
        try (Connection c = server.sql(); PreparedStatement ps = c.prepareStatement(
                "SELECT seq FROM request_log WHERE guest_id = ? AND request_id = ?")) {
            ps.setLong(1, guestId);
            ps.setString(2, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }
}
