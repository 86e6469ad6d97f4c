package app.queued.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vote path end to end over real WebSockets, PostgreSQL and Redis. */
class VotePathTest {
    static TestServer server;
    static Results.RoomCreated room;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        room = server.createRoom("Friday");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Results.Added add(RawClient client, String track) {
        ServerMessage reply = client.request(new Request.Add(client.nextId(), track));
        assertThat(reply).isInstanceOf(ServerMessage.Ack.class);
        return Codec.result((ServerMessage.Ack) reply, Results.Added.class);
    }

    static ServerMessage vote(RawClient client, long trackId, int value) {
        return client.request(new Request.Vote(client.nextId(), trackId, value));
    }

    @Test
    void votesReorderTheQueueForEveryoneAndScoresMatchVotes() throws Exception {
        try (RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana");
             RawClient ben = RawClient.guest(server.uri(), room.joinCode().toLowerCase(), "Ben");
             RawClient cy = RawClient.guest(server.uri(), room.joinCode(), "Cy")) {
            Results.Added first = add(ana, "dQw4w9WgXcQ");
            Results.Added second = add(ben, "https://youtu.be/kJQP7kiw5Fk?si=abc");
            assertThat(first.outcome()).isEqualTo("added");
            assertThat(second.outcome()).isEqualTo("added");

            assertThat(vote(cy, second.trackId(), 1)).isInstanceOf(ServerMessage.Ack.class);
            assertThat(vote(ben, second.trackId(), 1)).isInstanceOf(ServerMessage.Ack.class);
            assertThat(vote(ana, first.trackId(), -1)).isInstanceOf(ServerMessage.Ack.class);

            for (RawClient client : List.of(ana, ben, cy)) {
                client.awaitState(s -> s.track(second.trackId()) != null && s.track(second.trackId()).score() == 2
                        && s.track(first.trackId()) != null && s.track(first.trackId()).score() == -1);
                assertThat(client.view().orderedQueue().stream().map(Track::id).toList())
                        .containsExactly(second.trackId(), first.trackId());
            }
            assertThat(cy.view().myVote(second.trackId())).isEqualTo(1);
            assertThat(ana.view().myVote(second.trackId())).isZero();

            // change and take back: the score moves by the difference
            vote(cy, second.trackId(), -1);
            vote(ben, second.trackId(), 0);
            ana.awaitState(s -> s.track(second.trackId()).score() == -1);

            // adding an already queued video counts as an upvote
            Results.Added again = add(cy, "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s");
            assertThat(again).isEqualTo(new Results.Added(first.trackId(), "upvoted"));
            ana.awaitState(s -> s.track(first.trackId()).score() == 0);

            assertScoresEqualVoteSums();
        }
    }

    /** Issue 16.7: §5.5 says a snapshot shows the adder's current nickname; it kept the one they had when adding. */
    @Test
    void aSnapshotShowsTheAddersNicknameAfterARename() {
        Results.RoomCreated renames = server.createRoom("Renames");
        try (RawClient watcher = RawClient.guest(server.uri(), renames.joinCode(), "Wat")) {
            String token;
            long trackId;
            try (RawClient ana = RawClient.guest(server.uri(), renames.joinCode(), "Ana")) {
                trackId = add(ana, "dQw4w9WgXcQ").trackId();
                token = ana.guestToken();
            }
            watcher.awaitState(s -> s.present().size() == 1);
            try (RawClient anna = RawClient.greeted(server.uri())) {
                anna.join(new Request.Join(anna.nextId(), renames.joinCode(), "Anna", token, null, null));
                assertThat(anna.view().track(trackId).addedByName()).isEqualTo("Anna");
            }
            try (RawClient late = RawClient.guest(server.uri(), renames.joinCode(), "Late")) {
                assertThat(late.view().track(trackId).addedByName()).isEqualTo("Anna");
            }
        }
    }

