package app.queued.guest.room;

import app.queued.client.RequestFailedException;
import app.queued.client.RoomView;
import app.queued.fx.UiThread;
import app.queued.guest.testing.FakeParty;
import app.queued.guest.ui.Notice;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Person;
import app.queued.protocol.Role;
import app.queued.protocol.RoomRules;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static app.queued.guest.testing.FakeParty.ME;
import static app.queued.guest.testing.FakeParty.track;
import static org.assertj.core.api.Assertions.assertThat;

/** The party screen's "Ask to skip": offered while something plays, sent once per track, counted from the room. */
class AskToSkipTest {
    private static final List<Person> THREE = List.of(new Person(1, "Host", Role.HOST), new Person(ME, "Ana",
            Role.GUEST), new Person(8, "Bo", Role.GUEST));

    private final FakeParty party = new FakeParty();
    private final Track playing = track(9, 0, 50, 8);
    private PartyViewModel model;

    @BeforeEach
    void attach() {
        party.push(view(10, null, List.of()));
        model = new PartyViewModel(party, UiThread.direct(), Clock.systemUTC(), () -> { });
        model.attach();
    }

    @Test
    void notOfferedWhileNothingPlays() {
        assertThat(model.canAskToSkipProperty().get()).isFalse();
        assertThat(model.skipTextProperty().get()).isEmpty();
        model.askToSkip();
        assertThat(party.sent).isEmpty();
    }

    @Test
    void asksForTheNowPlayingTrackOnceAndShowsTheCountLive() {
        party.push(view(11, playing, List.of(8L)));
        assertThat(model.canAskToSkipProperty().get()).isTrue();
        assertThat(model.skipTextProperty().get()).isEqualTo("1 of 2 asked to skip");

        model.askToSkip();
        assertThat(party.last().kind()).isEqualTo("skipVote");
        assertThat(party.last().trackId()).isEqualTo(9);
        assertThat(model.canAskToSkipProperty().get()).isFalse();
        model.askToSkip();
        assertThat(party.sent).hasSize(1);

        party.<ServerMessage.Ack>answerOf(0).complete(new ServerMessage.Ack("r1", 12L, null));
        party.push(view(12, playing, List.of(8L, ME)));
        assertThat(model.skipTextProperty().get()).isEqualTo("2 of 2 asked to skip · you asked");
        assertThat(model.canAskToSkipProperty().get()).isFalse();
        assertThat(model.noticeProperty().get()).isNull();

        // The next track: asking is offered again, the count starts over.
        party.push(view(13, track(10, 0, 60, 1), List.of()));
        assertThat(model.canAskToSkipProperty().get()).isTrue();
        assertThat(model.skipTextProperty().get()).isEqualTo("0 of 2 asked to skip");
    }

    @Test
    void alreadyAskedInTheRoomStateMeansNotOffered() {
        // e.g. after a restart: the room remembers this guest asked
        party.push(view(11, playing, List.of(ME)));
        assertThat(model.canAskToSkipProperty().get()).isFalse();
        assertThat(model.skipTextProperty().get()).isEqualTo("1 of 2 asked to skip · you asked");
    }

    @Test
    void aRefusalIsExplainedAndAskingIsOfferedAgain() {
        party.push(view(11, playing, List.of()));
        model.askToSkip();
        party.answerOf(0).completeExceptionally(new RequestFailedException(ErrorCode.CONFLICT,
                "That track is no longer playing."));
        assertThat(model.noticeProperty().get()).isEqualTo(Notice.error(
                "That song is no longer playing, so your ask to skip didn't count."));
        assertThat(model.canAskToSkipProperty().get()).isTrue();
    }

    @Test
    void notOfferedOnceThePartyEnded() {
        party.push(view(11, playing, List.of()));
        party.pushEnded("The host has closed this party.");
        assertThat(model.canAskToSkipProperty().get()).isFalse();
    }

    /** Three present (needed 2 at the default share of 0.5), {@code asked} of them asked to skip. */
    private static RoomView view(long seq, Track nowPlaying, List<Long> asked) {
        return new RoomView(seq, FakeParty.ROOM, nowPlaying, nowPlaying == null ? null : 1_000L, List.of(),
                Map.of(), RoomRules.DEFAULTS, THREE, asked.size(), RoomRules.DEFAULTS.skipsNeeded(THREE.size()),
                false, false, asked);
    }
}
