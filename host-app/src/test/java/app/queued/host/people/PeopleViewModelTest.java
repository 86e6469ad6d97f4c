package app.queued.host.people;

import app.queued.fx.UiThread;
import app.queued.host.FakeLink;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PeopleViewModelTest {
    private final FakeLink link = new FakeLink();
    private final PeopleViewModel model = new PeopleViewModel(link, UiThread.direct());

    private static Results.Member member(long id, String name, Role role, boolean banned, boolean present) {
        return new Results.Member(id, name, role, banned, present);
    }

    @Test
    void theHostFirstThenWhoIsHereThenWhoLeftThenTheBanned() {
        link.members = new Results.Members(List.of(member(1, "Host", Role.HOST, false, true),
                member(5, "Troll", Role.GUEST, true, false), member(4, "Ana", Role.GUEST, false, true),
                member(6, "Bo", Role.GUEST, false, false), member(7, "Cy", Role.COHOST, false, true)));
        model.refresh();
        assertThat(model.people()).extracting(PeopleViewModel.Person::name)
                .containsExactly("Host", "Ana", "Cy", "Bo", "Troll");
        assertThat(model.people()).extracting(PeopleViewModel.Person::state)
                .containsExactly("host \u00b7 here", "here", "co-host \u00b7 here", "away", "banned");
        assertThat(model.summaryProperty().get()).isEqualTo("2 of 4 guests here now");
    }

    @Test
    void twoPeopleWithOneNameCanBeToldApart() {
        link.members = new Results.Members(List.of(member(1, "Host", Role.HOST, false, true),
                member(8, "Ben", Role.GUEST, false, true), member(9, "ben", Role.GUEST, false, true)));
        model.refresh();
        assertThat(model.people()).extracting(PeopleViewModel.Person::name)
                .containsExactly("Host", "Ben #8", "ben #9");
    }

    @Test
    void promoteDemoteBanAndUnbanByGuestIdThenAskAgain() {
        link.members = new Results.Members(List.of(member(4, "Ana", Role.GUEST, false, true)));
        model.refresh();
        PeopleViewModel.Person ana = model.people().get(0);
        model.makeCohost(ana);
        model.makeGuest(ana);
        model.ban(ana, true);
        model.unban(ana);
        assertThat(link.calls).containsExactly("members", "setRole 4 cohost", "members", "setRole 4 guest", "members",
                "ban 4 true", "members", "unban 4", "members");
        assertThat(model.noticeProperty().get()).isEqualTo("Ana may come back.");
    }
}
