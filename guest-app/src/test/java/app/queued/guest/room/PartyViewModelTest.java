package app.queued.guest.room;

import app.queued.client.ConnectionStatus;
import app.queued.client.RequestFailedException;
import app.queued.client.RoomView;
import app.queued.fx.UiThread;
import app.queued.guest.room.PartyViewModel.BannerKind;
import app.queued.guest.session.Sentences;
import app.queued.guest.testing.FakeParty;
import app.queued.guest.ui.Notice;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.RoomInfo;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static app.queued.guest.testing.FakeParty.ME;
import static app.queued.guest.testing.FakeParty.track;
import static app.queued.guest.testing.FakeParty.view;
import static org.assertj.core.api.Assertions.assertThat;

/** The party screen's logic without a window or a server: optimistic votes, selection, banner, progress. */
class PartyViewModelTest {
    private final FakeParty party = new FakeParty();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    private boolean leftCalled;
    private PartyViewModel model;

    // 1 (+1, oldest), 2 (0), 3 (0, newest)
    private final Track one = track(1, 1, 100, 9);
    private final Track two = track(2, 0, 200, ME);
    private final Track three = track(3, 0, 300, 9);

    @BeforeEach
    void attach() {
        party.push(view(10, List.of(one, two, three)));
        model = new PartyViewModel(party, UiThread.direct(), clock, () -> leftCalled = true);
        model.attach();
    }

    @Test
    void showsTheQueueInPlayOrderWithTheHeadSelected() {
        assertThat(ids()).containsExactly(1L, 2L, 3L);
        assertThat(model.queue().get(1).mine()).isTrue();
        assertThat(model.queue().get(0).position()).isEqualTo(1);
        assertThat(model.selectedTrackIdProperty().get()).isEqualTo(1);
        assertThat(model.roomNameProperty().get()).isEqualTo("Test party");
        assertThat(model.joinCodeProperty().get()).isEqualTo("K7QX4M");
    }

    @Test
    void aVoteMovesTheRowAtOnceAndStaysUntilTheServersStateHasIt() {
        model.vote(3, 1);
        // Optimistic: 3 is at +1 now, tied with 1 but added later, so it passes 2 only.
        assertThat(ids()).containsExactly(1L, 3L, 2L);
        assertThat(entry(3).myVote()).isEqualTo(1);
        assertThat(entry(3).confirming()).isTrue();
        assertThat(party.last().kind()).isEqualTo("vote");

        // The ack (seq 11) comes before its event: the overlay stays, no flicker back.
        party.<ServerMessage.Ack>answerOf(0).complete(new ServerMessage.Ack("r1", 11L, null));
        assertThat(ids()).containsExactly(1L, 3L, 2L);
        assertThat(entry(3).confirming()).isFalse();
        // Then the event arrives: the server's state has our vote; the overlay is gone.
        party.push(view(11, List.of(one, two, track(3, 1, 300, 9)), 3, 1));
        assertThat(ids()).containsExactly(1L, 3L, 2L);
        assertThat(entry(3).score()).isEqualTo(1);
        assertThat(entry(3).myVote()).isEqualTo(1);
    }

    @Test
    void withoutPendingVotesTheServersOrderIsShownAsIsAndWithThemTheRoomsOwnOrderSorts() {
        // A room in the fair mode: on equal scores, guest 9's tracks (who has had songs played) go last.
        party.order = java.util.Comparator.comparingInt(Track::score).reversed()
                .thenComparingInt(t -> t.addedBy() == 9 ? 1 : 0)
                .thenComparingLong(Track::addedAt).thenComparingLong(Track::id);
        java.util.List<Track> fair = new java.util.ArrayList<>(List.of(track(1, 0, 100, 9), two, three));
        fair.sort(party.order);
        party.push(new RoomView(11, FakeParty.ROOM, null, null, fair, java.util.Map.of()));
        assertThat(ids()).containsExactly(2L, 1L, 3L);
        // Bo's track 3 upvoted by us: +1, first. Then back to 0: behind 2 (ours) again, by the fair rule.
        model.vote(3, 1);
        assertThat(ids()).containsExactly(3L, 2L, 1L);
        model.vote(3, 0);
        assertThat(ids()).containsExactly(2L, 1L, 3L);
    }

