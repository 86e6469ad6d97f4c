package app.queued.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.Change;
import app.queued.protocol.Codec;
import app.queued.protocol.RoomRules;
import app.queued.protocol.ServerMessage;
import app.queued.server.room.VotePathTestAccess;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TestServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one-statement vote commit ({@code queued_commit_votes}) straight against PostgreSQL, as a node whose picture
 * is behind would call it: seqs and scores come from the database, other writers' votes come back first, and an
 * event votes do not commute with makes it refuse and keep nothing.
 */
class VoteCommitTest {
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
    void votesGetTheNextSeqsAndTheDatabasesScoresAfterWhatOthersCommitted() throws Exception {
        var room = server.createRoom("Commuting");
        try (RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana");
             RawClient ben = RawClient.guest(server.uri(), room.joinCode(), "Ben")) {
            long track = VotePathTestAccess.add(ana, "dQw4w9WgXcQ");
            long other = VotePathTestAccess.add(ana, "kJQP7kiw5Fk");
            long picture = server.lastSeq(room.roomId());
            VotePathTestAccess.vote(ben, track, 1); // another writer, after "our" picture
            RoomStore store = new RoomStore(server.server().database());

            VoteCommit.Outcome outcome = store.commitVotes(room.roomId(), picture, List.of(
                    new VoteCommit.Vote(ana.guestId(), track, 1, "c1"),
                    new VoteCommit.Vote(ana.guestId(), other, -1, "c2")));

            assertThat(outcome.refused()).isFalse();
            assertThat(outcome.firstOwnSeq()).isEqualTo(picture + 2);
            assertThat(outcome.frames()).containsExactly(
                    Codec.write(new ServerMessage.Event(picture + 1, new Change.Voted(track, ben.guestId(), 1, 1))),
                    // written by SQL, byte for byte what the codec writes
                    Codec.write(new ServerMessage.Event(picture + 2, new Change.Voted(track, ana.guestId(), 1, 2))),
                    Codec.write(new ServerMessage.Event(picture + 3, new Change.Voted(other, ana.guestId(), -1, -1))));
            assertThat(server.lastSeq(room.roomId())).isEqualTo(picture + 3);
        }
    }

    @Test
    void anEventVotesDoNotCommuteWithRefusesAndKeepsNothing() throws Exception {
        var room = server.createRoom("Blocked");
        try (RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana")) {
            long track = VotePathTestAccess.add(ana, "dQw4w9WgXcQ");
            long picture = server.lastSeq(room.roomId());
            String rules = Codec.write(new ServerMessage.Event(picture + 1,
                    new Change.RulesChanged(RoomRules.DEFAULTS)));
            try (Connection c = server.sql(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO room_event (room_id, seq, payload) VALUES (" + room.roomId() + ", "
                        + (picture + 1) + ", '" + rules.replace("'", "''") + "')");
                s.executeUpdate("UPDATE room SET last_seq = " + (picture + 1) + " WHERE id = " + room.roomId());
            }

            VoteCommit.Outcome outcome = new RoomStore(server.server().database()).commitVotes(room.roomId(), picture,
                    List.of(new VoteCommit.Vote(ana.guestId(), track, 1, "c3")));

            assertThat(outcome.refused()).isTrue();
            assertThat(outcome.refusedBy()).isEqualTo("rulesChanged");
            assertThat(server.lastSeq(room.roomId())).isEqualTo(picture + 1);
            try (Connection c = server.sql(); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT count(*) FROM vote WHERE track_id = " + track)) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }
}
