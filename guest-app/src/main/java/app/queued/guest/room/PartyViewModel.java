package app.queued.guest.room;

import app.queued.client.ConnectionStatus;
import app.queued.client.RoomView;
import app.queued.fx.Durations;
import app.queued.fx.UiThread;
import app.queued.guest.session.Party;
import app.queued.guest.session.PartyListener;
import app.queued.guest.session.Sentences;
import app.queued.guest.ui.Notice;
import app.queued.invite.InviteLink;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Protocol;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The party screen's state: the queue in play order, now playing with progress, the connection banner and the
 * latest notice. Plain Java and JavaFX properties, changed only on the UI thread, so tests drive it without a
 * window.
 *
 * <p><b>Optimistic votes.</b> A vote shows at once: the guest's own pending votes are laid over the server's state
 * (score moved by the difference to the guest's confirmed vote, queue re-sorted with the room's own order —
 * {@link app.queued.room.QueueOrder} under the room's rules). Each pending vote stays until the room state has
 * caught up with the vote's event (the ack's {@code seq}), then the server's state alone is shown — which by then
 * contains the vote. A refused vote is taken off again and the guest reads why. Without pending votes the queue is
 * exactly the server's order.
 */
public final class PartyViewModel implements PartyListener {
    public enum BannerKind { NONE, RECONNECTING, ENDED }

    /** Longer than the client's request time-out, so a vote refused by the rate limiter is explained as such. */
    static final long RATE_LIMIT_MEMORY_MS = 15_000;

    /** A vote of this guest the server has not confirmed yet. {@code ackSeq} is -1 until the ack came. */
    private record PendingVote(int value, long generation, long ackSeq) {
    }

    private final Party party;
    private final UiThread ui;
    private final Clock clock;
    private final Runnable onLeave;

    private final ReadOnlyStringWrapper roomName = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper joinCode = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper nickname = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<List<QueueEntry>> queue = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyLongWrapper selectedTrackId = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper nowPlayingTitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper nowPlayingDetail = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<BannerKind> banner = new ReadOnlyObjectWrapper<>(BannerKind.NONE);
    private final ReadOnlyStringWrapper bannerText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Notice> notice = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper canVote = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper canAskToSkip = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper skipText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper houseRules = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper presence = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<InviteLink> invite = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper inviteShown = new ReadOnlyBooleanWrapper();

    private RoomView serverView = RoomView.EMPTY;
    private final Map<Long, PendingVote> pending = new HashMap<>();
    private long generations;
    private long revealWhenQueued = -1;
    private long rateLimitedAt = Long.MIN_VALUE;
    private boolean endedByRoom;
    private long myGuestId;
    /** The now-playing track this guest asked to skip (sent or acked, maybe not in the room state yet); -1 none. */
    private long askedToSkipTrack = -1;

    public PartyViewModel(Party party, UiThread ui, Clock clock, Runnable onLeave) {
        this.party = party;
        this.ui = ui;
        this.clock = clock;
        this.onLeave = onLeave;
    }

    /** Starts listening and shows what the party knows now. Call once, on the UI thread. */
    public void attach() {
        var joined = party.joined();
        myGuestId = joined.guestId();
        roomName.set(joined.roomName());
        joinCode.set(joined.joinCode());
        nickname.set(joined.nickname());
        invite.set(inviteFor(party.server(), joined.joinCode()));
        party.listen(this);
        statusChanged(party.status());
        roomChanged(party.view());
    }

    // ---- from the party (UI thread)

    @Override
    public void roomChanged(RoomView view) {
        // Views arrive in order, newest last (the party coalesces bursts), so the latest one is the truth.
        serverView = view;
        if (view.room() != null) {
            roomName.set(view.room().name());
        }
        // Confirmed votes are now part of the server's state; votes on tracks that left the queue are moot.
        pending.entrySet().removeIf(e -> (e.getValue().ackSeq() >= 0 && e.getValue().ackSeq() <= view.seq())
                || findTrack(view, e.getKey()) == null);
        houseRules.set(describe(view.rules()));
        presence.set(whoIsHere(view.present(), myGuestId));
        showNowPlaying();
        rebuild();
    }

