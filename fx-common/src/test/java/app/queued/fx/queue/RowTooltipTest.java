package app.queued.fx.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** One tooltip for every row's title, showing the hovered row's text — in a real (headless) window. */
class RowTooltipTest {
    /** The queue column of AnimatedRowsTest, with the one tooltip over every row. */
    static final class Songs extends AnimatedRowsTest.Songs {
        final RowTooltip titles = new RowTooltip();

        @Override
        protected Label newRow(AnimatedRowsTest.Song entry) {
            Label row = super.newRow(entry);
            row.setId("song-" + entry.id());
            row.setMaxWidth(Double.MAX_VALUE);
            titles.install(row, row::getText);
            return row;
        }
    }

    private final FxRobot robot = new FxRobot();
    private Songs songs;

    @BeforeEach
    void window() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        songs = fx(() -> {
            Songs list = new Songs();
            stage.setScene(new Scene(list, 300, 200));
            stage.show();
            list.show(List.of(new AnimatedRowsTest.Song(1, "Alpha"), new AnimatedRowsTest.Song(2, "Bravo"),
                    new AnimatedRowsTest.Song(3, "Charlie")));
            return list;
        });
    }

    @AfterEach
    void close() throws Exception {
        robot.moveTo(0, 0);
        FxToolkit.cleanupStages();
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(10, TimeUnit.SECONDS);
    }

    @Test
    void hoveringARowShowsItsTextInTheOneSharedTooltip() throws Exception {
        Tooltip shared = fx(() -> songs.titles.tooltip());
        assertThat(shared).isNotNull();

        robot.moveTo("#song-2");
        await().atMost(Duration.ofSeconds(10)).until(() -> fx(shared::isShowing));
        assertThat(fx(shared::getText)).isEqualTo("Bravo");

        robot.moveTo("#song-3");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fx(() -> shared.isShowing() && "Charlie".equals(shared.getText())));
        assertThat(fx(() -> songs.titles.tooltip())).isSameAs(shared);
    }
}
