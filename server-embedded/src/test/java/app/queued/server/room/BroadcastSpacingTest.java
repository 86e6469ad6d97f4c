package app.queued.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.Codec;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Votes that arrive within a room's broadcast spacing share one commit and reach every screen in one frame. */
class BroadcastSpacingTest {
    static final RoomSettings SPACED = RoomSettings.defaults().withSpacing(1_000_000, 20_000);
    static TestServer server;

    @BeforeAll
    static void start() {
        // any room waits 20 ms after each broadcast
        server = TestServer.start(config -> config.withRoomSettings(SPACED));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theWaitGrowsWithTheRoomUpToItsLimit() {
        assertThat(SPACED.broadcastSpacingNanos(3)).isEqualTo(20_000_000);
        assertThat(RoomSettings.defaults().broadcastSpacingNanos(50)).isEqualTo(500_000);
        assertThat(RoomSettings.defaults().broadcastSpacingNanos(1_000)).isEqualTo(1_000_000);
    }

    @Test
    void votesArrivingWhileTheRoomWaitsAfterABroadcastShareOneFrame() {
        Results.RoomCreated room = server.createRoom("Spacing");
        try (RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana");
             RawClient watcher = RawClient.guest(server.uri(), room.joinCode(), "Watcher")) {
            long first = VotePathTest.add(ana, "dQw4w9WgXcQ").trackId();
            long second = VotePathTest.add(ana, "kJQP7kiw5Fk").trackId();
            // a broadcast: the room now waits before its next batch...
            long firstSeq = ((ServerMessage.Ack) VotePathTest.vote(ana, first, 1)).seq();
            watcher.awaitState(s -> s.seq() == firstSeq);
            int from = watcher.receivedCount();
            // ...so two votes sent together meanwhile are one batch
            Request.Vote up = new Request.Vote(ana.nextId(), second, 1);
            Request.Vote down = new Request.Vote(ana.nextId(), first, -1);
            ana.sendRaw(Codec.write(up));
            ana.sendRaw(Codec.write(down));
            long upSeq = ((ServerMessage.Ack) ana.awaitReply(up.requestId())).seq();
            long downSeq = ((ServerMessage.Ack) ana.awaitReply(down.requestId())).seq();
            assertThat(downSeq).isEqualTo(upSeq + 1);

            ServerMessage batch = watcher.awaitFrame(from, m -> m instanceof ServerMessage.Events
                    || m instanceof ServerMessage.Event);
            assertThat(batch).isInstanceOf(ServerMessage.Events.class);
            List<Long> seqs = ((ServerMessage.Events) batch).events().stream().map(ServerMessage.Event::seq).toList();
            assertThat(seqs).containsExactly(upSeq, downSeq);
            watcher.awaitState(s -> s.seq() == downSeq);
            assertThat(watcher.gaps()).isEmpty();
            assertThat(watcher.view().track(first).score()).isEqualTo(-1);
            assertThat(watcher.view().track(second).score()).isEqualTo(1);
        }
    }

    /**
     * A vote and the removal of its track in one batch: the vote is buffered for the batch's vote statement, and the
     * removal must not overtake it (the statement would find the track gone and the whole commit fail). The
     * {@code Batch} applies buffered votes before any other statement or event, so both are saved, in order.
     */
    @Test
    void aVoteAndTheRemovalOfItsTrackInOneBatchKeepTheirOrder() {
        Results.RoomCreated room = server.createRoom("Vote then remove");
        try (RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana");
             RawClient watcher = RawClient.guest(server.uri(), room.joinCode(), "Watcher")) {
            long track = VotePathTest.add(ana, "dQw4w9WgXcQ").trackId();
            long other = VotePathTest.add(ana, "kJQP7kiw5Fk").trackId();
            long firstSeq = ((ServerMessage.Ack) VotePathTest.vote(ana, other, 1)).seq();
            watcher.awaitState(s -> s.seq() == firstSeq);
            int from = watcher.receivedCount();
            Request.Vote vote = new Request.Vote(ana.nextId(), track, 1);
            Request.Remove remove = new Request.Remove(ana.nextId(), track);
            ana.sendRaw(Codec.write(vote));
            ana.sendRaw(Codec.write(remove));
            long voteSeq = ((ServerMessage.Ack) ana.awaitReply(vote.requestId())).seq();
            long removeSeq = ((ServerMessage.Ack) ana.awaitReply(remove.requestId())).seq();
            assertThat(removeSeq).isEqualTo(voteSeq + 1);

            ServerMessage batch = watcher.awaitFrame(from, m -> m instanceof ServerMessage.Events
                    || m instanceof ServerMessage.Event);
            assertThat(batch).isInstanceOf(ServerMessage.Events.class);
            List<Long> seqs = ((ServerMessage.Events) batch).events().stream().map(ServerMessage.Event::seq).toList();
            assertThat(seqs).containsExactly(voteSeq, removeSeq);
            watcher.awaitState(s -> s.seq() == removeSeq);
            assertThat(watcher.gaps()).isEmpty();
            assertThat(watcher.view().track(track)).isNull();
            assertThat(watcher.view().track(other).score()).isEqualTo(1);
        }
    }
}