    /** "4 here: Host (host), Ana (you), Bo (co-host), Chidi" — who is in the room now, as the host sees it. */
    static String whoIsHere(List<app.queued.protocol.Person> people, long me) {
        if (people.isEmpty()) {
            return "";
        }
        List<String> names = new ArrayList<>();
        for (app.queued.protocol.Person p : people) {
            String mark = p.guestId() == me ? " (you)" : switch (p.role()) {
                case HOST -> " (host)";
                case COHOST -> " (co-host)";
                case GUEST -> "";
            };
            names.add(p.nickname() + mark);
        }
        return people.size() + " here: " + String.join(", ", names);
    }

    /**
     * The host's rules that limit a guest, in a few words ("adding paused · songs up to 10:00"), empty when none
     * does. The server still has the last word: a refusal says which rule stopped the guest.
     */
    static String describe(app.queued.protocol.RoomRules rules) {
        List<String> parts = new ArrayList<>();
        if (rules.voteOnly()) {
            parts.add("vote on the host's picks only");
        } else if (rules.addingLocked()) {
            parts.add("adding paused");
        }
        if (rules.votingLocked()) {
            parts.add("voting paused");
        } else if (!rules.downvotes()) {
            parts.add("no downvotes");
        }
        if (rules.maxQueuedPerGuest() != null && !rules.voteOnly() && !rules.addingLocked()) {
            parts.add(rules.maxQueuedPerGuest() == 1 ? "1 song each in the queue"
                    : "up to " + rules.maxQueuedPerGuest() + " songs each in the queue");
        }
        if (rules.maxTrackSeconds() != null && !rules.voteOnly() && !rules.addingLocked()) {
            parts.add("songs up to " + Durations.format(rules.maxTrackSeconds()));
        }
        return parts.isEmpty() ? "" : "House rules: " + String.join(" · ", parts);
    }

    @Override
    public void statusChanged(ConnectionStatus status) {
        if (endedByRoom) {
            return; // the room already said why; the closing connection says nothing new
        }
        switch (status) {
            case CONNECTED -> {
                if (banner.get() == BannerKind.RECONNECTING) {
                    notice.set(Notice.success(Sentences.BACK));
                }
                setBanner(BannerKind.NONE, "");
            }
            case RECONNECTING -> setBanner(BannerKind.RECONNECTING, Sentences.RECONNECTING);
            case CLOSED -> end(Sentences.ended(party.endCause().orElse(null)));
            case CONNECTING -> {
                // only before the first connection; the join screen covered it
            }
        }
    }

    @Override
    public void ended(String sentence) {
        endedByRoom = true;
        end(sentence);
    }

    private void end(String sentence) {
        setBanner(BannerKind.ENDED, sentence);
        canVote.set(false);
        pending.clear();
        rebuild();
        showSkip();
    }

    @Override
    public void serverError(ServerMessage.Error error) {
        if (error.code() == ErrorCode.RATE_LIMITED) {
            rateLimitedAt = clock.millis();
        }
        notice.set(Notice.error(Sentences.serverError(error)));
    }

    // ---- guest actions (UI thread)

