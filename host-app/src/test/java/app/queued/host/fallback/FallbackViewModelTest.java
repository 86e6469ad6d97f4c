package app.queued.host.fallback;

import app.queued.fx.UiThread;
import app.queued.host.FakeLink;
import app.queued.protocol.PlayedTrack;
import app.queued.protocol.Results;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FallbackViewModelTest {
    private final FakeLink link = new FakeLink();
    private final List<FallbackViewModel.Setting> saved = new ArrayList<>();
    private final FallbackViewModel model = new FallbackViewModel(link, UiThread.direct(), saved::add);

    @Test
    void linksOneALineAreSavedAndRemembered() {
        model.sourceProperty().set(FallbackViewModel.Source.LINKS);
        model.linksProperty().set("  https://youtu.be/fJ9rUzIMcZQ \n\nYqeW9_5kURI\n");
        model.save();
        assertThat(link.calls).containsExactly("setFallback links [https://youtu.be/fJ9rUzIMcZQ, YqeW9_5kURI]");
        assertThat(model.statusProperty().get()).isEqualTo("When the queue is empty, these 2 songs play in turn.");
        assertThat(saved).containsExactly(new FallbackViewModel.Setting(FallbackViewModel.Source.LINKS,
                List.of("https://youtu.be/fJ9rUzIMcZQ", "YqeW9_5kURI")));
    }

    @Test
    void anEmptyListIsASentenceNotARequest() {
        model.sourceProperty().set(FallbackViewModel.Source.LINKS);
        model.save();
        assertThat(link.calls).isEmpty();
        assertThat(model.noticeProperty().get()).startsWith("Paste at least one YouTube link");
    }

    @Test
    void nothingOrWhatPlayedSendNoLinks() {
        model.linksProperty().set("https://youtu.be/fJ9rUzIMcZQ");
        model.sourceProperty().set(FallbackViewModel.Source.HISTORY);
        model.save();
        model.sourceProperty().set(FallbackViewModel.Source.NONE);
        model.save();
        assertThat(link.calls).containsExactly("setFallback history []", "setFallback none []");
        assertThat(model.statusProperty().get()).startsWith("When the queue is empty, nothing plays");
    }

    @Test
    void whatPlayedIsCopiedInOnceEach() {
        link.history = new Results.History(List.of(
                new PlayedTrack(1, "kJQP7kiw5Fk", "A", "c", 1, "Host", 0, 1, false),
                new PlayedTrack(2, "fJ9rUzIMcZQ", "B", "c", 1, "Host", 0, 2, false),
                new PlayedTrack(3, "kJQP7kiw5Fk", "A", "c", 1, "Host", 0, 3, false)), "");
        model.copyFromHistory();
        assertThat(model.sourceProperty().get()).isEqualTo(FallbackViewModel.Source.LINKS);
        assertThat(model.linksProperty().get()).isEqualTo("https://youtu.be/kJQP7kiw5Fk\nhttps://youtu.be/fJ9rUzIMcZQ");
    }

    @Test
    void aSettingSavedEarlierIsShownAgain() {
        model.show(new FallbackViewModel.Setting(FallbackViewModel.Source.LINKS, List.of("a", "b")));
        assertThat(model.sourceProperty().get()).isEqualTo(FallbackViewModel.Source.LINKS);
        assertThat(model.linksProperty().get()).isEqualTo("a\nb");
        assertThat(model.statusProperty().get()).startsWith("Saved earlier: when the queue is empty");
    }
}
