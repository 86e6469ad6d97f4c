package app.queued.host.people;

import app.queued.fx.UiThread;
import app.queued.host.party.HostLink;
import app.queued.host.ui.Failures;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Everyone who came to the party, live: who is here now, co-hosts, bans. The list is the server's {@code members}
 * answer, asked again whenever someone arrives, leaves, is banned or unbanned or changes role (at most one question
 * on its way at a time, one more queued behind it). The host promotes a guest to co-host and back, bans and unbans.
 */
public final class PeopleViewModel {
    private final HostLink link;
    private final UiThread ui;
    private final ObservableList<Person> people = FXCollections.observableArrayList();
    private final StringProperty summary = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");
    private boolean asking;
    private boolean askAgain;

    /**
     * One member as the list shows them.
     *
     * @param name the nickname, with "#id" added when someone else has the same one (so the host bans the right one)
     */
    public record Person(Results.Member member, String name) {
        public long guestId() {
            return member.guestId();
        }

        public boolean host() {
            return member.role() == Role.HOST;
        }

        public boolean cohost() {
            return member.role() == Role.COHOST;
        }

        /** "host", "co-host · here", "away", "banned". */
        public String state() {
            String where = member.banned() ? "banned" : member.present() ? "here" : "away";
            return switch (member.role()) {
                case HOST -> "host \u00b7 " + where;
                case COHOST -> "co-host \u00b7 " + where;
                case GUEST -> where;
            };
        }
    }

    public PeopleViewModel(HostLink link, UiThread ui) {
        this.link = link;
        this.ui = ui;
    }

    /** Asks the server who is in the room; called at the start and on every presence or role change. */
    public void refresh() {
        ui.run(() -> {
            if (asking) {
                askAgain = true;
                return;
            }
            asking = true;
            link.members().whenComplete((result, failure) -> ui.run(() -> {
                asking = false;
                if (failure != null) {
                    notice.set(Failures.sentence(failure));
                } else {
                    show(result.members());
                }
                if (askAgain) {
                    askAgain = false;
                    refresh();
                }
            }));
        });
    }

    private void show(List<Results.Member> members) {
        Map<String, Integer> names = new HashMap<>();
        for (Results.Member m : members) {
            names.merge(key(m.nickname()), 1, Integer::sum);
        }
        people.setAll(members.stream()
                .sorted(Comparator.comparing((Results.Member m) -> m.role() != Role.HOST)
                        .thenComparing(Results.Member::banned)
                        .thenComparing(Results.Member::present, Comparator.reverseOrder())
                        .thenComparing(m -> key(m.nickname()))
                        .thenComparingLong(Results.Member::guestId))
                .map(m -> new Person(m, names.get(key(m.nickname())) > 1
                        ? m.nickname() + " #" + m.guestId() : m.nickname()))
                .toList());
        long here = members.stream().filter(m -> m.present() && m.role() != Role.HOST).count();
        long guests = members.stream().filter(m -> m.role() != Role.HOST).count();
        summary.set(guests == 0 ? "Nobody has joined yet."
                : here + " of " + guests + (guests == 1 ? " guest" : " guests") + " here now");
    }

    private static String key(String nickname) {
        return nickname == null ? "" : nickname.strip().toLowerCase(Locale.ROOT);
    }

    public void ban(Person person, boolean removeTracks) {
        link.ban(person.guestId(), removeTracks).whenComplete((ack, failure) -> ui.run(() -> {
            notice.set(failure != null ? Failures.sentence(failure)
                    : person.name() + " is banned" + (removeTracks ? " and their songs are gone." : "."));
            refresh();
        }));
    }

    public void unban(Person person) {
        link.unban(person.guestId()).whenComplete((ack, failure) -> ui.run(() -> {
            notice.set(failure != null ? Failures.sentence(failure) : person.name() + " may come back.");
            refresh();
        }));
    }

    /** A co-host may do everything but end the party and give or take roles; guests' rules do not bind them. */
    public void makeCohost(Person person) {
        setRole(person, Role.COHOST, person.name() + " is a co-host now: they skip, remove and set the rules too.");
    }

    public void makeGuest(Person person) {
        setRole(person, Role.GUEST, person.name() + " is a guest again.");
    }

    private void setRole(Person person, Role role, String done) {
        link.setRole(person.guestId(), role).whenComplete((ack, failure) -> ui.run(() -> {
            notice.set(failure != null ? Failures.sentence(failure) : done);
            refresh();
        }));
    }

    public ObservableList<Person> people() {
        return people;
    }

    /** "3 of 5 guests here now". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice;
    }
}
