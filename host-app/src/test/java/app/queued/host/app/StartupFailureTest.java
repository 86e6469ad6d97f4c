package app.queued.host.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** A start that cannot succeed says why in one sentence, and leaves nothing running. */
class StartupFailureTest {

    @org.junit.jupiter.api.io.TempDir
    Path home;

    @Test
    void aTakenPortIsOneClearSentenceAndNothingIsLeftRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            HostConfig config = new HostConfig(home, "127.0.0.1", taken.getLocalPort(), false, "/none.js", Map.of(),
                    null, Map.of(), null, HostConfig.AutoQuit.NEVER, false, true, url -> { }, () -> { });
            HostApp app = new HostApp(config);
            Stage stage = FxToolkit.registerPrimaryStage();
            FxToolkit.setupFixture(() -> app.show(stage));
            FxRobot robot = new FxRobot();
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> WaitForAsyncUtils.asyncFx(
                    () -> !robot.lookup("#startupError").queryAs(Label.class).getText().isEmpty())
                    .get(5, TimeUnit.SECONDS));
            String error = WaitForAsyncUtils.asyncFx(() -> robot.lookup("#startupError").queryAs(Label.class)
                    .getText()).get(5, TimeUnit.SECONDS);
            assertThat(error).isEqualTo("Port " + taken.getLocalPort()
                    + " is already in use; close the other program or choose another port.");
            assertThat(robot.lookup("#startupRetry").tryQuery()).isPresent();
            // start is all-or-nothing: the built-in PostgreSQL and Redis were stopped again
            assertThat(home.resolve("redis.pid")).doesNotExist();
            assertThat(Files.readString(home.resolve("postgres.log"))).contains("shutting down");
            app.stopEverything();
        }
    }
}
