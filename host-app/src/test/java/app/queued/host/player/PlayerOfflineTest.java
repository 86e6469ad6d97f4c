package app.queued.host.player;

import app.queued.fx.UiThread;
import app.queued.host.FakeLink;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real player page in a WebView (headless) when YouTube cannot be reached: a message, and the queue goes on. */
class PlayerOfflineTest {
    private PlayerPage page;

    @AfterEach
    void close() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void withoutYouTubeThePlayerSaysSoPlainly() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort(); // closed again: nothing listens there
        }
        page = PlayerPage.start("http://127.0.0.1:" + deadPort + "/iframe_api", Map.of());
        FakeLink link = new FakeLink();
        PlayerViewModel model = new PlayerViewModel(link, UiThread.fx(), Clock.systemUTC());
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> {
            PlayerView view = new PlayerView(model, page);
            stage.setScene(new Scene(view.root(), 420, 480));
            stage.show();
            model.queueSize(5);
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> WaitForAsyncUtils.asyncFx(
                () -> model.modeProperty().get() == PlayerViewModel.Mode.OFFLINE).get(5, TimeUnit.SECONDS));
        String shown = WaitForAsyncUtils.asyncFx(() -> new FxRobot().lookup("#playerMessage").queryAs(Label.class)
                .getText()).get(5, TimeUnit.SECONDS);
        assertThat(shown).contains("No connection to YouTube").contains("queue and votes still work");
        assertThat(link.calls).as("nothing is skipped while the music cannot play").isEmpty();
    }
}