    /** Sets this guest's vote on a track: 1 up, -1 down, 0 takes it back. Shown at once, confirmed later. */
    public void vote(long trackId, int value) {
        if (!canVote.get() || (value != Protocol.UP && value != Protocol.DOWN && value != Protocol.NONE)) {
            return;
        }
        QueueEntry entry = entry(trackId);
        if (entry == null || entry.myVote() == value) {
            return; // nothing would change
        }
        long generation = ++generations;
        pending.put(trackId, new PendingVote(value, generation, -1));
        rebuild();
        party.vote(trackId, value).whenComplete((ack, failure) -> ui.run(() -> {
            PendingVote current = pending.get(trackId);
            if (current == null || current.generation() != generation) {
                return; // a newer vote on this track took over
            }
            if (failure != null) {
                pending.remove(trackId);
                notice.set(Notice.error(explainVoteFailure(failure)));
                rebuild();
            } else if (ack.seq() == null || ack.seq() <= serverView.seq()) {
                pending.remove(trackId);
                rebuild();
            } else {
                // Saved; its event is on its way. Keep showing it until the room state has it.
                pending.put(trackId, new PendingVote(value, generation, ack.seq()));
                rebuild();
            }
        }));
    }

    /**
     * Asks to skip the now-playing track (button or key S). Once asked, the action is off until the next track;
     * a refusal turns it back on and says why.
     */
    public void askToSkip() {
        if (!canAskToSkip.get()) {
            return;
        }
        long trackId = serverView.nowPlaying().id();
        askedToSkipTrack = trackId;
        showSkip();
        party.skipVote(trackId).whenComplete((ack, failure) -> ui.run(() -> {
            if (failure == null) {
                return; // counted; the skipRequested event updates the count
            }
            if (askedToSkipTrack == trackId) {
                askedToSkipTrack = -1;
            }
            notice.set(Notice.error(Sentences.skipFailed(failure)));
            showSkip();
        }));
    }

    /** What the arrow buttons do: press the active one again to take the vote back. */
    public void toggle(long trackId, int value) {
        QueueEntry entry = entry(trackId);
        if (entry != null) {
            vote(trackId, entry.myVote() == value ? Protocol.NONE : value);
        }
    }

    /** Votes on the selected row (keys + and -, 0 to take back). */
    public void voteSelected(int value) {
        if (selectedTrackId.get() >= 0) {
            vote(selectedTrackId.get(), value);
        }
    }

    /** Selects a track this guest just added, now or as soon as its event arrives. */
    public void reveal(long trackId) {
        if (entry(trackId) != null) {
            selectedTrackId.set(trackId);
            revealWhenQueued = -1;
        } else {
            revealWhenQueued = trackId;
        }
    }

    public void select(long trackId) {
        if (entry(trackId) != null) {
            selectedTrackId.set(trackId);
        }
    }

    /** Moves the selection by {@code delta} rows (Up/Down); from nothing, it starts at the top. */
    public void moveSelection(int delta) {
        List<QueueEntry> rows = queue.get();
        if (rows.isEmpty()) {
            return;
        }
        int at = indexOf(rows, selectedTrackId.get());
        int next = at < 0 ? 0 : Math.max(0, Math.min(rows.size() - 1, at + delta));
        selectedTrackId.set(rows.get(next).trackId());
    }

    public void selectFirst() {
        moveSelection(Integer.MIN_VALUE / 2);
    }

    public void selectLast() {
        moveSelection(Integer.MAX_VALUE / 2);
    }

    /** Advances the now-playing progress to the clock's time; the view calls it a few times a second. */
    public void tick() {
        Track now = serverView.nowPlaying();
        Long startedAt = serverView.nowPlayingStartedAt();
        if (now == null || startedAt == null) {
            progress.set(0);
            progressText.set("");
            return;
        }
        // Server clock vs ours: a LAN's clocks agree within a second or so; clamp whatever is left over.
        long elapsedMs = Math.max(0, clock.millis() - startedAt);
        long duration = now.durationSeconds();
        if (duration <= 0) {
            progress.set(-1);
            progressText.set(Durations.format(elapsedMs / 1000));
            return;
        }
        long elapsed = Math.min(duration, elapsedMs / 1000);
        progress.set(Math.min(1.0, elapsedMs / (duration * 1000.0)));
        progressText.set(Durations.format(elapsed) + " / " + Durations.format(duration));
    }

