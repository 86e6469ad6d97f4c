package app.queued.host.fallback;

import app.queued.fx.UiThread;
import app.queued.host.party.HostLink;
import app.queued.host.ui.Failures;
import app.queued.protocol.PlayedTrack;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What plays when the queue runs dry: nothing, the songs that played at this party, or a list of links the host
 * pastes or copies from the history. Saved with {@code setFallback}; the server looks every link up and says how
 * many songs the fallback has. The server cannot tell the setting back (protocol 16), so the app remembers the last
 * one it saved for each room ({@code onSaved}).
 */
public final class FallbackViewModel {
    static final int MAX_LINKS = 200;

    /** The fallback's source, as the protocol names them. */
    public enum Source {
        NONE("none"), HISTORY("history"), LINKS("links");

        private final String wire;

        Source(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Source fromWire(String wire) {
            for (Source s : values()) {
                if (s.wire.equals(wire)) {
                    return s;
                }
            }
            return NONE;
        }
    }

    /** A fallback as saved. */
    public record Setting(Source source, List<String> links) {
    }

    private final HostLink link;
    private final UiThread ui;
    private final Consumer<Setting> onSaved;
    private final ObjectProperty<Source> source = new SimpleObjectProperty<>(Source.NONE);
    private final StringProperty links = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");

    public FallbackViewModel(HostLink link, UiThread ui, Consumer<Setting> onSaved) {
        this.link = link;
        this.ui = ui;
        this.onSaved = onSaved;
        status.set(describe(Source.NONE, 0));
    }

    /** Shows a setting saved earlier (this app remembers it; the server does not tell). Call on the UI thread. */
    public void show(Setting saved) {
        if (saved == null) {
            return;
        }
        source.set(saved.source());
        links.set(String.join("\n", saved.links()));
        status.set("Saved earlier: " + describe(saved.source(), saved.links().size()).toLowerCase(Locale.ROOT));
    }

    /** The links in the box: one a line, blank lines and surrounding spaces ignored. */
    List<String> typedLinks() {
        return Arrays.stream(links.get().split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public void save() {
        Source chosen = source.get();
        List<String> list = chosen == Source.LINKS ? typedLinks() : List.of();
        if (chosen == Source.LINKS && list.isEmpty()) {
            notice.set("Paste at least one YouTube link, one a line (or copy in what played).");
            return;
        }
        if (list.size() > MAX_LINKS) {
            notice.set("That is " + list.size() + " links; the fallback holds at most " + MAX_LINKS + ".");
            return;
        }
        notice.set("Saving\u2026");
        link.setFallback(chosen.wire(), list).whenComplete((result, failure) -> ui.run(() -> {
            if (failure != null) {
                notice.set(Failures.sentence(failure));
                return;
            }
            status.set(describe(chosen, result.tracks()));
            notice.set("Saved.");
            onSaved.accept(new Setting(chosen, list));
        }));
    }

    static String describe(Source source, int tracks) {
        return switch (source) {
            case NONE -> "When the queue is empty, nothing plays until someone adds a song.";
            case HISTORY -> tracks == 0 ? "When the queue is empty, the songs that played here play again "
                    + "\u2014 none has played yet."
                    : "When the queue is empty, the " + (tracks == 1 ? "song" : tracks + " songs")
                    + " that played here play again, in turn.";
            case LINKS -> "When the queue is empty, " + (tracks == 1 ? "this song plays"
                    : "these " + tracks + " songs play in turn") + ".";
        };
    }

    /** Puts every different song that played here into the box, as links (the host then edits and saves). */
    public void copyFromHistory() {
        link.history().whenComplete((history, failure) -> ui.run(() -> {
            if (failure != null) {
                notice.set(Failures.sentence(failure));
                return;
            }
            Set<String> videos = new LinkedHashSet<>();
            for (PlayedTrack t : history.played()) {
                videos.add("https://youtu.be/" + t.videoId());
            }
            if (videos.isEmpty()) {
                notice.set("Nothing has played yet.");
                return;
            }
            source.set(Source.LINKS);
            links.set(String.join("\n", videos));
            notice.set("Copied " + (videos.size() == 1 ? "1 song" : videos.size() + " songs")
                    + " that played; edit the list, then Save.");
        }));
    }

    public ObjectProperty<Source> sourceProperty() {
        return source;
    }

    public StringProperty linksProperty() {
        return links;
    }

    /** What the fallback does now, as the server last confirmed it. */
    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice;
    }
}
