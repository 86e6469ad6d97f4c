package app.queued.host.player;

import app.queued.fx.Durations;
import app.queued.fx.UiThread;
import app.queued.host.party.HostLink;
import app.queued.host.ui.Failures;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.ProtocolException;
import app.queued.protocol.Track;
import java.time.Clock;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The player's state and rules. The server owns what plays; this model plays it in the YouTube IFrame player and
 * tells the server when a track ended ({@code skip {currentTrackId}}, so a second "ended" for the same track
 * advances nothing), skips a track YouTube will not embed with a notice, starts the head of the queue when nothing
 * plays, and says so plainly when YouTube cannot be reached — the queue keeps working without it.
 */
public final class PlayerViewModel {

    /** What the player is doing. */
    public enum Mode { LOADING, IDLE, PLAYING, PAUSED, BUFFERING, OFFLINE }

    /** The embedded player, as the view drives it. */
    public interface Player {
        void load(String videoId, double startSeconds);

        void play();

        void pause();

        void stop();

        void setVolume(int volume);

        /** Loads the player page again (after the connection came back). */
        void reload();
    }

    // YouTube IFrame API player states and errors
    static final int ENDED = 0;
    static final int PLAYING = 1;
    static final int PAUSED = 2;
    static final int BUFFERING = 3;

    static final String OFFLINE_MESSAGE = "No connection to YouTube: the music cannot play right now. The queue and "
            + "votes still work; press Retry when the internet is back.";

