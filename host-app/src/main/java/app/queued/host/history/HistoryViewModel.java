package app.queued.host.history;

import app.queued.fx.Background;
import app.queued.fx.UiThread;
import app.queued.host.party.HostLink;
import app.queued.host.ui.Failures;
import app.queued.protocol.PlayedTrack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What played at this party — when, who added it, its final score — newest first, as the server's {@code history}
 * answer has it; and that list as a CSV file for a spreadsheet (the server writes the CSV, formulas defused).
 */
public final class HistoryViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final HostLink link;
    private final Background background;
    private final UiThread ui;
    private final ZoneId zone;
    private final ObservableList<Entry> played = FXCollections.observableArrayList();
    private final StringProperty summary = new SimpleStringProperty("Nothing has played yet.");
    private final StringProperty notice = new SimpleStringProperty("");
    private final BooleanProperty canExport = new SimpleBooleanProperty(false);
    private String csv = "";

    /** One song that played, as a line of the list shows it. */
    public record Entry(PlayedTrack track, String details) {
        public String title() {
            return track.title();
        }
    }

    public HistoryViewModel(HostLink link, Background background, UiThread ui, ZoneId zone) {
        this.link = link;
        this.background = background;
        this.ui = ui;
        this.zone = zone;
    }

    /** Asks the server again (a song finished, or the tab was opened). */
    public void refresh() {
        link.history().whenComplete((history, failure) -> ui.run(() -> {
            if (failure != null) {
                notice.set(Failures.sentence(failure));
                return;
            }
            csv = history.csv() == null ? "" : history.csv();
            List<Entry> entries = new ArrayList<>();
            for (PlayedTrack t : history.played()) {
                entries.add(new Entry(t, describe(t)));
            }
            Collections.reverse(entries);
            played.setAll(entries);
            canExport.set(!entries.isEmpty());
            summary.set(entries.isEmpty() ? "Nothing has played yet."
                    : entries.size() == 1 ? "1 song played" : entries.size() + " songs played");
        }));
    }

    private String describe(PlayedTrack t) {
        String time = TIME.format(Instant.ofEpochMilli(t.playedAt()).atZone(zone));
        String score = t.finalScore() > 0 ? "+" + t.finalScore() : Integer.toString(t.finalScore());
        return time + " \u00b7 " + (t.fallback() ? "from the fallback list" : "added by " + t.addedByName())
                + " \u00b7 score " + score;
    }

    /** Writes the history as CSV to {@code file} (off the UI thread) and says so. */
    public void export(Path file) {
        String text = csv;
        int songs = played.size();
        background.run(() -> Files.writeString(file, text, StandardCharsets.UTF_8))
                .whenComplete((ok, failure) -> ui.run(() -> notice.set(failure != null
                        ? "Could not save " + file.getFileName() + ": " + Failures.sentence(failure)
                        : "Saved " + (songs == 1 ? "1 song" : songs + " songs") + " to " + file + ".")));
    }

    public ObservableList<Entry> played() {
        return played;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice;
    }

    public ReadOnlyBooleanProperty canExportProperty() {
        return canExport;
    }
}
