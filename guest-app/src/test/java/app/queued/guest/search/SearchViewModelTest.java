package app.queued.guest.search;

import app.queued.client.RequestFailedException;
import app.queued.fx.UiThread;
import app.queued.guest.testing.FakeParty;
import app.queued.guest.ui.Notice;
import app.queued.protocol.CatalogEntry;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Results;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static app.queued.guest.testing.FakeParty.track;
import static app.queued.guest.testing.FakeParty.view;
import static org.assertj.core.api.Assertions.assertThat;

/** Search and add without a window or a server: every outcome is said in a sentence. */
class SearchViewModelTest {
    private final FakeParty party = new FakeParty();
    private final List<Long> revealed = new ArrayList<>();
    private final SearchViewModel model = new SearchViewModel(party, UiThread.direct(), revealed::add);
    private final CatalogEntry queen = new CatalogEntry("fJ9rUzIMcZQ", "Bohemian Rhapsody", "Queen", 359, null);

    @Test
    void searchShowsResultsAndTheirSource() {
        model.queryProperty().set("  queen ");
        assertThat(model.canSearchProperty().get()).isTrue();
        model.search();
        assertThat(party.last().text()).isEqualTo("queen");
        assertThat(model.searchingProperty().get()).isTrue();
        assertThat(model.canSearchProperty().get()).isFalse();
        party.<Results.SearchResults>answerOf(0).complete(new Results.SearchResults("Offline demo catalog",
                List.of(queen)));
        assertThat(model.results()).containsExactly(queen);
        assertThat(model.sourceProperty().get()).isEqualTo("Offline demo catalog");
        assertThat(model.searchingProperty().get()).isFalse();
    }

    @Test
    void anOlderSearchAnsweringLateDoesNotReplaceANewerOne() {
        model.queryProperty().set("first");
        model.search();
        model.queryProperty().set("second");
        // The button is disabled while searching, but Enter in the field may still fire: the newest wins.
        model.search();
        party.<Results.SearchResults>answerOf(1).complete(new Results.SearchResults("demo", List.of(queen)));
        party.<Results.SearchResults>answerOf(0).complete(new Results.SearchResults("demo", List.of()));
        assertThat(model.results()).containsExactly(queen);
    }

    @Test
    void nothingFoundSaysSo() {
        model.queryProperty().set("zzz");
        model.search();
        party.<Results.SearchResults>answerOf(0).complete(new Results.SearchResults("demo", List.of()));
        assertThat(model.statusProperty().get()).isEqualTo(
                Notice.info("Nothing found for “zzz”. Try other words, or paste a link."));
    }

    @Test
    void quotaUsedUpIsASentence() {
        model.queryProperty().set("queen");
        model.search();
        party.answerOf(0).completeExceptionally(new RequestFailedException(ErrorCode.QUOTA_EXCEEDED, "quota"));
        assertThat(model.statusProperty().get().kind()).isEqualTo(Notice.Kind.ERROR);
        assertThat(model.statusProperty().get().text()).startsWith("The host's YouTube allowance for today is used up");
    }

    @Test
    void addingAResultSaysAddedAndRevealsTheTrack() {
        model.add(queen);
        assertThat(party.last().text()).isEqualTo("fJ9rUzIMcZQ");
        assertThat(model.addingProperty().get()).isTrue();
        party.<Results.Added>answerOf(0).complete(new Results.Added(12, "added"));
        assertThat(model.statusProperty().get()).isEqualTo(Notice.success("Added “Bohemian Rhapsody” to the queue."));
        assertThat(revealed).containsExactly(12L);
        assertThat(model.addingProperty().get()).isFalse();
    }

    @Test
    void addingWhatIsQueuedSaysItCountedAsAnUpvote() {
        party.push(view(5, List.of(track(12, 1, 100, 9))));
        model.linkProperty().set("https://youtu.be/vid00000012");
        model.addLink();
        assertThat(party.last().text()).isEqualTo("vid00000012");
        party.<Results.Added>answerOf(0).complete(new Results.Added(12, "upvoted"));
        assertThat(model.statusProperty().get()).isEqualTo(Notice.success(
                "“Song 12” was already in the queue, so your add counted as an upvote."));
        assertThat(model.linkProperty().get()).isEmpty();
    }

    @Test
    void aLinkThatIsNotAVideoNeverLeavesTheApp() {
        model.linkProperty().set("https://example.com/watch?v=fJ9rUzIMcZQ");
        model.addLink();
        assertThat(party.sent).isEmpty();
        assertThat(model.statusProperty().get()).isEqualTo(Notice.error("That is not a YouTube video link or id."));
        model.linkProperty().set("https://www.youtube.com/playlist?list=PL123");
        model.addLink();
        assertThat(model.statusProperty().get()).isEqualTo(
                Notice.error("That YouTube link does not point to a single video."));
    }

    @Test
    void aRefusedAddQuotesWhatWasWrongWithTheVideo() {
        model.add(queen);
        party.answerOf(0).completeExceptionally(new RequestFailedException(ErrorCode.CONFLICT,
                "That song is playing right now."));
        assertThat(model.statusProperty().get()).isEqualTo(Notice.error("That song is playing right now."));
        assertThat(revealed).isEmpty();
    }
}