    private final HostLink link;
    private final UiThread ui;
    private final Clock clock;
    private Player player;

    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.LOADING);
    private final ObjectProperty<Track> track = new SimpleObjectProperty<>();
    private final StringProperty title = new SimpleStringProperty("Nothing playing");
    private final StringProperty subtitle = new SimpleStringProperty("");
    private final DoubleProperty elapsed = new SimpleDoubleProperty(0);
    private final DoubleProperty duration = new SimpleDoubleProperty(0);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty elapsedText = new SimpleStringProperty("0:00");
    private final StringProperty remainingText = new SimpleStringProperty("-0:00");
    private final IntegerProperty volume = new SimpleIntegerProperty(80);
    private final StringProperty notice = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty playing = new SimpleBooleanProperty(false);

    private boolean apiReady;
    private long endedReportedFor = -1;
    private boolean startRequested;
    private int queueSize;
    private Long startedAt;

    static final String NOTHING_TO_SKIP = "Nothing is playing and the queue is empty, so there is nothing to skip.";

    public PlayerViewModel(HostLink link, UiThread ui, Clock clock) {
        this.link = link;
        this.ui = ui;
        this.clock = clock;
        volume.addListener((obs, old, now) -> {
            if (player != null && apiReady) {
                player.setVolume(now.intValue());
            }
        });
    }

    public void attach(Player embedded) {
        this.player = embedded;
    }

    // ---- from the room ----

    /** The server says this track plays now (null: nothing). Call on the UI thread. */
    public void nowPlaying(Track now, Long nowStartedAt) {
        Track before = track.get();
        track.set(now);
        startedAt = nowStartedAt;
        startRequested = false;
        if (now == null) {
            title.set("Nothing playing");
            subtitle.set(queueSize == 0 ? "Add a song, or wait for the guests to add some." : "");
            setTime(0, 0);
            if (player != null && apiReady && before != null) {
                player.stop();
            }
            if (mode.get() != Mode.OFFLINE && apiReady) {
                mode.set(Mode.IDLE);
            }
            maybeStart();
            return;
        }
        title.set(now.title());
        subtitle.set(now.channel() + " \u00b7 added by " + now.addedByName());
        setTime(0, now.durationSeconds());
        if (before == null || before.id() != now.id()) {
            load(now);
        }
    }

    /** How many tracks wait; starts the head when nothing plays. */
    public void queueSize(int size) {
        queueSize = size;
        if (track.get() == null) {
            subtitle.set(size == 0 ? "Add a song, or wait for the guests to add some." : "");
        }
        maybeStart();
    }

    private void load(Track now) {
        if (player == null || !apiReady) {
            return; // loaded once the player is ready
        }
        double offset = 0;
        if (startedAt != null) {
            offset = Math.max(0, (clock.millis() - startedAt) / 1000.0);
            if (offset < 3 || (now.durationSeconds() > 0 && offset > now.durationSeconds() - 5)) {
                offset = 0; // just started, or (after a restart) nearly over: play it from the top
            }
        }
        player.load(now.videoId(), offset);
        player.setVolume(volume.get());
    }

    private void maybeStart() {
        if (track.get() == null && queueSize > 0 && apiReady && mode.get() != Mode.OFFLINE && !startRequested) {
            startRequested = true;
            link.skip(null).whenComplete((ack, failure) -> ui.run(() -> {
                if (failure != null && !isConflict(failure)) {
                    startRequested = false;
                    notice.set(Failures.sentence(failure));
                }
            }));
        }
    }

    // ---- from the embedded player (the FX thread) ----

    public void apiReady() {
        apiReady = true;
        message.set("");
        mode.set(track.get() == null ? Mode.IDLE : Mode.BUFFERING);
        if (track.get() != null) {
            load(track.get());
        }
        maybeStart();
    }

    public void offline(String why) {
        apiReady = false;
        mode.set(Mode.OFFLINE);
        playing.set(false);
        message.set(OFFLINE_MESSAGE);
    }

    public void state(int state) {
        switch (state) {
            case ENDED -> ended();
            case PLAYING -> {
                mode.set(Mode.PLAYING);
                playing.set(true);
            }
            case PAUSED -> {
                mode.set(Mode.PAUSED);
                playing.set(false);
            }
            case BUFFERING -> mode.set(Mode.BUFFERING);
            default -> { }
        }
    }

    public void time(double current, double total) {
        Track now = track.get();
        setTime(current, total > 0 ? total : now == null ? 0 : now.durationSeconds());
    }

    /** YouTube refused to play the video: 2 bad id, 5 HTML5 player error, 100 gone or private, 101/150 not embeddable. */
    public void error(int code) {
        Track now = track.get();
        if (now == null) {
            return;
        }
        String why = switch (code) {
            case 100 -> "it was removed or is private";
            case 101, 150 -> "its owner does not allow it to play outside YouTube";
            case 153 -> "YouTube refused the embedded player";
            case 2 -> "YouTube did not accept its id";
            default -> "the player failed (error " + code + ")";
        };
        notice.set("\u201c" + now.title() + "\u201d cannot be played here (" + why + "): skipped.");
        advance(now);
    }

    private void ended() {
        playing.set(false);
        Track now = track.get();
        if (now != null) {
            advance(now);
        }
    }

    /** Tells the server this track is over, once per track; the server ignores a stale one (conflict). */
    private void advance(Track now) {
        if (endedReportedFor == now.id()) {
            return;
        }
        endedReportedFor = now.id();
        link.skip(now.id()).whenComplete((ack, failure) -> ui.run(() -> {
            if (failure != null && !isConflict(failure)) {
                endedReportedFor = -1;
                notice.set(Failures.sentence(failure));
            }
        }));
    }

    private static boolean isConflict(Throwable failure) {
        return Failures.unwrap(failure) instanceof ProtocolException p && p.code() == ErrorCode.CONFLICT;
    }

    // ---- the host's buttons ----

    public void togglePlay() {
        if (player == null || !apiReady || track.get() == null) {
            return;
        }
        if (playing.get()) {
            player.pause();
        } else {
            player.play();
        }
    }

    /** Skips the current track (the host's button): the head of the queue starts. */
    public void skip() {
        Track now = track.get();
        if (now == null) {
            // say why nothing happens rather than nothing at all
            if (queueSize == 0) {
                notice.set(NOTHING_TO_SKIP);
            } else if (!apiReady || mode.get() == Mode.OFFLINE) {
                notice.set("Nothing is playing: the player cannot reach YouTube, so the next song waits.");
            } else {
                maybeStart();
            }
            return;
        }
        link.skip(now.id()).whenComplete((ack, failure) -> ui.run(() -> {
            if (failure != null && !isConflict(failure)) {
                notice.set(Failures.sentence(failure));
            }
        }));
    }

    public void changeVolume(int delta) {
        volume.set(Math.max(0, Math.min(100, volume.get() + delta)));
    }

    public void retry() {
        if (player != null) {
            mode.set(Mode.LOADING);
            message.set("");
            player.reload();
        }
    }

    private void setTime(double current, double total) {
        elapsed.set(current);
        duration.set(total);
        progress.set(total > 0 ? Math.min(1, current / total) : 0);
        elapsedText.set(Durations.format(current));
        remainingText.set("-" + Durations.format(Math.max(0, total - current)));
    }

    // ---- properties ----

    public ReadOnlyObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public ReadOnlyObjectProperty<Track> trackProperty() {
        return track;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title;
    }

    public ReadOnlyStringProperty subtitleProperty() {
        return subtitle;
    }

    public ReadOnlyDoubleProperty elapsedProperty() {
        return elapsed;
    }

    public ReadOnlyDoubleProperty durationProperty() {
        return duration;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty elapsedTextProperty() {
        return elapsedText;
    }

    public ReadOnlyStringProperty remainingTextProperty() {
        return remainingText;
    }

    public IntegerProperty volumeProperty() {
        return volume;
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing;
    }
}
