package app.queued.host.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.host.FakeLink;
import app.queued.host.ui.UiThread;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import app.queued.protocol.RoomRules;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModerationViewModelTest {
    private final FakeLink link = new FakeLink();
    private final ModerationViewModel model = new ModerationViewModel(link, UiThread.direct());

    @Test
    void aChangeSendsTheWholeRuleSetKeepingTheRulesItDoesNotShow() {
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

    @Test
    void banAndUnbanByGuestIdThenRefreshThePeople() {
        link.members = new Results.Members(List.of(new Results.Member(1, "Host", Role.HOST, false, true),
                new Results.Member(5, "Troll", Role.GUEST, true, false), new Results.Member(4, "Ana", Role.GUEST,
                        false, true)));
        model.ban(new Results.Member(5, "Troll", Role.GUEST, false, true), true);
        model.unban(new Results.Member(5, "Troll", Role.GUEST, true, false));
        assertThat(link.calls).containsExactly("ban 5 true", "members", "unban 5", "members");
        assertThat(model.members()).extracting(Results.Member::nickname).containsExactly("Ana", "Host", "Troll");
    }
}
