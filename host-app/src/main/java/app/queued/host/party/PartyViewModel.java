package app.queued.host.party;

import app.queued.client.ConnectionStatus;
import app.queued.client.RoomView;
import app.queued.fx.UiThread;
import app.queued.host.ui.Failures;
import app.queued.invite.InviteLink;
import app.queued.protocol.CatalogEntry;
import app.queued.protocol.Person;
import app.queued.protocol.Role;
import app.queued.protocol.RoomRules;
import app.queued.protocol.Track;
import app.queued.youtube.YouTubeLinks;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The party screen's state: the room's name, join code and address, the queue in play order, who is here, what
 * plays, the rules; and the host's own actions (add, search, vote, remove). Plain JavaFX properties, changed only
 * through {@link UiThread}; testable without a window.
 */
public final class PartyViewModel {
    private final HostLink link;
    private final UiThread ui;

    private final StringProperty roomName = new SimpleStringProperty("");
    private final StringProperty joinCode = new SimpleStringProperty("");
    private final StringProperty address = new SimpleStringProperty("");
    private final ObjectProperty<InviteLink> invite = new SimpleObjectProperty<>();
    private final IntegerProperty guestsHere = new SimpleIntegerProperty(0);
    private final IntegerProperty peopleHere = new SimpleIntegerProperty(0);
    private final StringProperty presenceText = new SimpleStringProperty("Nobody here yet");
    private final StringProperty connection = new SimpleStringProperty("");
    private final StringProperty cacheWarning = new SimpleStringProperty("");
    private final StringProperty catalogWarning = new SimpleStringProperty("");
    private final BooleanProperty confirmingEnd = new SimpleBooleanProperty(false);
    private final StringProperty endWarning = new SimpleStringProperty("");
    private Runnable onEnded = () -> { };
    private final ObservableList<QueueEntry> queue = FXCollections.observableArrayList();
    // one read-only face each: a fresh unmodifiable wrapper per call would drop its listeners when collected
    private final ObservableList<QueueEntry> queueView = FXCollections.unmodifiableObservableList(queue);
    private final IntegerProperty queueSize = new SimpleIntegerProperty(0);
    private final ObjectProperty<Track> nowPlaying = new SimpleObjectProperty<>();
    private final ObjectProperty<Long> nowPlayingStartedAt = new SimpleObjectProperty<>();
    private final BooleanProperty nowPlayingFallback = new SimpleBooleanProperty(false);
    private final ObjectProperty<RoomRules> rules = new SimpleObjectProperty<>(RoomRules.DEFAULTS);
    private final StringProperty rulesText = new SimpleStringProperty("");
    private final StringProperty skipText = new SimpleStringProperty("");
    private final ObservableList<Person> present = FXCollections.observableArrayList();
    private final ObservableList<Person> presentView = FXCollections.unmodifiableObservableList(present);
    private final LongProperty selected = new SimpleLongProperty(-1);
    private final StringProperty notice = new SimpleStringProperty("");
    private final StringProperty addText = new SimpleStringProperty("");
    private final ObservableList<CatalogEntry> searchResults = FXCollections.observableArrayList();
    private final StringProperty searchSource = new SimpleStringProperty("");
    private final BooleanProperty closed = new SimpleBooleanProperty(false);
    private final LongProperty seq = new SimpleLongProperty(-1);
    private long myGuestId;

    public PartyViewModel(HostLink link, UiThread ui) {
        this.link = link;
        this.ui = ui;
    }

    /**
     * What the room screen shows from the start. Call on the UI thread.
     *
     * @param invite      the web guest's link for this room (its QR code is on the room and TV screens), or null
     * @param lanAddress  the address as text, e.g. "192.168.1.20:7765", or a sentence when there is no network
     */
    public void setRoom(String name, String code, long hostGuestId, InviteLink invite, String lanAddress) {
        roomName.set(name);
        joinCode.set(formatCode(code));
        myGuestId = hostGuestId;
        this.invite.set(invite);
        address.set(lanAddress);
    }

