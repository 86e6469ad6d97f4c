package app.queued.host.party;

import app.queued.client.RoomView;
import app.queued.fx.UiThread;
import app.queued.host.FakeLink;
import app.queued.host.Tracks;
import app.queued.protocol.Person;
import app.queued.protocol.Role;
import app.queued.protocol.RoomInfo;
import app.queued.protocol.RoomRules;
import app.queued.protocol.Track;
import app.queued.room.QueueOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartyViewModelTest {
    private final FakeLink link = new FakeLink();
    private final PartyViewModel model = new PartyViewModel(link, UiThread.direct());

    private static RoomView view(long seq, List<Track> tracks, Map<Long, Integer> myVotes, List<Person> present,
                                 RoomRules rules) {
        List<Track> ordered = new ArrayList<>(tracks);
        ordered.sort(QueueOrder.COMPARATOR);
        return new RoomView(seq, new RoomInfo(1, "Friday", "K7QX4M"), null, null, ordered, myVotes, rules, present,
                0, 1, false, false);
    }

    @Test
    void showsTheQueueInPlayOrderWithScoresAndTheHostsVotes() {
        model.setRoom("Friday", "K7QX4M", 1, new app.queued.invite.InviteLink("192.168.1.20", 7765, "K7QX4M"),
                "192.168.1.20:7765");
        model.apply(view(5, List.of(Tracks.track(1, 0, 10), Tracks.track(2, 2, 20), Tracks.track(3, 0, 5)),
                Map.of(2L, 1), List.of(new Person(1, "Host", Role.HOST)), RoomRules.DEFAULTS));

        assertThat(model.queue()).extracting(QueueEntry::trackId).containsExactly(2L, 3L, 1L);
        assertThat(model.queue()).extracting(QueueEntry::position).containsExactly(1, 2, 3);
        assertThat(model.queue().get(0).myVote()).isEqualTo(1);
        assertThat(model.queue().get(0).addedByName()).isEqualTo("Ana");
        assertThat(model.joinCodeProperty().get()).isEqualTo("K7Q X4M");
        assertThat(model.presenceTextProperty().get()).isEqualTo("No guests yet");
    }

    @Test
    void presenceCountsGuestsNotTheHost() {
        model.setRoom("Friday", "K7QX4M", 1, null, "");
        model.apply(view(1, List.of(), Map.of(), List.of(new Person(1, "Host", Role.HOST),
                new Person(2, "Ana", Role.GUEST), new Person(3, "Bo", Role.COHOST)), RoomRules.DEFAULTS));
        assertThat(model.guestsHereProperty().get()).isEqualTo(2);
        assertThat(model.presenceTextProperty().get()).isEqualTo("2 guests here");
    }

    @Test
    void votingTheSameWayAgainTakesTheVoteBack() {
        model.apply(view(1, List.of(Tracks.track(1, 1, 1)), Map.of(1L, 1), List.of(), RoomRules.DEFAULTS));
        model.vote(1, 1);
        model.vote(1, -1);
        assertThat(link.calls).containsExactly("vote 1 0", "vote 1 -1");
    }

    @Test
    void keyboardSelectionVotesAndRemovesTheSelectedTrack() {
        model.apply(view(1, List.of(Tracks.track(1, 2, 1), Tracks.track(2, 1, 1)), Map.of(), List.of(),
                RoomRules.DEFAULTS));
        model.moveSelection(1);
        assertThat(model.selectedProperty().get()).isEqualTo(1);
        model.moveSelection(1);
        model.voteSelected(1);
        model.removeSelected();
        assertThat(link.calls).containsExactly("vote 2 1", "remove 2");
    }

    @Test
    void linksAreAddedAndWordsSearched() {
        model.addTextProperty().set("https://youtu.be/dQw4w9WgXcQ");
        model.addOrSearch();
        model.addTextProperty().set("queen");
        model.addOrSearch();
        assertThat(link.calls).containsExactly("add dQw4w9WgXcQ", "search queen");
        assertThat(PartyViewModel.looksLikeLink("dQw4w9WgXcQ")).isTrue();
        assertThat(PartyViewModel.looksLikeLink("beautifulday")).isFalse();
    }

    @Test
    void aSearchThatMentionsYouTubeIsASearchAndAnotherSitesLinkSaysSo() {
        model.addTextProperty().set("youtube rewind");
        model.addOrSearch();
        assertThat(link.calls).containsExactly("search youtube rewind");

        model.addTextProperty().set("https://vimeo.com/1234");
        model.addOrSearch();
        assertThat(model.noticeProperty().get()).isEqualTo("That is not a YouTube video link or id.");
        model.addTextProperty().set("vimeo.com/1234");
        model.addOrSearch();
        assertThat(model.noticeProperty().get()).isEqualTo("That is not a YouTube video link or id.");
        assertThat(link.calls).containsExactly("search youtube rewind");
        assertThat(PartyViewModel.looksLikeLink("t.a.t.u")).isFalse();
        assertThat(PartyViewModel.looksLikeLink("ac/dc")).isFalse();
    }

    @Test
    void endingThePartySaysWhatHappensToTheGuestsFirst() {
        model.apply(view(1, List.of(), Map.of(), List.of(new Person(1, "Host", Role.HOST),
                new Person(2, "Ana", Role.GUEST), new Person(3, "Bo", Role.GUEST)), RoomRules.DEFAULTS));
        model.setRoom("Friday", "K7QX4M", 1, null, "");
        boolean[] ended = {false};
        model.setOnEnded(() -> ended[0] = true);
        model.askToEnd();
        assertThat(model.confirmingEndProperty().get()).isTrue();
        assertThat(model.endWarningProperty().get()).startsWith("The 2 guests here are disconnected at once");
        assertThat(link.calls).isEmpty();
        model.cancelEnd();
        assertThat(link.calls).isEmpty();
        model.askToEnd();
        model.endParty();
        assertThat(link.calls).containsExactly("closeRoom");
        assertThat(ended[0]).isTrue();
    }

    @Test
    void rulesAreSummedUpInOneLine() {
        RoomRules rules = new RoomRules("votes", 3, null, true, null, true, false, false, 0.3);
        model.apply(view(1, List.of(), Map.of(), List.of(), rules));
        assertThat(model.rulesTextProperty().get())
                .isEqualTo("adding paused \u00b7 at most 3 songs per guest \u00b7 skip when 30 % ask");
        model.apply(view(2, List.of(), Map.of(), List.of(), new RoomRules("fair", 1, 600, false, -3, false, true,
                true, 0.5)));
        assertThat(model.rulesTextProperty().get()).isEqualTo("vote-only \u00b7 voting paused \u00b7 at most 1 song "
                + "per guest \u00b7 songs up to 10 min \u00b7 dropped at \u22123 \u00b7 fair order \u00b7 skip when 50 % ask");
    }
}
