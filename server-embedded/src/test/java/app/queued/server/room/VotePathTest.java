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

    static void assertScoresEqualVoteSums() throws Exception {
        try (Connection c = server.sql(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM track t WHERE t.score <> "
                     + "(SELECT COALESCE(sum(v.value), 0) FROM vote v WHERE v.track_id = t.id)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("tracks whose score differs from the sum of their votes (I1)").isZero();
        }
    }
}