    /** "K7QX4M" as "K7Q X4M": easier to read out across a room. */
    static String formatCode(String code) {
        if (code == null) {
            return "";
        }
        return code.length() == 6 ? code.substring(0, 3) + " " + code.substring(3) : code;
    }

    /** Shows the room as the client now knows it. Call on the UI thread. */
    public void apply(RoomView view) {
        if (!view.hasSnapshot()) {
            return;
        }
        seq.set(view.seq());
        if (view.room() != null) {
            roomName.set(view.room().name());
            joinCode.set(formatCode(view.room().joinCode()));
        }
        List<QueueEntry> entries = new ArrayList<>(view.queue().size());
        int position = 1;
        for (Track track : view.queue()) {
            entries.add(QueueEntry.of(track, position++, view.myVote(track.id())));
        }
        if (!entries.equals(queue)) {
            queue.setAll(entries);
        }
        queueSize.set(entries.size());
        if (selected.get() >= 0 && entries.stream().noneMatch(e -> e.trackId() == selected.get())) {
            selected.set(entries.isEmpty() ? -1 : entries.get(0).trackId());
        }
        Track playing = view.nowPlaying();
        if (!java.util.Objects.equals(playing, nowPlaying.get())) {
            nowPlayingStartedAt.set(view.nowPlayingStartedAt());
            nowPlaying.set(playing);
        }
        nowPlayingFallback.set(view.nowPlayingFallback());
        if (!view.rules().equals(rules.get())) {
            rules.set(view.rules());
        }
        rulesText.set(describe(view.rules()));
        present.setAll(view.present());
        long guests = view.present().stream().filter(p -> p.role() != Role.HOST && p.guestId() != myGuestId).count();
        guestsHere.set((int) guests);
        presenceText.set(guests == 0 ? "No guests yet" : guests == 1 ? "1 guest here" : guests + " guests here");
        peopleHere.set(view.present().size());
        skipText.set(playing == null || view.skipCount() == 0 ? ""
                : view.skipCount() + " of " + view.skipsNeeded() + " asked to skip");
        closed.set(view.closed());
    }

    /** The rules in a line under the room's name, e.g. "adding paused · at most 3 songs per guest · skip: 50 % ask". */
    static String describe(RoomRules rules) {
        List<String> parts = new ArrayList<>();
        if (rules.voteOnly()) {
            parts.add("vote-only");
        } else if (rules.addingLocked()) {
            parts.add("adding paused");
        }
        if (rules.votingLocked()) {
            parts.add("voting paused");
        } else if (!rules.downvotes()) {
            parts.add("no downvotes");
        }
        if (rules.maxQueuedPerGuest() != null) {
            parts.add("at most " + rules.maxQueuedPerGuest() + (rules.maxQueuedPerGuest() == 1 ? " song" : " songs")
                    + " per guest");
        }
        if (rules.maxTrackSeconds() != null) {
            parts.add("songs up to " + Math.round(rules.maxTrackSeconds() / 60.0) + " min");
        }
        if (rules.autoRemoveAt() != null) {
            parts.add("dropped at \u2212" + (-rules.autoRemoveAt()));
        }
        if (RoomRules.FAIR.equals(rules.ordering())) {
            parts.add("fair order");
        }
        parts.add("skip when " + Math.round(rules.skipShare() * 100) + " % ask");
        return String.join(" \u00b7 ", parts);
    }

    /** Connection news from the client. Call on the UI thread. */
    public void status(ConnectionStatus status, String detail) {
        connection.set(switch (status) {
            case CONNECTED -> "";
            case CONNECTING -> "Connecting\u2026";
            case RECONNECTING -> "Reconnecting to the party server\u2026";
            case CLOSED -> "Disconnected from the party server" + (detail == null || detail.isBlank() ? "" : ": " + detail);
        });
    }

    public void setCacheAvailable(boolean available) {
        cacheWarning.set(available ? "" : "The cache (Redis) is not reachable: votes still count, the queue may "
                + "update a little slower.");
    }

    public void showNotice(String text) {
        notice.set(text);
    }

