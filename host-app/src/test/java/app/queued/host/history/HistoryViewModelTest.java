package app.queued.host.history;

import app.queued.fx.Background;
import app.queued.fx.UiThread;
import app.queued.host.FakeLink;
import app.queued.protocol.PlayedTrack;
import app.queued.protocol.Results;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryViewModelTest {
    @TempDir
    Path dir;
    private final FakeLink link = new FakeLink();
    private final HistoryViewModel model = new HistoryViewModel(link, Background.direct(), UiThread.direct(),
            ZoneOffset.UTC);

    @Test
    void newestFirstWithTimeAdderAndScoreThenExportedAsTheServersCsv() throws Exception {
        String csv = "played_at,title,channel,link,added_by,final_score,fallback\n"
                + "2024-06-03T16:03:52Z,Despacito,LuisFonsiVEVO,https://www.youtube.com/watch?v=kJQP7kiw5Fk,Host,4,false\n"
                + "2024-06-03T16:49:27Z,Bohemian Rhapsody,Queen,https://www.youtube.com/watch?v=fJ9rUzIMcZQ,Host,0,true\n";
        link.history = new Results.History(List.of(
                new PlayedTrack(10, "kJQP7kiw5Fk", "Despacito", "LuisFonsiVEVO", 1, "Ana", 4, 1717430632000L, false),
                new PlayedTrack(31, "fJ9rUzIMcZQ", "Bohemian Rhapsody", "Queen", 1, "Host", -2, 1717433367000L,
                        true)), csv);
        assertThat(model.canExportProperty().get()).isFalse();
        model.refresh();
        assertThat(model.played()).extracting(HistoryViewModel.Entry::title)
                .containsExactly("Bohemian Rhapsody", "Despacito");
        assertThat(model.played()).extracting(HistoryViewModel.Entry::details).containsExactly(
                "16:49 \u00b7 from the fallback list \u00b7 score -2", "16:03 \u00b7 added by Ana \u00b7 score +4");
        assertThat(model.summaryProperty().get()).isEqualTo("2 songs played");

        Path file = dir.resolve("history.csv");
        model.export(file);
        assertThat(Files.readString(file)).isEqualTo(csv);
        assertThat(model.noticeProperty().get()).isEqualTo("Saved 2 songs to " + file + ".");
    }

    @Test
    void aFileThatCannotBeWrittenIsASentence() {
        model.refresh();
        model.export(dir.resolve("no-such-folder").resolve("h.csv"));
        assertThat(model.noticeProperty().get()).startsWith("Could not save h.csv");
    }
}