    @Test
    void othersVotesCountWhileOurVoteIsPending() {
        model.vote(3, 1);
        // Bo downvotes 1 before our vote is confirmed: 3 (+1 with ours) goes to the top.
        party.push(view(11, List.of(track(1, 0, 100, 9), two, three)));
        assertThat(ids()).containsExactly(3L, 1L, 2L);
        assertThat(entry(3).score()).isEqualTo(1);
    }

    @Test
    void aRefusedVoteIsTakenBackAndExplained() {
        model.vote(3, -1);
        assertThat(ids()).containsExactly(1L, 2L, 3L);
        assertThat(entry(3).score()).isEqualTo(-1);
        party.answerOf(0).completeExceptionally(new RequestFailedException(ErrorCode.NOT_FOUND, "gone"));
        assertThat(entry(3).score()).isEqualTo(0);
        assertThat(entry(3).myVote()).isEqualTo(0);
        assertThat(model.noticeProperty().get()).isEqualTo(Notice.error(
                "That song has just left the queue, so your vote didn't count."));
    }

    @Test
    void aNewerVoteOnTheSameTrackWinsOverAnOlderAnswer() {
        model.vote(2, 1);
        model.vote(2, -1);
        assertThat(entry(2).myVote()).isEqualTo(-1);
        // The first vote's refusal arrives late: it must not undo the second.
        party.answerOf(0).completeExceptionally(new RequestFailedException(ErrorCode.UNAVAILABLE, "busy"));
        assertThat(entry(2).myVote()).isEqualTo(-1);
        assertThat(model.noticeProperty().get()).isNull();
    }

    @Test
    void votingTheSameValueAgainSendsNothingAndTogglingTakesItBack() {
        party.push(view(11, List.of(one, two, three), 1, 1));
        model.vote(1, 1);
        assertThat(party.sent).isEmpty();
        model.toggle(1, 1);
        assertThat(party.last().value()).isEqualTo(0);
        assertThat(entry(1).score()).isEqualTo(0);
    }

    @Test
    void theSelectionFollowsItsTrackWhenTheQueueReorders() {
        model.select(3);
        party.push(view(11, List.of(one, two, track(3, 5, 300, 9))));
        assertThat(ids()).containsExactly(3L, 1L, 2L);
        assertThat(model.selectedTrackIdProperty().get()).isEqualTo(3);
        model.moveSelection(1);
        assertThat(model.selectedTrackIdProperty().get()).isEqualTo(1);
        model.selectLast();
        assertThat(model.selectedTrackIdProperty().get()).isEqualTo(2);
        model.moveSelection(1);
        assertThat(model.selectedTrackIdProperty().get()).isEqualTo(2);
        model.selectFirst();
        assertThat(model.selectedTrackIdProperty().get()).isEqualTo(3);
        model.voteSelected(-1);
        assertThat(party.last().trackId()).isEqualTo(3);
    }

    @Test
    void whenTheSelectedTrackLeavesTheSelectionStaysInPlace() {
        model.select(2);
        party.push(view(11, List.of(one, three)));
        assertThat(model.selectedTrackIdProperty().get()).isEqualTo(3);
    }

    @Test
    void aTrackThisGuestJustAddedIsSelectedWhenItArrives() {
        model.reveal(4);
        assertThat(model.selectedTrackIdProperty().get()).isEqualTo(1);
        party.push(view(11, List.of(one, two, three, track(4, 0, 400, ME))));
        assertThat(model.selectedTrackIdProperty().get()).isEqualTo(4);
    }

    @Test
    void reconnectingShowsTheBannerAndComingBackSaysSo() {
        party.pushStatus(ConnectionStatus.RECONNECTING, null);
        assertThat(model.bannerProperty().get()).isEqualTo(BannerKind.RECONNECTING);
        assertThat(model.bannerTextProperty().get()).isEqualTo(Sentences.RECONNECTING);
        party.pushStatus(ConnectionStatus.CONNECTED, null);
        assertThat(model.bannerProperty().get()).isEqualTo(BannerKind.NONE);
        assertThat(model.noticeProperty().get()).isEqualTo(Notice.success(Sentences.BACK));
    }