    /**
     * A line for the host when the song catalog cannot work as set up (YouTube's key refused, not set up, today's
     * quota used up); empty when all is well. Call on the UI thread.
     */
    public void setCatalogWarning(String sentence) {
        catalogWarning.set(sentence == null ? "" : sentence);
    }

    // ---- ending the party ----

    /** What runs once the server ended the room (the app leads back to its list of parties). */
    public void setOnEnded(Runnable onEnded) {
        this.onEnded = onEnded;
    }

    /** "End party": first says what happens to the guests, and waits for the host to confirm. */
    public void askToEnd() {
        int guests = guestsHere.get();
        String who = guests == 0 ? "Nobody is here right now."
                : (guests == 1 ? "The 1 guest here is" : "The " + guests + " guests here are")
                + " disconnected at once and read \u201cThe host ended the party. Thanks for coming!\u201d";
        endWarning.set(who + " Nobody can join this party again \u2014 you neither \u2014 so it leaves your list of "
                + "parties. Export its history first if you want to keep it.");
        confirmingEnd.set(true);
    }

    public void cancelEnd() {
        confirmingEnd.set(false);
    }

    /** Ends the party for everyone ({@code closeRoom}); on success {@link #setOnEnded the app} takes over. */
    public void endParty() {
        confirmingEnd.set(false);
        notice.set("Ending the party\u2026");
        link.closeRoom().whenComplete((ack, failure) -> ui.run(() -> {
            if (failure != null) {
                notice.set("The party could not be ended: " + Failures.sentence(failure));
            } else {
                onEnded.run();
            }
        }));
    }

    // ---- the host's own actions ----

    /** Sets the host's vote; the same value again takes it back. */
    public void vote(long trackId, int value) {
        int current = queue.stream().filter(e -> e.trackId() == trackId).mapToInt(QueueEntry::myVote).findFirst()
                .orElse(0);
        int next = current == value ? 0 : value;
        link.vote(trackId, next).whenComplete((ack, failure) -> report(failure, null));
    }

    public void remove(long trackId) {
        String title = queue.stream().filter(e -> e.trackId() == trackId).map(QueueEntry::title).findFirst()
                .orElse("the track");
        link.remove(trackId).whenComplete((ack, failure) -> report(failure, "Removed \u201c" + title + "\u201d."));
    }

    /**
     * A link or video id is added (a link that is not YouTube's is said so, as on the guest's screen); anything else
     * — "youtube rewind" included — is searched.
     */
    public void addOrSearch() {
        String text = addText.get() == null ? "" : addText.get().strip();
        if (text.isEmpty()) {
            return;
        }
        if (looksLikeLink(text)) {
            try {
                add(YouTubeLinks.videoId(text));
            } catch (IllegalArgumentException notAVideo) {
                notice.set(notAVideo.getMessage());
            }
            return;
        }
        link.search(text).whenComplete((results, failure) -> ui.run(() -> {
            if (failure != null) {
                notice.set(Failures.sentence(failure));
                return;
            }
            searchSource.set(results.source());
            searchResults.setAll(results.results());
            if (results.results().isEmpty()) {
                notice.set("Nothing found for \u201c" + text + "\u201d in the " + results.source() + ".");
            }
        }));
    }

    /** A link has no spaces and a scheme, "www." or a host with a path; an id is 11 characters, not all letters. */
    static boolean looksLikeLink(String text) {
        if (text.chars().anyMatch(Character::isWhitespace)) {
            return false; // "youtube rewind", "queen live": a search
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("://") || lower.startsWith("www.") || lower.startsWith("//")) {
            return true;
        }
        if (lower.matches("([a-z0-9-]+\\.)+[a-z]{2,}(:\\d+)?/.*")) {
            return true; // youtu.be/ID, vimeo.com/1234
        }
        return YouTubeLinks.isVideoId(text) && !text.chars().allMatch(Character::isLetter);
    }

    public void add(CatalogEntry entry) {
        add(entry.videoId());
    }

