package app.queued.fx.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The queue column both apps use: order, kept nodes, sliding, selection — in a real (headless) window. */
class AnimatedRowsTest {
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

    record Song(long id, String title) {
    }

    static class Songs extends AnimatedRows<Song, Label> {
        Songs() {
            super(javafx.util.Duration.millis(200));
        }

        @Override
        protected long keyOf(Song entry) {
            return entry.id();
        }

        @Override
        protected Label newRow(Song entry) {
            Label row = new Label(entry.title());
            row.setMinHeight(30);
            return row;
        }

        @Override
        protected void update(Label row, Song entry) {
            row.setText(entry.title());
        }
    }

    private Songs songs;
    private ScrollPane scroll;

    @BeforeEach
    void window() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        songs = fx(() -> {
            Songs list = new Songs();
            scroll = new ScrollPane(list);
            scroll.setFitToWidth(true);
            stage.setScene(new Scene(scroll, 300, 60));
            stage.show();
            return list;
        });
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(10, TimeUnit.SECONDS);
    }

    @Test
    void rowsKeepTheirNodesAndSlideToTheirNewPlaces() throws Exception {
        Song a = new Song(1, "A");
        Song b = new Song(2, "B");
        Song c = new Song(3, "C");
        fx(() -> {
            songs.show(List.of(a, b, c));
            return null;
        });
        assertThat(fx(songs::shownOrder)).containsExactly(1L, 2L, 3L);
        Node rowOfC = fx(() -> songs.getChildren().get(2));

        fx(() -> {
            songs.show(List.of(c, a, new Song(2, "B, renamed")));
            return null;
        });
        assertThat(fx(songs::shownOrder)).containsExactly(3L, 1L, 2L);
        assertThat(fx(() -> songs.getChildren().get(0))).isSameAs(rowOfC);
        assertThat(fx(() -> ((Label) songs.getChildren().get(2)).getText())).isEqualTo("B, renamed");
        // C slides up from where it stood, then stops in its place
        assertThat(fx(songs::moving)).isTrue();
        assertThat(fx(rowOfC::getTranslateY)).isGreaterThan(0.0);
        await().atMost(Duration.ofSeconds(10)).until(() -> !fx(songs::moving));
        assertThat(fx(rowOfC::getTranslateY)).isEqualTo(0.0);

        fx(() -> {
            songs.show(List.of(a));
            return null;
        });
        // A slides up to the top; the rows that left are no longer tracked, so the list comes to rest
        assertThat(fx(songs::shownOrder)).containsExactly(1L);
        await().atMost(Duration.ofSeconds(10)).until(() -> !fx(songs::moving));
    }

    @Test
    void withoutAnimationTheOrderChangesAtOnce() throws Exception {
        fx(() -> {
            songs.setAnimated(false);
            songs.show(List.of(new Song(1, "A"), new Song(2, "B")));
            songs.show(List.of(new Song(2, "B"), new Song(1, "A")));
            return null;
        });
        assertThat(fx(songs::shownOrder)).containsExactly(2L, 1L);
        assertThat(fx(songs::moving)).isFalse();
    }

    @Test
    void theSelectedRowIsMarkedAndScrolledIntoView() throws Exception {
        List<Song> many = java.util.stream.LongStream.rangeClosed(1, 20).mapToObj(i -> new Song(i, "Song " + i))
                .toList();
        fx(() -> {
            songs.setAnimated(false);
            songs.show(many);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        fx(() -> {
            songs.setSelected(20);
            return null;
        });
        Node last = fx(() -> songs.getChildren().get(19));
        assertThat(fx(() -> last.getPseudoClassStates().contains(SELECTED))).isTrue();
        assertThat(fx(() -> songs.getChildren().get(0).getPseudoClassStates().contains(SELECTED))).isFalse();
        assertThat(fx(scroll::getVvalue)).isCloseTo(1.0, within(0.01));
    }
}
