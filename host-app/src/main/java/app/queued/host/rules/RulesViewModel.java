package app.queued.host.rules;

import app.queued.fx.UiThread;
import app.queued.host.party.HostLink;
import app.queued.host.ui.Failures;
import app.queued.protocol.RoomRules;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The room's rules as the host sets them: pause adding or voting, vote-only, a per-guest cap, the longest song,
 * downvotes, the auto-remove line, fair order and the vote-to-skip share. Every change goes to the server as one
 * {@code setRules} with the whole rule set; the server's {@code rulesChanged} event then shows what holds, and a
 * refused change puts the controls back.
 */
public final class RulesViewModel {
    static final int SHARE_MIN = 10;

    private final HostLink link;
    private final UiThread ui;

    private final BooleanProperty addingLocked = new SimpleBooleanProperty(false);
    private final BooleanProperty votingLocked = new SimpleBooleanProperty(false);
    private final BooleanProperty voteOnly = new SimpleBooleanProperty(false);
    private final BooleanProperty capEnabled = new SimpleBooleanProperty(false);
    private final IntegerProperty cap = new SimpleIntegerProperty(3);
    private final BooleanProperty maxLengthEnabled = new SimpleBooleanProperty(false);
    private final IntegerProperty maxLengthMinutes = new SimpleIntegerProperty(10);
    private final BooleanProperty downvotes = new SimpleBooleanProperty(true);
    private final BooleanProperty autoRemoveEnabled = new SimpleBooleanProperty(false);
    /** The line as a positive number: 3 means "removed at a score of −3 or lower". */
    private final IntegerProperty autoRemoveBelow = new SimpleIntegerProperty(3);
    private final BooleanProperty fairOrder = new SimpleBooleanProperty(false);
    private final IntegerProperty skipPercent = new SimpleIntegerProperty(50);
    private final StringProperty skipText = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");
    private RoomRules current = RoomRules.DEFAULTS;
    private int present;

    public RulesViewModel(HostLink link, UiThread ui) {
        this.link = link;
        this.ui = ui;
        skipPercent.addListener((obs, old, now) -> describeSkip());
        describeSkip();
    }

    /** The rules as the server now has them. Call on the UI thread. */
    public void rulesFromServer(RoomRules rules) {
        current = rules;
        addingLocked.set(rules.addingLocked());
        votingLocked.set(rules.votingLocked());
        voteOnly.set(rules.voteOnly());
        capEnabled.set(rules.maxQueuedPerGuest() != null);
        if (rules.maxQueuedPerGuest() != null) {
            cap.set(rules.maxQueuedPerGuest());
        }
        maxLengthEnabled.set(rules.maxTrackSeconds() != null);
        if (rules.maxTrackSeconds() != null) {
            maxLengthMinutes.set(Math.max(1, (int) Math.round(rules.maxTrackSeconds() / 60.0)));
        }
        downvotes.set(rules.downvotes());
        autoRemoveEnabled.set(rules.autoRemoveAt() != null);
        if (rules.autoRemoveAt() != null) {
            autoRemoveBelow.set(-rules.autoRemoveAt());
        }
        fairOrder.set(RoomRules.FAIR.equals(rules.ordering()));
        skipPercent.set((int) Math.round(rules.skipShare() * 100));
    }

    /** How many people are in the room now (host included): the skip share is shown as a number of them. */
    public void presentChanged(int people) {
        present = people;
        describeSkip();
    }

    private void describeSkip() {
        int percent = clampedPercent();
        int needed = new RoomRules(null, null, null, null, null, null, null, null, percent / 100.0)
                .skipsNeeded(present);
        skipText.set(percent + " %: with " + present + (present == 1 ? " person" : " people") + " here, the song is "
                + "skipped once " + needed + (needed == 1 ? " person asks." : " people ask."));
    }

    private int clampedPercent() {
        return Math.max(SHARE_MIN, Math.min(100, skipPercent.get()));
    }

    /** The rules the controls describe now. */
    public RoomRules edited() {
        Integer maxSeconds = maxLengthEnabled.get()
                ? Math.max(1, Math.min(24 * 60, maxLengthMinutes.get())) * 60 : null;
        return new RoomRules(fairOrder.get() ? RoomRules.FAIR : RoomRules.VOTES,
                capEnabled.get() ? Math.max(1, Math.min(1000, cap.get())) : null, maxSeconds, downvotes.get(),
                autoRemoveEnabled.get() ? -Math.max(1, Math.min(1000, autoRemoveBelow.get())) : null,
                addingLocked.get(), votingLocked.get(), voteOnly.get(), clampedPercent() / 100.0);
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

    public BooleanProperty addingLockedProperty() {
        return addingLocked;
    }

    public BooleanProperty votingLockedProperty() {
        return votingLocked;
    }

    public BooleanProperty voteOnlyProperty() {
        return voteOnly;
    }

    public BooleanProperty capEnabledProperty() {
        return capEnabled;
    }

    public IntegerProperty capProperty() {
        return cap;
    }

    public BooleanProperty maxLengthEnabledProperty() {
        return maxLengthEnabled;
    }

    public IntegerProperty maxLengthMinutesProperty() {
        return maxLengthMinutes;
    }

    public BooleanProperty downvotesProperty() {
        return downvotes;
    }

    public BooleanProperty autoRemoveEnabledProperty() {
        return autoRemoveEnabled;
    }

    public IntegerProperty autoRemoveBelowProperty() {
        return autoRemoveBelow;
    }

    public BooleanProperty fairOrderProperty() {
        return fairOrder;
    }

    public IntegerProperty skipPercentProperty() {
        return skipPercent;
    }

    /** "50 % — with 4 people here, 2 asks skip the song". */
    public ReadOnlyStringProperty skipTextProperty() {
        return skipText;
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice;
    }
}