    @Test
    void theEndOfThePartyIsASentenceAndVotingStops() {
        model.vote(3, 1);
        party.pushStatus(ConnectionStatus.CLOSED, new RequestFailedException(ErrorCode.FORBIDDEN, "banned"));
        assertThat(model.bannerProperty().get()).isEqualTo(BannerKind.ENDED);
        assertThat(model.bannerTextProperty().get()).isEqualTo(Sentences.REMOVED);
        assertThat(model.canVoteProperty().get()).isFalse();
        assertThat(entry(3).score()).isEqualTo(0);
        int sent = party.sent.size();
        model.vote(2, 1);
        assertThat(party.sent).hasSize(sent);
        model.leave();
        assertThat(party.left).isTrue();
        assertThat(leftCalled).isTrue();
    }

    @Test
    void whenTheRoomSaysThePartyIsOverTheClosingConnectionChangesNothing() {
        party.pushEnded(Sentences.ROOM_CLOSED);
        assertThat(model.bannerProperty().get()).isEqualTo(BannerKind.ENDED);
        assertThat(model.bannerTextProperty().get()).isEqualTo(Sentences.ROOM_CLOSED);
        party.pushStatus(ConnectionStatus.RECONNECTING, null);
        party.pushStatus(ConnectionStatus.CLOSED, new RequestFailedException(ErrorCode.UNAVAILABLE, "closed"));
        assertThat(model.bannerTextProperty().get()).isEqualTo(Sentences.ROOM_CLOSED);
        assertThat(model.canVoteProperty().get()).isFalse();
    }

    @Test
    void aVoteLostToTheRateLimiterIsExplainedAsSuch() {
        model.vote(3, 1);
        party.pushError(new ServerMessage.Error(null, ErrorCode.RATE_LIMITED, "Slow down", 200L));
        assertThat(model.noticeProperty().get()).isEqualTo(Notice.error(Sentences.SLOW_DOWN));
        now.addAndGet(10_000);
        party.answerOf(0).completeExceptionally(new TimeoutException("no answer"));
        assertThat(model.noticeProperty().get()).isEqualTo(Notice.error(Sentences.TOO_FAST_NOT_COUNTED));
        assertThat(entry(3).myVote()).isEqualTo(0);
    }

    @Test
    void aVoteThatWaitedTooLongOfflineIsExplainedAsSuch() {
        party.pushStatus(ConnectionStatus.RECONNECTING, null);
        model.vote(3, 1);
        assertThat(entry(3).confirming()).isTrue();
        party.answerOf(0).completeExceptionally(new TimeoutException("no answer"));
        assertThat(model.noticeProperty().get()).isEqualTo(Notice.error(Sentences.OFFLINE_TOO_LONG));
        assertThat(entry(3).myVote()).isEqualTo(0);
    }

    @Test
    void nowPlayingShowsTitleAndProgressByTheClock() {
        Track playing = new Track(9, "vid00000009", "Playing song", "Band", 200, null, 9, "Bo", 50, 3);
        party.push(new RoomView(11, new RoomInfo(3, "Test party", "K7QX4M"), playing, now.get() - 50_000,
                List.of(one), java.util.Map.of()));
        assertThat(model.playingProperty().get()).isTrue();
        assertThat(model.nowPlayingTitleProperty().get()).isEqualTo("Playing song");
        assertThat(model.nowPlayingDetailProperty().get()).isEqualTo("Band · added by Bo");
        assertThat(model.progressProperty().get()).isEqualTo(0.25);
        assertThat(model.progressTextProperty().get()).isEqualTo("0:50 / 3:20");
        now.addAndGet(1_000_000); // long past the end (or a host clock ahead of ours): clamped
        model.tick();
        assertThat(model.progressProperty().get()).isEqualTo(1.0);
        assertThat(model.progressTextProperty().get()).isEqualTo("3:20 / 3:20");
    }

    private List<Long> ids() {
        return model.queue().stream().map(QueueEntry::trackId).toList();
    }

    private QueueEntry entry(long id) {
        return model.queue().stream().filter(e -> e.trackId() == id).findFirst().orElseThrow();
    }
}