    /** "Invite someone": shows the QR code a friend's phone scans to join this room (the web guest). */
    public void showInvite() {
        if (invite.get() != null) {
            inviteShown.set(true);
        }
    }

    public void hideInvite() {
        inviteShown.set(false);
    }

    /** The web guest's link to this room on the server this guest joined through; null if it cannot be one. */
    static InviteLink inviteFor(java.net.URI server, String code) {
        try {
            return new InviteLink(server.getHost(), server.getPort(), code);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public void showNotice(Notice newNotice) {
        notice.set(newNotice);
    }

    public void clearNotice() {
        notice.set(null);
    }

    public void leave() {
        party.leave();
        onLeave.run();
    }

    // ---- state

    private void showNowPlaying() {
        Track now = serverView.nowPlaying();
        playing.set(now != null);
        if (now == null) {
            nowPlayingTitle.set("Nothing is playing");
            nowPlayingDetail.set(serverView.queue().isEmpty() ? "Add a song to get the party started."
                    : "The host starts the next song.");
        } else {
            nowPlayingTitle.set(now.title());
            String channel = now.channel() == null || now.channel().isBlank() ? "" : now.channel() + " · ";
            nowPlayingDetail.set(channel + "added by " + now.addedByName());
        }
        tick();
        showSkip();
    }

    /** "n of m asked to skip" for the now-playing track, and whether this guest may still ask. */
    private void showSkip() {
        Track now = serverView.nowPlaying();
        if (now == null) {
            askedToSkipTrack = -1;
            canAskToSkip.set(false);
            skipText.set("");
            return;
        }
        if (askedToSkipTrack != now.id()) {
            askedToSkipTrack = -1; // asked for an earlier track
        }
        boolean asked = askedToSkipTrack == now.id() || serverView.askedToSkip(myGuestId);
        canAskToSkip.set(!asked && canVote.get());
        skipText.set(serverView.skipCount() + " of " + serverView.skipsNeeded() + " asked to skip"
                + (asked ? " · you asked" : ""));
    }

    /** Lays this guest's pending votes over the server's queue, re-sorts it and publishes the rows. */
    private void rebuild() {
        List<Track> tracks = new ArrayList<>(serverView.queue().size());
        Map<Long, Integer> shownVote = new HashMap<>();
        for (Track track : serverView.queue()) {
            int confirmed = serverView.myVote(track.id());
            PendingVote mine = pending.get(track.id());
            if (mine == null) {
                tracks.add(track);
                shownVote.put(track.id(), confirmed);
            } else {
                tracks.add(track.withScore(track.score() - confirmed + mine.value()));
                shownVote.put(track.id(), mine.value());
            }
        }
        if (!pending.isEmpty()) {
            // Only our own unconfirmed votes change the server's order; then sort as the room does (its rules).
            tracks.sort(party.queueOrder());
        }
        List<QueueEntry> rows = new ArrayList<>(tracks.size());
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            PendingVote mine = pending.get(t.id());
            rows.add(new QueueEntry(t.id(), i + 1, t.videoId(), t.title(), t.channel() == null ? "" : t.channel(),
                    t.addedByName(), t.durationSeconds(), t.score(), shownVote.get(t.id()),
                    mine != null && mine.ackSeq() < 0, t.addedBy() == myGuestId));
        }
        List<QueueEntry> before = queue.get();
        int selectedAt = indexOf(before, selectedTrackId.get());
        queue.set(List.copyOf(rows));
        if (selectedTrackId.get() < 0 && !rows.isEmpty()) {
            // Something is always selected, so + and - work as soon as the queue has a song.
            selectedTrackId.set(rows.get(0).trackId());
        }
        if (revealWhenQueued >= 0 && indexOf(rows, revealWhenQueued) >= 0) {
            selectedTrackId.set(revealWhenQueued);
            revealWhenQueued = -1;
        }
        if (selectedTrackId.get() >= 0 && indexOf(rows, selectedTrackId.get()) < 0) {
            // The selected song left the queue: keep the selection at the same place.
            selectedTrackId.set(rows.isEmpty() ? -1 : rows.get(Math.min(Math.max(selectedAt, 0), rows.size() - 1))
                    .trackId());
        }
    }

    private String explainVoteFailure(Throwable failure) {
        if (Sentences.isTimeout(failure)) {
            if (banner.get() == BannerKind.RECONNECTING) {
                return Sentences.OFFLINE_TOO_LONG;
            }
            if (recentlyRateLimited()) {
                return Sentences.TOO_FAST_NOT_COUNTED;
            }
        }
        return Sentences.voteFailed(failure);
    }

    /**
     * A refusal by the rate limiter answers no request (the server did not read it), so the refused vote only times
     * out later; within that time, a time-out is most likely that refusal.
     */
    private boolean recentlyRateLimited() {
        return rateLimitedAt != Long.MIN_VALUE && clock.millis() - rateLimitedAt < RATE_LIMIT_MEMORY_MS;
    }

    private void setBanner(BannerKind kind, String text) {
        bannerText.set(text);
        banner.set(kind);
    }

    private QueueEntry entry(long trackId) {
        for (QueueEntry e : queue.get()) {
            if (e.trackId() == trackId) {
                return e;
            }
        }
        return null;
    }

    private static int indexOf(List<QueueEntry> rows, long trackId) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).trackId() == trackId) {
                return i;
            }
        }
        return -1;
    }

    private static Track findTrack(RoomView view, long trackId) {
        for (Track t : view.queue()) {
            if (t.id() == trackId) {
                return t;
            }
        }
        return null;
    }

    // ---- read-only properties for the view

    public ReadOnlyStringProperty roomNameProperty() {
        return roomName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty joinCodeProperty() {
        return joinCode.getReadOnlyProperty();
    }

    /** This guest's id in the room (0 before {@link #attach()}). */
    public long myGuestId() {
        return myGuestId;
    }

    public ReadOnlyStringProperty nicknameProperty() {
        return nickname.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<QueueEntry>> queueProperty() {
        return queue.getReadOnlyProperty();
    }

    public List<QueueEntry> queue() {
        return queue.get();
    }

    public ReadOnlyLongProperty selectedTrackIdProperty() {
        return selectedTrackId.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nowPlayingTitleProperty() {
        return nowPlayingTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nowPlayingDetailProperty() {
        return nowPlayingDetail.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<BannerKind> bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty bannerTextProperty() {
        return bannerText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Notice> noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canVoteProperty() {
        return canVote.getReadOnlyProperty();
    }

    /** True while something plays, this guest has not asked to skip it yet and the party has not ended. */
    public ReadOnlyBooleanProperty canAskToSkipProperty() {
        return canAskToSkip.getReadOnlyProperty();
    }

    /** "n of m asked to skip" (m: asks that skip the track), empty when nothing plays. */
    public ReadOnlyStringProperty skipTextProperty() {
        return skipText.getReadOnlyProperty();
    }

    /** Who is in the room now ("4 here: Host (host), Ana (you), Bo"). */
    public ReadOnlyStringProperty presenceProperty() {
        return presence.getReadOnlyProperty();
    }

    /** The host's rules that limit this guest, as a short line; empty when none does. */
    public ReadOnlyStringProperty houseRulesProperty() {
        return houseRules.getReadOnlyProperty();
    }

    /** The link a friend's phone opens to join this room, or null when there is none to give. */
    public ReadOnlyObjectProperty<InviteLink> inviteProperty() {
        return invite.getReadOnlyProperty();
    }

    /** Whether the invitation (QR code and address) is on screen. */
    public ReadOnlyBooleanProperty inviteShownProperty() {
        return inviteShown.getReadOnlyProperty();
    }

    /** The queue as the server alone has it (no pending votes), for tests and diagnostics. */
    RoomView serverView() {
        return serverView;
    }
}
