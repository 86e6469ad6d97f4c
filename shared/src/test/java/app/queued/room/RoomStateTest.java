package app.queued.room;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.Change;
import app.queued.protocol.Codec;
import app.queued.protocol.RoomInfo;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoomStateTest {
    private static final long ME = 7;
    private static final long OTHER = 8;
    private static final RoomInfo ROOM = new RoomInfo(3, "Friday party", "K7QX4M");

    private static Track track(long id, int score, long addedAt) {
        return new Track(id, "video" + String.format("%06d", id), "Track " + id, "Channel", 180, null, OTHER, "Bo",
                addedAt, score);
    }

    private static ServerMessage.Event event(long seq, Change change) {
        return new ServerMessage.Event(seq, change);
    }

    private final Track a = track(1, 2, 1_000);
    private final Track b = track(2, 0, 2_000);
    private final Track c = track(3, 2, 1_500);
    private final Track playing = track(9, 5, 500);
    private RoomState state;

    @BeforeEach
    void joined() {
        state = new RoomState(ME);
        state.applySnapshot(new ServerMessage.Snapshot(10, ROOM, playing, 1_717_430_000_000L, List.of(a, c, b),
                Map.of(1L, 1, 2L, -1)));
    }

    @Test
    void aNewStateHasNoSnapshotAndTreatsAnyEventAsAGap() {
        RoomState fresh = new RoomState(ME);

        assertThat(fresh.hasSnapshot()).isFalse();
        assertThat(fresh.seq()).isEqualTo(-1);
        assertThat(fresh.apply(event(1, new Change.TrackAdded(a)))).isEqualTo(RoomState.Applied.GAP);
        assertThat(fresh.queueSize()).isZero();
        assertThat(fresh.head()).isNull();
        assertThat(fresh.orderedQueue()).isEmpty();
    }

    @Test
    void aSnapshotSetsEverything() {
        assertThat(state.hasSnapshot()).isTrue();
        assertThat(state.seq()).isEqualTo(10);
        assertThat(state.room()).isEqualTo(ROOM);
        assertThat(state.nowPlaying()).isEqualTo(playing);
        assertThat(state.nowPlayingStartedAt()).isEqualTo(1_717_430_000_000L);
        assertThat(state.orderedQueue()).containsExactly(a, c, b);
        assertThat(state.myVote(1)).isEqualTo(1);
        assertThat(state.myVote(2)).isEqualTo(-1);
        assertThat(state.myVote(3)).isZero();
        assertThat(state.myVotes()).isEqualTo(Map.of(1L, 1, 2L, -1));
    }

    @Test
    void aSnapshotAtSeqZeroIsAStateToo() {
        RoomState empty = new RoomState(ME);
        empty.applySnapshot(new ServerMessage.Snapshot(0, ROOM, null, null, List.of(), Map.of()));

        assertThat(empty.hasSnapshot()).isTrue();
        assertThat(empty.apply(event(1, new Change.TrackAdded(a)))).isEqualTo(RoomState.Applied.APPLIED);
        assertThat(empty.orderedQueue()).containsExactly(a);
    }

    @Test
    void aSnapshotDropsZeroVotesAndAcceptsMissingVotes() {
        RoomState s = new RoomState(ME);
        s.applySnapshot(new ServerMessage.Snapshot(4, ROOM, null, null, List.of(a, b), Map.of(1L, 0, 2L, 1)));
        assertThat(s.myVotes()).isEqualTo(Map.of(2L, 1));

        s.applySnapshot(new ServerMessage.Snapshot(5, ROOM, null, null, List.of(a, b), null));
        assertThat(s.myVotes()).isEmpty();
    }

    @Test
    void aLaterSnapshotReplacesEverything() {
        Track d = track(4, 1, 3_000);

        state.applySnapshot(new ServerMessage.Snapshot(50, ROOM, null, null, List.of(d), Map.of(4L, 1)));

        assertThat(state.seq()).isEqualTo(50);
        assertThat(state.nowPlaying()).isNull();
        assertThat(state.nowPlayingStartedAt()).isNull();
        assertThat(state.orderedQueue()).containsExactly(d);
        assertThat(state.myVotes()).isEqualTo(Map.of(4L, 1));
        assertThat(state.track(1)).isNull();
    }

    @Test
    void snapshotThenEventsInOrder() {
        Track d = track(4, 0, 3_000);

        assertThat(state.apply(event(11, new Change.TrackAdded(d)))).isEqualTo(RoomState.Applied.APPLIED);
        assertThat(state.apply(event(12, new Change.Voted(4, OTHER, 1, 1)))).isEqualTo(RoomState.Applied.APPLIED);
        assertThat(state.apply(event(13, new Change.Voted(4, ME, 1, 2)))).isEqualTo(RoomState.Applied.APPLIED);
        assertThat(state.apply(event(14, new Change.Voted(4, OTHER, 1, 3)))).isEqualTo(RoomState.Applied.APPLIED);

        assertThat(state.seq()).isEqualTo(14);
        assertThat(state.queueSize()).isEqualTo(4);
        assertThat(state.track(4).score()).isEqualTo(3);
        assertThat(state.myVote(4)).isEqualTo(1);
        // d (3) moves ahead of a (2, added 1000) and c (2, added 1500); b (0) stays last
        assertThat(state.orderedQueue()).extracting(Track::id).containsExactly(4L, 1L, 3L, 2L);
    }

    @Test
    void anEventAtOrBelowTheCurrentSeqIsADuplicateAndChangesNothing() {
        ServerMessage.Snapshot before = state.toSnapshot();

        assertThat(state.apply(event(10, new Change.TrackRemoved(1, "removed")))).isEqualTo(RoomState.Applied.DUPLICATE);
        assertThat(state.apply(event(3, new Change.Voted(2, ME, 1, 5)))).isEqualTo(RoomState.Applied.DUPLICATE);

        assertThat(state.toSnapshot()).isEqualTo(before);
    }

    @Test
    void theSameEventTwiceIsAppliedOnce() {
        ServerMessage.Event vote = event(11, new Change.Voted(2, OTHER, 1, 1));

        assertThat(state.apply(vote)).isEqualTo(RoomState.Applied.APPLIED);
        assertThat(state.apply(vote)).isEqualTo(RoomState.Applied.DUPLICATE);

        assertThat(state.track(2).score()).isEqualTo(1);
        assertThat(state.seq()).isEqualTo(11);
    }

    @Test
    void anEventAfterAMissingOneIsAGapAndChangesNothing() {
        ServerMessage.Snapshot before = state.toSnapshot();

        assertThat(state.apply(event(12, new Change.TrackRemoved(1, "removed")))).isEqualTo(RoomState.Applied.GAP);

        assertThat(state.toSnapshot()).isEqualTo(before);
        assertThat(state.seq()).as("resume from here").isEqualTo(10);
    }

    @Test
    void afterAGapTheMissingEventsApplyInOrder() {
        ServerMessage.Event e11 = event(11, new Change.Voted(2, OTHER, 1, 1));
        ServerMessage.Event e12 = event(12, new Change.TrackRemoved(1, "removed"));
        assertThat(state.apply(e12)).isEqualTo(RoomState.Applied.GAP);

        // the replay after resume {lastSeq: 10}
        assertThat(state.apply(e11)).isEqualTo(RoomState.Applied.APPLIED);
        assertThat(state.apply(e12)).isEqualTo(RoomState.Applied.APPLIED);

        assertThat(state.seq()).isEqualTo(12);
        assertThat(state.track(1)).isNull();
    }

    @Test
    void myOwnVoteUpdatesMyVoteAndTheScore() {
        state.apply(event(11, new Change.Voted(3, ME, -1, 1)));

        assertThat(state.myVote(3)).isEqualTo(-1);
        assertThat(state.track(3).score()).isEqualTo(1);
    }

    @Test
    void changingMyVoteReplacesIt() {
        state.apply(event(11, new Change.Voted(2, ME, 1, 2)));

        assertThat(state.myVote(2)).isEqualTo(1);
        assertThat(state.track(2).score()).isEqualTo(2);
    }

    @Test
    void someoneElsesVoteUpdatesTheScoreButNotMyVote() {
        state.apply(event(11, new Change.Voted(3, OTHER, 1, 3)));
        state.apply(event(12, new Change.Voted(1, OTHER, -1, 1)));

        assertThat(state.track(3).score()).isEqualTo(3);
        assertThat(state.track(1).score()).isEqualTo(1);
        assertThat(state.myVote(3)).isZero();
        assertThat(state.myVote(1)).as("my own earlier vote stays").isEqualTo(1);
    }

    @Test
    void takingMyVoteBackRemovesIt() {
        state.apply(event(11, new Change.Voted(1, ME, 0, 1)));

        assertThat(state.myVote(1)).isZero();
        assertThat(state.myVotes()).doesNotContainKey(1L).containsEntry(2L, -1);
        assertThat(state.track(1).score()).isEqualTo(1);
    }

    @Test
    void theScoreInTheEventIsTakenAsIsNotAddedUp() {
        state.apply(event(11, new Change.Voted(1, OTHER, 1, 7)));

        assertThat(state.track(1).score()).isEqualTo(7);
    }

    @Test
    void aStateThatTracksNobodyKeepsNoVotes() {
        RoomState server = new RoomState(0);
        server.applySnapshot(new ServerMessage.Snapshot(1, ROOM, null, null, List.of(a), Map.of()));

        server.apply(event(2, new Change.Voted(1, 0, 1, 3)));

        assertThat(server.myVotes()).isEmpty();
        assertThat(server.track(1).score()).isEqualTo(3);
    }

    @Test
    void aRemovedTrackLeavesTheQueueAndMyVotes() {
        assertThat(state.apply(event(11, new Change.TrackRemoved(1, "removed")))).isEqualTo(RoomState.Applied.APPLIED);

        assertThat(state.track(1)).isNull();
        assertThat(state.queueSize()).isEqualTo(2);
        assertThat(state.myVote(1)).isZero();
        assertThat(state.myVotes()).isEqualTo(Map.of(2L, -1));
        assertThat(state.orderedQueue()).extracting(Track::id).containsExactly(3L, 2L);
    }

    @Test
    void aTrackRemovedForAnyReasonLeaves() {
        state.apply(event(11, new Change.TrackRemoved(2, "banned")));

        assertThat(state.track(2)).isNull();
        assertThat(state.myVotes()).isEqualTo(Map.of(1L, 1));
    }

    @Test
    void nowPlayingTakesTheTrackOutOfTheQueueAndMyVotes() {
        Track next = a;

        state.apply(event(11, new Change.NowPlaying(next, 1_717_430_213_000L)));

        assertThat(state.nowPlaying()).isEqualTo(next);
        assertThat(state.nowPlayingStartedAt()).isEqualTo(1_717_430_213_000L);
        assertThat(state.track(1)).isNull();
        assertThat(state.myVote(1)).isZero();
        assertThat(state.myVotes()).isEqualTo(Map.of(2L, -1));
        assertThat(state.orderedQueue()).extracting(Track::id).containsExactly(3L, 2L);
    }

    @Test
    void nowPlayingWithoutATrackClearsIt() {
        state.apply(event(11, new Change.NowPlaying(null, 0)));

        assertThat(state.nowPlaying()).isNull();
        assertThat(state.nowPlayingStartedAt()).isNull();
        assertThat(state.queueSize()).isEqualTo(3);
    }

    @Test
    void anUnknownChangeAdvancesTheSeqAndChangesNothingElse() {
        ServerMessage.Snapshot before = state.toSnapshot();

        assertThat(state.apply(event(11, new Change.Unknown()))).isEqualTo(RoomState.Applied.APPLIED);

        assertThat(state.seq()).isEqualTo(11);
        assertThat(state.apply(event(12, new Change.Voted(2, OTHER, 1, 1)))).isEqualTo(RoomState.Applied.APPLIED);
        assertThat(state.orderedQueue()).hasSize(before.queue().size());
    }

    @Test
    void anUnknownChangeReadFromTheWireAdvancesTheSeq() {
        ServerMessage.Event event = (ServerMessage.Event) Codec.readServer(
                "{\"type\":\"event\",\"seq\":11,\"change\":{\"kind\":\"roomLocked\",\"adding\":false}}");

        assertThat(state.apply(event)).isEqualTo(RoomState.Applied.APPLIED);
        assertThat(state.seq()).isEqualTo(11);
        assertThat(state.queueSize()).isEqualTo(3);
    }

    @Test
    void headIsTheFirstOfTheOrderedQueue() {
        assertThat(state.head()).isEqualTo(state.orderedQueue().get(0)).isEqualTo(a);

        state.apply(event(11, new Change.Voted(2, OTHER, 1, 5)));
        assertThat(state.head()).isEqualTo(state.orderedQueue().get(0)).isEqualTo(b.withScore(5));

        state.apply(event(12, new Change.Voted(3, OTHER, 1, 5)));
        // b and c both 5: c was added earlier
        assertThat(state.head()).isEqualTo(state.orderedQueue().get(0)).isEqualTo(c.withScore(5));

        state.apply(event(13, new Change.NowPlaying(c.withScore(5), 1L)));
        assertThat(state.head()).isEqualTo(state.orderedQueue().get(0)).isEqualTo(b.withScore(5));

        state.apply(event(14, new Change.TrackRemoved(2, "removed")));
        state.apply(event(15, new Change.TrackRemoved(1, "removed")));
        assertThat(state.orderedQueue()).isEmpty();
        assertThat(state.head()).isNull();
    }

    @Test
    void orderedQueueIsANewListEachCall() {
        List<Track> first = state.orderedQueue();
        first.clear();

        assertThat(state.orderedQueue()).hasSize(3);
    }

    @Test
    void toSnapshotRoundTripsThroughTheWire() {
        state.apply(event(11, new Change.TrackAdded(track(4, 0, 3_000))));
        state.apply(event(12, new Change.Voted(4, ME, 1, 1)));
        state.apply(event(13, new Change.Voted(3, OTHER, -1, 1)));

        ServerMessage.Snapshot snapshot = state.toSnapshot();
        ServerMessage read = Codec.readServer(Codec.write(snapshot));
        RoomState copy = new RoomState(ME);
        copy.applySnapshot((ServerMessage.Snapshot) read);

        assertThat(read).isEqualTo(snapshot);
        assertThat(snapshot.seq()).isEqualTo(13);
        assertThat(snapshot.queue()).isEqualTo(state.orderedQueue());
        assertThat(snapshot.myVotes()).isEqualTo(Map.of(1L, 1, 2L, -1, 4L, 1));
        assertThat(copy.toSnapshot()).isEqualTo(snapshot);
        assertThat(copy.head()).isEqualTo(state.head());
    }

    @Test
    void toSnapshotWithNothingPlayingRoundTrips() {
        state.apply(event(11, new Change.NowPlaying(null, 0)));

        ServerMessage.Snapshot snapshot = state.toSnapshot();

        assertThat(snapshot.nowPlaying()).isNull();
        assertThat(snapshot.nowPlayingStartedAt()).isNull();
        assertThat(Codec.readServer(Codec.write(snapshot))).isEqualTo(snapshot);
    }
}