    @Test
    void refusedRequestsChangeNothing() throws Exception {
        try (RawClient guest = RawClient.guest(server.uri(), room.joinCode(), "Dee")) {
            long seqBefore = guest.view().seq();
            ServerMessage unknownTrack = vote(guest, 999_999, 1);
            assertThat(unknownTrack).isInstanceOfSatisfying(ServerMessage.Error.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            ServerMessage badLink = guest.request(new Request.Add(guest.nextId(), "https://vimeo.com/12345"));
            assertThat(badLink).isInstanceOfSatisfying(ServerMessage.Error.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
            ServerMessage notInCatalog = guest.request(new Request.Add(guest.nextId(), "AAAAAAAAAAA"));
            assertThat(notInCatalog).isInstanceOfSatisfying(ServerMessage.Error.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(guest.request(new Request.Ping(guest.nextId()))).isInstanceOf(ServerMessage.Ack.class);
            assertThat(guest.view().seq()).isEqualTo(seqBefore);
        }
    }

    @Test
    void hostSkipsToTheHeadOfTheQueue() {
        try (RawClient host = RawClient.host(server.uri(), room.hostToken());
             RawClient guest = RawClient.guest(server.uri(), room.joinCode(), "Eve")) {
            Results.Added track = add(guest, "fJ9rUzIMcZQ");
            vote(guest, track.trackId(), 1);
            guest.awaitState(s -> s.track(track.trackId()) != null);
            Track head = guest.view().head();
            ServerMessage skipped = host.request(new Request.Skip(host.nextId(), null));
            assertThat(skipped).isInstanceOf(ServerMessage.Ack.class);
            guest.awaitState(s -> s.nowPlaying() != null && s.nowPlaying().id() == head.id());
            assertThat(guest.view().track(head.id())).isNull();
            // the player reporting "ended" for a track that is no longer playing is a conflict, not a double skip
            ServerMessage stale = host.request(new Request.Skip(host.nextId(), head.id() + 12345));
            assertThat(stale).isInstanceOfSatisfying(ServerMessage.Error.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        }
    }

    @Test
    void aVoteBatchOnAStalePictureKeepsNothingAndIsRedoneRight() throws Exception {
        try (RawClient fay = RawClient.guest(server.uri(), room.joinCode(), "Fay");
             RawClient gus = RawClient.guest(server.uri(), room.joinCode(), "Gus")) {
            Results.Added track = add(fay, "9bZkp7q19f0");
            assertThat(vote(gus, track.trackId(), 1)).isInstanceOf(ServerMessage.Ack.class);
            // behind the server's back (no event, last seq unchanged): Gus's +1 becomes a -1, the score follows (I1 holds)
            sql("UPDATE vote SET value = -1 WHERE track_id = " + track.trackId() + " AND guest_id = " + gus.guestId());
            sql("UPDATE track SET score = -1 WHERE id = " + track.trackId());
            long before = server.lastSeq(room.roomId());

            // the room in memory says 1 + 1 = 2; the database says -1 + 1 = 0: the score comes from the database
            ServerMessage reply = vote(fay, track.trackId(), 1);

            assertThat(reply).isInstanceOf(ServerMessage.Ack.class);
            assertThat(server.lastSeq(room.roomId())).isEqualTo(before + 1);
            assertThat(((ServerMessage.Ack) reply).seq()).isEqualTo(before + 1);
            fay.awaitState(s -> s.seq() == before + 1);
            gus.awaitState(s -> s.seq() == before + 1);
            assertThat(fay.view().track(track.trackId()).score()).isZero();
            assertThat(gus.view().track(track.trackId()).score()).isZero();
            assertThat(storedEvent(before + 1)).contains("\"score\":0");
            assertScoresEqualVoteSums();
        }
    }

    @Test
    void aVoteAfterAnotherWriterMovedTheRoomCatchesUpFirst() throws Exception {
        try (RawClient hal = RawClient.guest(server.uri(), room.joinCode(), "Hal");
             RawClient ivy = RawClient.guest(server.uri(), room.joinCode(), "Ivy")) {
            Results.Added track = add(hal, "OPf0YbXqDm0");
            hal.awaitState(s -> s.track(track.trackId()) != null);
            // another node commits Ivy's upvote: vote, score, event and last seq, as its transaction would
            long foreignSeq = server.lastSeq(room.roomId()) + 1;
            String frame = Codec.write(new ServerMessage.Event(foreignSeq,
                    new app.queued.protocol.Change.Voted(track.trackId(), ivy.guestId(), 1, 1)));
            sql("INSERT INTO vote (track_id, guest_id, value) VALUES (" + track.trackId() + ", " + ivy.guestId() + ", 1)");
            sql("UPDATE track SET score = 1 WHERE id = " + track.trackId());
            sql("INSERT INTO room_event (room_id, seq, payload) VALUES (" + room.roomId() + ", " + foreignSeq + ", '"
                    + frame.replace("'", "''") + "')");
            sql("UPDATE room SET last_seq = " + foreignSeq + " WHERE id = " + room.roomId());

            ServerMessage reply = vote(hal, track.trackId(), 1);

            assertThat(reply).isInstanceOfSatisfying(ServerMessage.Ack.class,
                    ack -> assertThat(ack.seq()).isEqualTo(foreignSeq + 1));
            for (RawClient client : List.of(hal, ivy)) {
                client.awaitState(s -> s.seq() == foreignSeq + 1);
                assertThat(client.view().track(track.trackId()).score()).isEqualTo(2);
                assertThat(client.gaps()).isEmpty();
            }
            assertScoresEqualVoteSums();
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = server.sql(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private static String storedEvent(long seq) throws Exception {
        try (Connection c = server.sql(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT payload FROM room_event WHERE room_id = " + room.roomId()
                     + " AND seq = " + seq)) {
            assertThat(rs.next()).as("event " + seq + " stored").isTrue();
            return rs.getString(1);
        }
    }

    static void assertScoresEqualVoteSums() throws Exception {
        try (Connection c = server.sql(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM track t WHERE t.score <> "
                     + "(SELECT COALESCE(sum(v.value), 0) FROM vote v WHERE v.track_id = t.id)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("tracks whose score differs from the sum of their votes (I1)").isZero();
        }
    }
}
