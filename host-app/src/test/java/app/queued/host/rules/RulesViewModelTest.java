package app.queued.host.rules;

import app.queued.fx.UiThread;
import app.queued.host.FakeLink;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.RoomRules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RulesViewModelTest {
    private final FakeLink link = new FakeLink();
    private final RulesViewModel model = new RulesViewModel(link, UiThread.direct());

    @Test
    void aChangeSendsTheWholeRuleSet() {
        RoomRules server = new RoomRules("votes", null, 600, true, -5, false, false, true, 0.5);
        model.rulesFromServer(server);
        model.addingLockedProperty().set(true);
        model.capEnabledProperty().set(true);
        model.capProperty().set(4);
        model.skipPercentProperty().set(30);
        model.apply();

        assertThat(link.rules).containsExactly(new RoomRules("votes", 4, 600, true, -5, true, false, true, 0.3));
    }

    @Test
    void everyRuleTheServerHasHasAControl() {
        model.rulesFromServer(new RoomRules("fair", 2, 420, false, -4, true, true, true, 0.7));
        assertThat(model.edited()).isEqualTo(new RoomRules("fair", 2, 420, false, -4, true, true, true, 0.7));
        assertThat(model.maxLengthMinutesProperty().get()).isEqualTo(7);
        assertThat(model.autoRemoveBelowProperty().get()).isEqualTo(4);

        model.maxLengthEnabledProperty().set(false);
        model.autoRemoveEnabledProperty().set(false);
        model.voteOnlyProperty().set(false);
        model.maxLengthEnabledProperty().set(true);
        model.maxLengthMinutesProperty().set(12);
        model.apply();
        assertThat(link.rules).containsExactly(new RoomRules("fair", 2, 720, false, null, true, true, false, 0.7));
    }

    @Test
    void theSkipShareIsSaidAsPeople() {
        model.rulesFromServer(RoomRules.DEFAULTS);
        model.presentChanged(4);
        assertThat(model.skipTextProperty().get()).isEqualTo("50 %: with 4 people here, the song is skipped once 2 people ask.");
        model.presentChanged(1);
        assertThat(model.skipTextProperty().get()).isEqualTo("50 %: with 1 person here, the song is skipped once 1 person asks.");
    }

    @Test
    void nothingChangedSendsNothing() {
        model.rulesFromServer(RoomRules.DEFAULTS);
        model.apply();
        assertThat(link.rules).isEmpty();
    }

    @Test
    void aRefusedChangePutsTheControlsBack() {
        model.rulesFromServer(RoomRules.DEFAULTS);
        link.failNext(ErrorCode.FORBIDDEN);
        model.toggleVotingLocked();
        assertThat(model.votingLockedProperty().get()).isFalse();
        assertThat(model.noticeProperty().get()).contains("forbidden");
    }
}