    private void add(String linkOrId) {
        link.add(linkOrId).whenComplete((added, failure) -> ui.run(() -> {
            if (failure != null) {
                notice.set(Failures.sentence(failure));
                return;
            }
            notice.set("upvoted".equals(added.outcome()) ? "Already queued: your add counts as an upvote."
                    : "Added to the queue.");
            addText.set("");
            searchResults.clear();
        }));
    }

    public void clearSearch() {
        searchResults.clear();
    }

    public void select(long trackId) {
        selected.set(trackId);
    }

    /** Moves the selection by {@code delta} rows (keyboard). */
    public void moveSelection(int delta) {
        if (queue.isEmpty()) {
            return;
        }
        int index = indexOf(selected.get());
        int next = index < 0 ? 0 : Math.max(0, Math.min(queue.size() - 1, index + delta));
        selected.set(queue.get(next).trackId());
    }

    public void voteSelected(int value) {
        if (indexOf(selected.get()) >= 0) {
            vote(selected.get(), value);
        }
    }

    public void removeSelected() {
        if (indexOf(selected.get()) >= 0) {
            remove(selected.get());
        }
    }

    private int indexOf(long trackId) {
        for (int i = 0; i < queue.size(); i++) {
            if (queue.get(i).trackId() == trackId) {
                return i;
            }
        }
        return -1;
    }

    private void report(Throwable failure, String success) {
        ui.run(() -> {
            if (failure != null) {
                notice.set(Failures.sentence(failure));
            } else if (success != null) {
                notice.set(success);
            }
        });
    }

    // ---- properties ----

    public ReadOnlyStringProperty roomNameProperty() {
        return roomName;
    }

    public ReadOnlyStringProperty joinCodeProperty() {
        return joinCode;
    }

    public ReadOnlyStringProperty addressProperty() {
        return address;
    }

    /** The web guest's link for this room (null until the room is open): a phone scans its QR code to join. */
    public ReadOnlyObjectProperty<InviteLink> inviteProperty() {
        return invite;
    }

    /** Everyone in the room now, the host included (the vote-to-skip share counts them). */
    public ReadOnlyIntegerProperty peopleHereProperty() {
        return peopleHere;
    }

    public ReadOnlyIntegerProperty guestsHereProperty() {
        return guestsHere;
    }

    public ReadOnlyStringProperty presenceTextProperty() {
        return presenceText;
    }

    public ReadOnlyStringProperty connectionProperty() {
        return connection;
    }

    public ReadOnlyStringProperty catalogWarningProperty() {
        return catalogWarning;
    }

    public ReadOnlyBooleanProperty confirmingEndProperty() {
        return confirmingEnd;
    }

    /** What ending the party does to the guests, shown before the host confirms. */
    public ReadOnlyStringProperty endWarningProperty() {
        return endWarning;
    }

    public ReadOnlyStringProperty cacheWarningProperty() {
        return cacheWarning;
    }

    public ObservableList<QueueEntry> queue() {
        return queueView;
    }

    public ReadOnlyIntegerProperty queueSizeProperty() {
        return queueSize;
    }

    public ReadOnlyObjectProperty<Track> nowPlayingProperty() {
        return nowPlaying;
    }

    public ReadOnlyObjectProperty<Long> nowPlayingStartedAtProperty() {
        return nowPlayingStartedAt;
    }

    public ReadOnlyBooleanProperty nowPlayingFallbackProperty() {
        return nowPlayingFallback;
    }

    public ReadOnlyObjectProperty<RoomRules> rulesProperty() {
        return rules;
    }

    public ReadOnlyStringProperty rulesTextProperty() {
        return rulesText;
    }

    public ReadOnlyStringProperty skipTextProperty() {
        return skipText;
    }

    public ObservableList<Person> present() {
        return presentView;
    }

    public LongProperty selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice;
    }

    public StringProperty addTextProperty() {
        return addText;
    }

    public ObservableList<CatalogEntry> searchResults() {
        return searchResults;
    }

    public ReadOnlyStringProperty searchSourceProperty() {
        return searchSource;
    }

    public ReadOnlyBooleanProperty closedProperty() {
        return closed;
    }

    public long seq() {
        return seq.get();
    }

    public HostLink link() {
        return link;
    }
}
