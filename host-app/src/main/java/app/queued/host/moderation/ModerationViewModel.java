package app.queued.host.moderation;

import app.queued.host.party.HostLink;
import app.queued.host.ui.Failures;
import app.queued.host.ui.UiThread;
import app.queued.protocol.Results;
import app.queued.protocol.RoomRules;
import java.util.Comparator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The host's rules and the people in the room: lock adding or voting, a per-guest cap, the vote-to-skip share,
 * downvotes, fair order; ban and unban. Every rule change goes to the server as one {@code setRules} with the whole
 * rule set (the other rules kept as they are); the server's {@code rulesChanged} event then shows what holds.
 */
public final class ModerationViewModel {
    private final HostLink link;
    private final UiThread ui;

    private final BooleanProperty addingLocked = new SimpleBooleanProperty(false);
    private final BooleanProperty votingLocked = new SimpleBooleanProperty(false);
    private final BooleanProperty capEnabled = new SimpleBooleanProperty(false);
    private final IntegerProperty cap = new SimpleIntegerProperty(3);
    private final IntegerProperty skipPercent = new SimpleIntegerProperty(50);
    private final BooleanProperty downvotes = new SimpleBooleanProperty(true);
    private final BooleanProperty fairOrder = new SimpleBooleanProperty(false);
    private final ObservableList<Results.Member> members = FXCollections.observableArrayList();
    private final StringProperty notice = new SimpleStringProperty("");
    private RoomRules current = RoomRules.DEFAULTS;

    public ModerationViewModel(HostLink link, UiThread ui) {
        this.link = link;
        this.ui = ui;
    }

    /** The rules as the server now has them. Call on the UI thread. */
    public void rulesFromServer(RoomRules rules) {
        current = rules;
        addingLocked.set(rules.addingLocked());
        votingLocked.set(rules.votingLocked());
        capEnabled.set(rules.maxQueuedPerGuest() != null);
        if (rules.maxQueuedPerGuest() != null) {
            cap.set(rules.maxQueuedPerGuest());
        }
        skipPercent.set((int) Math.round(rules.skipShare() * 100));
        downvotes.set(rules.downvotes());
        fairOrder.set(RoomRules.FAIR.equals(rules.ordering()));
    }

    /** The rules the controls describe now, the others kept as the server has them. */
    public RoomRules edited() {
        int percent = Math.max(1, Math.min(100, skipPercent.get()));
        return new RoomRules(fairOrder.get() ? RoomRules.FAIR : RoomRules.VOTES,
                capEnabled.get() ? Math.max(1, Math.min(1000, cap.get())) : null,
                current.maxTrackSeconds(), downvotes.get(), current.autoRemoveAt(), addingLocked.get(),
                votingLocked.get(), current.voteOnly(), percent / 100.0);
    }

    /** Sends the controls' rules; on refusal the controls go back to what holds. */
    public void apply() {
        RoomRules rules = edited();
        if (rules.equals(current)) {
            return;
        }
        RoomRules before = current;
        link.setRules(rules).whenComplete((ack, failure) -> ui.run(() -> {
            if (failure != null) {
                notice.set(Failures.sentence(failure));
                rulesFromServer(before);
            } else {
                notice.set("Rules updated.");
            }
        }));
    }

    public void toggleAddingLocked() {
        addingLocked.set(!addingLocked.get());
        apply();
    }

    public void toggleVotingLocked() {
        votingLocked.set(!votingLocked.get());
        apply();
    }

    /** Asks the server who ever joined (with bans and presence). */
    public void refreshMembers() {
        link.members().whenComplete((result, failure) -> ui.run(() -> {
            if (failure != null) {
                notice.set(Failures.sentence(failure));
                return;
            }
            members.setAll(result.members().stream()
                    .sorted(Comparator.comparing(Results.Member::banned)
                            .thenComparing(Results.Member::present, Comparator.reverseOrder())
                            .thenComparing(m -> m.nickname().toLowerCase(java.util.Locale.ROOT)))
                    .toList());
        }));
    }

    public void ban(Results.Member member, boolean removeTracks) {
        if (member == null) {
            return;
        }
        link.ban(member.guestId(), removeTracks).whenComplete((ack, failure) -> ui.run(() -> {
            notice.set(failure != null ? Failures.sentence(failure)
                    : member.nickname() + " is banned" + (removeTracks ? " and their songs are gone." : "."));
            refreshMembers();
        }));
    }

    public void unban(Results.Member member) {
        if (member == null) {
            return;
        }
        link.unban(member.guestId()).whenComplete((ack, failure) -> ui.run(() -> {
            notice.set(failure != null ? Failures.sentence(failure) : member.nickname() + " may come back.");
            refreshMembers();
        }));
    }

    public BooleanProperty addingLockedProperty() {
        return addingLocked;
    }

    public BooleanProperty votingLockedProperty() {
        return votingLocked;
    }

    public BooleanProperty capEnabledProperty() {
        return capEnabled;
    }

    public IntegerProperty capProperty() {
        return cap;
    }

    public IntegerProperty skipPercentProperty() {
        return skipPercent;
    }

    public BooleanProperty downvotesProperty() {
        return downvotes;
    }

    public BooleanProperty fairOrderProperty() {
        return fairOrder;
    }

    public ObservableList<Results.Member> members() {
        return members;
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice;
    }
}
