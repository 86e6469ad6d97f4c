package app.queued.guest.search;

import app.queued.fx.UiThread;
import app.queued.guest.session.Party;
import app.queued.guest.session.Sentences;
import app.queued.guest.ui.Notice;
import app.queued.protocol.CatalogEntry;
import app.queued.protocol.Track;
import app.queued.youtube.YouTubeLinks;
import java.util.function.LongConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Finding and adding songs: search the host's catalog, or paste any YouTube link. The outcome of an add is said
 * at once — added, already queued (which counts as an upvote), or refused and why.
 */
public final class SearchViewModel {
    private static final int MAX_QUERY = 200;
    private static final int MAX_LINK = 500;

    private final Party party;
    private final UiThread ui;
    private final LongConsumer onAdded;

    private final StringProperty query = new SimpleStringProperty("");
    private final StringProperty link = new SimpleStringProperty("");
    private final ObservableList<CatalogEntry> results = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper searching = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper adding = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Notice> status = new ReadOnlyObjectWrapper<>();
    private final BooleanBinding canSearch;
    private final BooleanBinding canAddLink;
    private long searchGeneration;

    /** @param onAdded told the track id of a song this guest added or upvoted by adding, to select it */
    public SearchViewModel(Party party, UiThread ui, LongConsumer onAdded) {
        this.party = party;
        this.ui = ui;
        this.onAdded = onAdded;
        canSearch = Bindings.createBooleanBinding(() -> !query.get().isBlank() && !searching.get(), query, searching);
        canAddLink = Bindings.createBooleanBinding(() -> !link.get().isBlank() && !adding.get(), link, adding);
    }

    public void search() {
        String text = query.get().strip();
        if (text.isEmpty()) {
            return;
        }
        if (text.length() > MAX_QUERY) {
            status.set(Notice.error("That search is too long; keep it under " + MAX_QUERY + " characters."));
            return;
        }
        long generation = ++searchGeneration;
        searching.set(true);
        status.set(null);
        party.search(text).whenComplete((found, failure) -> ui.run(() -> {
            if (generation != searchGeneration) {
                return; // a newer search replaced this one
            }
            searching.set(false);
            if (failure != null) {
                status.set(Notice.error(Sentences.searchFailed(failure)));
                return;
            }
            results.setAll(found.results());
            source.set(found.source() == null ? "" : found.source());
            if (found.results().isEmpty()) {
                status.set(Notice.info("Nothing found for “" + text + "”. Try other words, or paste a link."));
            }
        }));
    }

    /** Adds a search result. */
    public void add(CatalogEntry entry) {
        submit(entry.videoId(), entry.title());
    }

    /** Adds whatever YouTube link (or video id) the guest pasted. */
    public void addLink() {
        String text = link.get().strip();
        if (text.isEmpty()) {
            return;
        }
        String videoId;
        try {
            videoId = YouTubeLinks.videoId(text.length() > MAX_LINK ? text.substring(0, MAX_LINK) : text);
        } catch (IllegalArgumentException e) {
            status.set(Notice.error(e.getMessage()));
            return;
        }
        submit(videoId, null);
    }

    private void submit(String videoId, String knownTitle) {
        adding.set(true);
        status.set(Notice.info("Adding…"));
        party.add(videoId).whenComplete((added, failure) -> ui.run(() -> {
            adding.set(false);
            if (failure != null) {
                status.set(Notice.error(Sentences.addFailed(failure)));
                return;
            }
            // For a pasted link the title is known only once the track's event arrives, just after this answer.
            String title = titleOf(added.trackId(), knownTitle);
            if ("upvoted".equals(added.outcome())) {
                status.set(Notice.success((title == null ? "That song" : title)
                        + " was already in the queue, so your add counted as an upvote."));
            } else {
                status.set(Notice.success(title == null ? "Added your song to the queue; it's highlighted there."
                        : "Added " + title + " to the queue."));
            }
            if (knownTitle == null) {
                link.set("");
            }
            onAdded.accept(added.trackId());
        }));
    }

    private String titleOf(long trackId, String knownTitle) {
        if (knownTitle != null) {
            return "“" + knownTitle + "”";
        }
        for (Track t : party.view().queue()) {
            if (t.id() == trackId) {
                return "“" + t.title() + "”";
            }
        }
        return null;
    }

    public StringProperty queryProperty() {
        return query;
    }

    public StringProperty linkProperty() {
        return link;
    }

    public ObservableList<CatalogEntry> results() {
        return results;
    }

    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty searchingProperty() {
        return searching.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty addingProperty() {
        return adding.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Notice> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public BooleanBinding canSearchProperty() {
        return canSearch;
    }

    public BooleanBinding canAddLinkProperty() {
        return canAddLink;
    }
}
