package app.queued.room;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.Change;
import app.queued.protocol.Codec;
import app.queued.protocol.Person;
import app.queued.protocol.Role;
import app.queued.protocol.RoomInfo;
import app.queued.protocol.RoomRules;
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

    // ---------------------------------------------------------------- room rules: rules, presence, roles, bans,
    // vote-to-skip, fallback, closing, fair order (docs/protocol.md sections 6, 7, 12–14)

    private static final long HOST = 1;
    private static final long ANA = 7;
    private static final long BO = 8;
    private static final long CY = 9;
    private static final Person HOST_PERSON = new Person(HOST, "Host", Role.HOST);
    private static final Person ANA_PERSON = new Person(ANA, "Ana", Role.GUEST);
    private static final Person BO_PERSON = new Person(BO, "Bo", Role.GUEST);
    private static final Person CY_PERSON = new Person(CY, "Cy", Role.GUEST);
    private static final RoomRules FAIR = new RoomRules("fair", null, null, null, null, null, null, null, null);

    private static Track trackBy(long id, int score, long addedAt, long addedBy) {
        return new Track(id, "video" + String.format("%06d", id), "Track " + id, "Channel", 180, null, addedBy,
                "Guest " + addedBy, addedAt, score);
    }

    private static RoomRules share(double skipShare) {
        return new RoomRules(null, null, null, null, null, null, null, null, skipShare);
    }

    /** A room where {@code playing} plays and these people are present, with default rules. */
    private static RoomState roomWith(Track playing, Person... present) {
        RoomState s = new RoomState(ME);
        s.applySnapshot(new ServerMessage.Snapshot(20, ROOM, playing, playing == null ? null : 1_000L, List.of(),
                Map.of(), RoomRules.DEFAULTS, List.of(present), Map.of(), List.of(), null));
        return s;
    }

    @Test
    void aSnapshotWithoutTheNewFieldsHasDefaultRulesAndNobodyPresent() {
        assertThat(state.rules()).isEqualTo(RoomRules.DEFAULTS);
        assertThat(state.present()).isEmpty();
        assertThat(state.playedCounts()).isEmpty();
        assertThat(state.skipCount()).isZero();
        assertThat(state.skipsNeeded()).isEqualTo(1);
        assertThat(state.nowPlayingIsFallback()).isFalse();
        assertThat(state.closed()).isFalse();

        // the same, read from an old server's frame that has none of the fields
        ServerMessage.Snapshot old = (ServerMessage.Snapshot) Codec.readServer("{\"type\":\"snapshot\",\"seq\":0,"
                + "\"room\":{\"id\":3,\"name\":\"Friday party\",\"joinCode\":\"K7QX4M\"},\"queue\":[],\"myVotes\":{}}");
        assertThat(old.rules()).isEqualTo(RoomRules.DEFAULTS);
        assertThat(old.present()).isEmpty();
        assertThat(old.playedCounts()).isEmpty();
        assertThat(old.skipRequests()).isEmpty();
        assertThat(old.nowPlayingFallback()).isNull();
    }

    @Test
    void rulesChangedReplacesTheRules() {
        RoomRules locked = new RoomRules("votes", 3, 600, false, -3, true, true, false, 0.75);

        assertThat(state.apply(event(11, new Change.RulesChanged(locked)))).isEqualTo(RoomState.Applied.APPLIED);

        assertThat(state.rules()).isEqualTo(locked);
        assertThat(state.seq()).isEqualTo(11);
        assertThat(state.queueSize()).as("rules alone remove nothing; trackRemoved events do").isEqualTo(3);
    }

    @Test
    void rulesChangedToFairReordersTheQueue() {
        RoomState s = new RoomState(ME);
        Track anaFirst = trackBy(1, 0, 1_000, ANA);
        Track boLater = trackBy(2, 0, 2_000, BO);
        s.applySnapshot(new ServerMessage.Snapshot(5, ROOM, null, null, List.of(anaFirst, boLater), Map.of(),
                RoomRules.DEFAULTS, List.of(), Map.of(ANA, 1), List.of(), null));
        assertThat(s.orderedQueue()).containsExactly(anaFirst, boLater);

        s.apply(event(6, new Change.RulesChanged(FAIR)));

        assertThat(s.orderedQueue()).as("Ana already had a turn").containsExactly(boLater, anaFirst);
        assertThat(s.head()).isEqualTo(boLater);

        s.apply(event(7, new Change.RulesChanged(RoomRules.DEFAULTS)));
        assertThat(s.head()).isEqualTo(anaFirst);
    }

    @Test
    void guestJoinedAndLeftKeepWhoIsPresentInOrderOfArrival() {
        state.apply(event(11, new Change.GuestJoined(HOST_PERSON)));
        state.apply(event(12, new Change.GuestJoined(ANA_PERSON)));
        state.apply(event(13, new Change.GuestJoined(BO_PERSON)));

        assertThat(state.present()).containsExactly(HOST_PERSON, ANA_PERSON, BO_PERSON);
        assertThat(state.person(ANA)).isEqualTo(ANA_PERSON);
        assertThat(state.skipsNeeded()).as("half of 3, rounded up").isEqualTo(2);

        state.apply(event(14, new Change.GuestLeft(ANA)));

        assertThat(state.present()).containsExactly(HOST_PERSON, BO_PERSON);
        assertThat(state.person(ANA)).isNull();
        assertThat(state.skipsNeeded()).isEqualTo(1);
        assertThat(state.seq()).isEqualTo(14);
    }

    @Test
    void aPersonIsPresentOnceAndLeavingTwiceChangesNothing() {
        state.apply(event(11, new Change.GuestJoined(ANA_PERSON)));
        state.apply(event(12, new Change.GuestJoined(new Person(ANA, "Ana", Role.GUEST))));
        assertThat(state.present()).containsExactly(ANA_PERSON);

        state.apply(event(13, new Change.GuestLeft(ANA)));
        assertThat(state.apply(event(14, new Change.GuestLeft(ANA)))).isEqualTo(RoomState.Applied.APPLIED);
        assertThat(state.apply(event(15, new Change.GuestLeft(99)))).isEqualTo(RoomState.Applied.APPLIED);

        assertThat(state.present()).isEmpty();
        assertThat(state.seq()).isEqualTo(15);
    }

    @Test
    void roleChangedUpdatesAPresentPersonAndIgnoresAnAbsentOne() {
        state.apply(event(11, new Change.GuestJoined(HOST_PERSON)));
        state.apply(event(12, new Change.GuestJoined(CY_PERSON)));

        state.apply(event(13, new Change.RoleChanged(CY, Role.COHOST)));

        assertThat(state.person(CY)).isEqualTo(new Person(CY, "Cy", Role.COHOST));
        assertThat(state.present()).extracting(Person::guestId).containsExactly(HOST, CY);

        assertThat(state.apply(event(14, new Change.RoleChanged(BO, Role.COHOST)))).isEqualTo(RoomState.Applied.APPLIED);
        assertThat(state.person(BO)).as("not present: learnt from guestJoined when they come").isNull();

        state.apply(event(15, new Change.RoleChanged(CY, Role.GUEST)));
        assertThat(state.person(CY).role()).isEqualTo(Role.GUEST);
    }

    @Test
    void guestBannedRemovesThePersonAndTheirSkipRequestButNotTheirTracks() {
        RoomState s = roomWith(playing, HOST_PERSON, ANA_PERSON, BO_PERSON, CY_PERSON);
        Track bosTrack = trackBy(4, 0, 3_000, BO);
        s.apply(event(21, new Change.TrackAdded(bosTrack)));
        s.apply(event(22, new Change.SkipRequested(playing.id(), BO)));
        s.apply(event(23, new Change.SkipRequested(playing.id(), ANA)));
        assertThat(s.skipCount()).isEqualTo(2);

        s.apply(event(24, new Change.GuestBanned(BO, "Bo")));

        assertThat(s.person(BO)).isNull();
        assertThat(s.present()).extracting(Person::guestId).containsExactly(HOST, ANA, CY);
        assertThat(s.askedToSkip(BO)).isFalse();
        assertThat(s.askedToSkip(ANA)).isTrue();
        assertThat(s.skipCount()).isEqualTo(1);
        assertThat(s.skipsNeeded()).isEqualTo(2);
        assertThat(s.track(4)).as("removed only by trackRemoved {reason: banned}").isEqualTo(bosTrack);

        s.apply(event(25, new Change.TrackRemoved(4, "banned")));
        assertThat(s.track(4)).isNull();
    }

    @Test
    void guestUnbannedOnlyAdvancesTheSeq() {
        RoomState s = roomWith(playing, HOST_PERSON, ANA_PERSON);
        s.apply(event(21, new Change.GuestBanned(BO, "Bo")));
        ServerMessage.Snapshot before = s.toSnapshot();

        assertThat(s.apply(event(22, new Change.GuestUnbanned(BO, "Bo")))).isEqualTo(RoomState.Applied.APPLIED);

        assertThat(s.seq()).isEqualTo(22);
        assertThat(s.person(BO)).as("present again only after guestJoined").isNull();
        ServerMessage.Snapshot after = s.toSnapshot();
        assertThat(after.present()).isEqualTo(before.present());
        assertThat(after.skipRequests()).isEqualTo(before.skipRequests());
        assertThat(after.queue()).isEqualTo(before.queue());
        assertThat(after.rules()).isEqualTo(before.rules());
        assertThat(after.playedCounts()).isEqualTo(before.playedCounts());
        assertThat(after.nowPlaying()).isEqualTo(before.nowPlaying());
    }

    @Test
    void skipRequestedCountsOnlyForTheNowPlayingTrackAndOncePerPerson() {
        RoomState s = roomWith(playing, HOST_PERSON, ANA_PERSON, BO_PERSON, CY_PERSON);

        s.apply(event(21, new Change.SkipRequested(playing.id(), ANA)));
        s.apply(event(22, new Change.SkipRequested(playing.id(), ANA)));
        assertThat(s.skipCount()).as("asking twice counts once").isEqualTo(1);

        assertThat(s.apply(event(23, new Change.SkipRequested(4242, BO)))).isEqualTo(RoomState.Applied.APPLIED);
        assertThat(s.askedToSkip(BO)).as("a request for another track is ignored").isFalse();
        assertThat(s.skipCount()).isEqualTo(1);
        assertThat(s.seq()).isEqualTo(23);

        s.apply(event(24, new Change.SkipRequested(playing.id(), BO)));
        assertThat(s.skipCount()).isEqualTo(2);
        assertThat(s.skipsNeeded()).isEqualTo(2);
        assertThat(s.toSnapshot().skipRequests()).containsExactly(ANA, BO);
    }

    @Test
    void skipRequestedWhileNothingPlaysIsIgnored() {
        RoomState s = roomWith(null, HOST_PERSON, ANA_PERSON);

        assertThat(s.apply(event(21, new Change.SkipRequested(9, ANA)))).isEqualTo(RoomState.Applied.APPLIED);

        assertThat(s.askedToSkip(ANA)).isFalse();
        assertThat(s.skipCount()).isZero();
    }

    @Test
    void onlyPresentAskersCountAndAReturningAskerCountsAgain() {
        RoomState s = roomWith(playing, HOST_PERSON, ANA_PERSON, BO_PERSON, CY_PERSON);
        s.apply(event(21, new Change.SkipRequested(playing.id(), ANA)));
        s.apply(event(22, new Change.SkipRequested(playing.id(), BO)));
        assertThat(s.skipCount()).isEqualTo(2);

        s.apply(event(23, new Change.GuestLeft(BO)));

        assertThat(s.skipCount()).as("Bo left: his request no longer counts").isEqualTo(1);
        assertThat(s.skipsNeeded()).as("3 present").isEqualTo(2);
        assertThat(s.askedToSkip(BO)).as("the request is kept while the track plays").isTrue();

        s.apply(event(24, new Change.GuestJoined(BO_PERSON)));
        assertThat(s.skipCount()).as("back while the same track plays").isEqualTo(2);
    }

    @Test
    void skipsNeededFollowsWhoIsPresentAndTheShare() {
        RoomState s = roomWith(playing);
        int[] expected = {1, 1, 1, 2, 2, 3, 3, 4}; // present 0..7 at the default share of 0.5
        for (int present = 0; present < expected.length; present++) {
            assertThat(s.skipsNeeded()).as("%d present", present).isEqualTo(expected[present]);
            s.apply(event(s.seq() + 1, new Change.GuestJoined(new Person(100 + present, "p" + present, Role.GUEST))));
        }
        // 8 present now
        s.apply(event(s.seq() + 1, new Change.RulesChanged(share(0.25))));
        assertThat(s.skipsNeeded()).isEqualTo(2);
        s.apply(event(s.seq() + 1, new Change.RulesChanged(share(1.0))));
        assertThat(s.skipsNeeded()).isEqualTo(8);
        s.apply(event(s.seq() + 1, new Change.RulesChanged(share(0.01))));
        assertThat(s.skipsNeeded()).as("never less than one").isEqualTo(1);
    }

    @Test
    void skipsNeededIsNotPushedUpByFloatingPointNoise() {
        // 0.7 × 10 is 7.000000000000001 in binary floating point; 0.3 × 10 is 3.0000000000000004
        assertThat(share(0.7).skipsNeeded(10)).isEqualTo(7);
        assertThat(share(0.3).skipsNeeded(10)).isEqualTo(3);
        assertThat(share(0.6).skipsNeeded(5)).isEqualTo(3);
        assertThat(share(0.1).skipsNeeded(20)).isEqualTo(2);
        assertThat(share(0.5).skipsNeeded(0)).isEqualTo(1);
        assertThat(share(1.0).skipsNeeded(1)).isEqualTo(1);
    }

    @Test
    void theVoteToSkipScriptOfTheDocs() {
        // docs/protocol.md 13.3: host + 3 guests, share 0.5
        long g4 = 40;
        RoomState s = roomWith(playing, HOST_PERSON, ANA_PERSON, BO_PERSON, CY_PERSON);
        s.apply(event(21, new Change.SkipRequested(playing.id(), ANA)));
        assertThat(List.of(s.skipCount(), s.skipsNeeded())).containsExactly(1, 2);
        s.apply(event(22, new Change.GuestJoined(new Person(g4, "Dee", Role.GUEST))));
        assertThat(List.of(s.skipCount(), s.skipsNeeded())).containsExactly(1, 3);
        s.apply(event(23, new Change.SkipRequested(playing.id(), BO)));
        assertThat(List.of(s.skipCount(), s.skipsNeeded())).containsExactly(2, 3);
        s.apply(event(24, new Change.GuestLeft(g4)));
        assertThat(List.of(s.skipCount(), s.skipsNeeded())).as("enough: the server skips").containsExactly(2, 2);
    }

    @Test
    void nowPlayingCountsTowardTheAddersPlayedCountAndClearsSkipRequests() {
        RoomState s = roomWith(playing, HOST_PERSON, ANA_PERSON, BO_PERSON);
        Track anas = trackBy(4, 0, 3_000, ANA);
        s.apply(event(21, new Change.TrackAdded(anas)));
        s.apply(event(22, new Change.SkipRequested(playing.id(), ANA)));

        s.apply(event(23, new Change.NowPlaying(anas, 5_000L)));

        assertThat(s.playedCounts()).isEqualTo(Map.of(ANA, 1));
        assertThat(s.skipCount()).isZero();
        assertThat(s.askedToSkip(ANA)).isFalse();
        assertThat(s.nowPlayingIsFallback()).isFalse();
    }

    @Test
    void aFallbackTrackIsMarkedDoesNotCountAsPlayedAndClearsSkipRequests() {
        RoomState s = roomWith(playing, HOST_PERSON, ANA_PERSON);
        s.apply(event(21, new Change.SkipRequested(playing.id(), ANA)));
        Track fallback = trackBy(31, 0, 9_000, HOST);

        s.apply(event(22, new Change.NowPlaying(fallback, 9_000L, true)));

        assertThat(s.nowPlaying()).isEqualTo(fallback);
        assertThat(s.nowPlayingIsFallback()).isTrue();
        assertThat(s.playedCounts()).as("fallback tracks never count").isEmpty();
        assertThat(s.skipCount()).isZero();
        assertThat(s.toSnapshot().nowPlayingFallback()).isTrue();

        // skip requests work on a fallback track too
        s.apply(event(23, new Change.SkipRequested(31, ANA)));
        assertThat(s.skipCount()).isEqualTo(1);

        // a guest's track displaces it: trackAdded, then nowPlaying without the fallback mark
        Track anas = trackBy(32, 0, 9_500, ANA);
        s.apply(event(24, new Change.TrackAdded(anas)));
        s.apply(event(25, new Change.NowPlaying(anas, 9_500L, false)));

        assertThat(s.nowPlayingIsFallback()).isFalse();
        assertThat(s.playedCounts()).isEqualTo(Map.of(ANA, 1));
        assertThat(s.queueSize()).isZero();
        assertThat(s.skipCount()).isZero();
        assertThat(s.toSnapshot().nowPlayingFallback()).as("left out when false").isNull();
    }

    @Test
    void nowPlayingWithoutATrackIsNeverAFallback() {
        RoomState s = roomWith(playing);

        s.apply(event(21, new Change.NowPlaying(null, 0, true)));

        assertThat(s.nowPlaying()).isNull();
        assertThat(s.nowPlayingIsFallback()).isFalse();
    }

    @Test
    void roomClosedMarksTheStateClosedUntilTheNextSnapshot() {
        assertThat(state.apply(event(11, new Change.RoomClosed("The host ended the party. Thanks for coming!"))))
                .isEqualTo(RoomState.Applied.APPLIED);

        assertThat(state.closed()).isTrue();
        assertThat(state.seq()).isEqualTo(11);
        assertThat(state.queueSize()).as("the last state stays readable").isEqualTo(3);

        state.applySnapshot(new ServerMessage.Snapshot(40, ROOM, null, null, List.of(), Map.of()));
        assertThat(state.closed()).isFalse();
    }

    @Test
    void fairOrderPutsGuestsWhoHadFewerTurnsFirstOnEqualScores() {
        // the fair worked example of docs/protocol.md section 7.2
        RoomState s = new RoomState(ME);
        Track t20 = trackBy(20, 0, 1_717_430_500_000L, ANA);
        Track t21 = trackBy(21, 0, 1_717_430_510_000L, ANA);
        Track t22 = trackBy(22, 0, 1_717_430_520_000L, CY);
        Track t23 = trackBy(23, 0, 1_717_430_530_000L, BO);
        Track t24 = trackBy(24, 2, 1_717_430_540_000L, ANA);
        Track t25 = trackBy(25, 0, 1_717_430_550_000L, BO);
        s.applySnapshot(new ServerMessage.Snapshot(30, ROOM, null, null, List.of(t25, t24, t23, t22, t21, t20),
                Map.of(), FAIR, List.of(), Map.of(ANA, 2, CY, 1), List.of(), null));

        assertThat(s.orderedQueue()).extracting(Track::id).containsExactly(24L, 23L, 25L, 22L, 20L, 21L);
        assertThat(s.head()).isEqualTo(t24);

        // each nowPlaying of the head adds to its adder's count, which re-orders what is left
        List<Long> played = new java.util.ArrayList<>();
        while (s.head() != null) {
            Track next = s.head();
            assertThat(next).isEqualTo(s.orderedQueue().get(0));
            s.apply(event(s.seq() + 1, new Change.NowPlaying(next, 0L)));
            played.add(next.id());
        }
        assertThat(played).containsExactly(24L, 23L, 22L, 25L, 20L, 21L);
        assertThat(s.playedCounts()).isEqualTo(Map.of(ANA, 5, BO, 2, CY, 2));

        // in votes mode the same queue is score, then time
        s.applySnapshot(new ServerMessage.Snapshot(30, ROOM, null, null, List.of(t25, t24, t23, t22, t21, t20),
                Map.of(), RoomRules.DEFAULTS, List.of(), Map.of(ANA, 2, CY, 1), List.of(), null));
        assertThat(s.orderedQueue()).extracting(Track::id).containsExactly(24L, 20L, 21L, 22L, 23L, 25L);
    }

    @Test
    void fairOrderIgnoresFallbackPlays() {
        RoomState s = new RoomState(ME);
        Track hosts = trackBy(1, 0, 1_000, HOST);
        Track anas = trackBy(2, 0, 2_000, ANA);
        s.applySnapshot(new ServerMessage.Snapshot(1, ROOM, null, null, List.of(hosts, anas), Map.of(), FAIR,
                List.of(), Map.of(), List.of(), null));

        // the host's fallback tracks play for a while: the host's count stays 0
        s.apply(event(2, new Change.NowPlaying(trackBy(90, 0, 500, HOST), 0L, true)));
        s.apply(event(3, new Change.NowPlaying(trackBy(91, 0, 600, HOST), 0L, true)));

        assertThat(s.playedCounts()).isEmpty();
        assertThat(s.head()).isEqualTo(hosts);
    }

    @Test
    void aSnapshotWithEveryNewFieldRoundTripsThroughTheWire() {
        Track fallback = trackBy(31, 0, 9_000, HOST);
        Track anas = trackBy(4, 1, 3_000, ANA);
        Track bos = trackBy(5, 1, 2_000, BO);
        RoomRules rules = new RoomRules("fair", 3, 600, false, -3, true, false, true, 0.75);
        RoomState s = new RoomState(ME);
        s.applySnapshot(new ServerMessage.Snapshot(60, ROOM, fallback, 9_000L, List.of(bos, anas), Map.of(4L, 1),
                rules, List.of(HOST_PERSON, new Person(CY, "Cy", Role.COHOST), ANA_PERSON),
                Map.of(BO, 2, ANA, 1), List.of(CY, ANA, BO), true));

        ServerMessage.Snapshot snapshot = s.toSnapshot();
        String json = Codec.write(snapshot);
        ServerMessage read = Codec.readServer(json);
        RoomState copy = new RoomState(ME);
        copy.applySnapshot((ServerMessage.Snapshot) read);

        assertThat(read).isEqualTo(snapshot);
        assertThat(snapshot.rules()).isEqualTo(rules);
        assertThat(snapshot.present()).containsExactly(HOST_PERSON, new Person(CY, "Cy", Role.COHOST), ANA_PERSON);
        assertThat(snapshot.playedCounts()).isEqualTo(Map.of(BO, 2, ANA, 1));
        assertThat(snapshot.skipRequests()).containsExactly(CY, ANA, BO);
        assertThat(snapshot.nowPlayingFallback()).isTrue();
        assertThat(snapshot.queue()).as("fair: Ana had fewer turns").containsExactly(anas, bos);
        assertThat(json).contains("\"nowPlayingFallback\":true", "\"playedCounts\":{", "\"skipRequests\":[",
                "\"role\":\"cohost\"", "\"ordering\":\"fair\"");

        assertThat(copy.toSnapshot()).isEqualTo(snapshot);
        assertThat(copy.rules()).isEqualTo(rules);
        assertThat(copy.present()).isEqualTo(s.present());
        assertThat(copy.playedCounts()).isEqualTo(Map.of(BO, 2, ANA, 1));
        assertThat(copy.skipCount()).as("Bo asked but is not present").isEqualTo(2);
        assertThat(copy.skipsNeeded()).as("0.75 × 3, rounded up").isEqualTo(3);
        assertThat(copy.nowPlayingIsFallback()).isTrue();
        assertThat(copy.head()).isEqualTo(anas);
    }

    @Test
    void eachNewChangeKindReadFromTheWireApplies() {
        RoomState s = roomWith(playing, HOST_PERSON);
        String[] frames = {
            "{\"type\":\"event\",\"seq\":21,\"change\":{\"kind\":\"guestJoined\",\"person\":"
                    + "{\"guestId\":7,\"nickname\":\"Ana\",\"role\":\"guest\"}}}",
            "{\"type\":\"event\",\"seq\":22,\"change\":{\"kind\":\"roleChanged\",\"guestId\":7,\"role\":\"cohost\"}}",
            "{\"type\":\"event\",\"seq\":23,\"change\":{\"kind\":\"rulesChanged\",\"rules\":{\"ordering\":\"fair\","
                    + "\"downvotes\":true,\"addingLocked\":false,\"votingLocked\":false,\"voteOnly\":false,"
                    + "\"skipShare\":1.0}}}",
            "{\"type\":\"event\",\"seq\":24,\"change\":{\"kind\":\"skipRequested\",\"trackId\":9,\"guestId\":7}}",
            "{\"type\":\"event\",\"seq\":25,\"change\":{\"kind\":\"guestBanned\",\"guestId\":13,\"nickname\":\"Zed\"}}",
            "{\"type\":\"event\",\"seq\":26,\"change\":{\"kind\":\"guestUnbanned\",\"guestId\":13,\"nickname\":\"Zed\"}}",
            "{\"type\":\"event\",\"seq\":27,\"change\":{\"kind\":\"guestLeft\",\"guestId\":1}}",
            "{\"type\":\"event\",\"seq\":28,\"change\":{\"kind\":\"roomClosed\",\"reason\":\"Bye\"}}",
        };
        for (String frame : frames) {
            assertThat(s.apply((ServerMessage.Event) Codec.readServer(frame))).as(frame)
                    .isEqualTo(RoomState.Applied.APPLIED);
        }

        assertThat(s.seq()).isEqualTo(28);
        assertThat(s.present()).containsExactly(new Person(ANA, "Ana", Role.COHOST));
        assertThat(s.rules().ordering()).isEqualTo("fair");
        assertThat(s.rules().skipShare()).isEqualTo(1.0);
        assertThat(s.skipCount()).isEqualTo(1);
        assertThat(s.skipsNeeded()).isEqualTo(1);
        assertThat(s.closed()).isTrue();
    }

    /**
     * A server from before the room rules wrote {@code nowPlaying} without {@code fallback}; such frames are still in
     * rooms' event logs and caches and come back in replays. They should read as "not a fallback".
     */
    @Test
    void aNowPlayingWithoutTheFallbackFieldReadsAsNotAFallback() {
        String frame = "{\"type\":\"event\",\"seq\":11,\"change\":{\"kind\":\"nowPlaying\",\"track\":"
                + Codec.write(a) + ",\"startedAt\":5000}}";

        ServerMessage.Event event = (ServerMessage.Event) Codec.readServer(frame);

        assertThat(state.apply(event)).isEqualTo(RoomState.Applied.APPLIED);
        assertThat(state.nowPlaying()).isEqualTo(a);
        assertThat(state.nowPlayingIsFallback()).isFalse();
        assertThat(state.playedCounts()).isEqualTo(Map.of(OTHER, 1));
    }
}
