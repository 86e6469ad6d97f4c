package app.queued.host.startup;

import app.queued.fx.Background;
import app.queued.fx.UiThread;
import app.queued.host.settings.HostSettings;
import app.queued.server.StartupProgress;
import app.queued.server.embedded.StartupException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartupViewModelTest {

    @Test
    void eachPartIsShownStartingThenReady() {
        AtomicReference<RunningServer> ready = new AtomicReference<>();
        StartupViewModel model = new StartupViewModel((settings, progress) -> {
            progress.started(StartupProgress.Part.DATABASE);
            progress.started(StartupProgress.Part.CACHE);
            progress.finished(StartupProgress.Part.CACHE, Duration.ofMillis(80));
            progress.finished(StartupProgress.Part.DATABASE, Duration.ofMillis(650));
            progress.started(StartupProgress.Part.STORE);
            progress.finished(StartupProgress.Part.STORE, Duration.ofMillis(300));
            progress.started(StartupProgress.Part.SERVER);
            progress.finished(StartupProgress.Part.SERVER, Duration.ofMillis(20));
            return new RunningServer(null, null, null, settings, "embedded");
        }, Background.direct(), UiThread.direct(), true);
        model.setOnReady(ready::set);
        model.start(HostSettings.DEFAULTS);

        assertThat(model.steps()).allSatisfy(s -> assertThat(s.stateProperty().get())
                .isEqualTo(StartupViewModel.State.READY));
        assertThat(model.step(StartupProgress.Part.DATABASE).detailProperty().get()).isEqualTo("ready in 0.7 s");
        assertThat(model.progressProperty().get()).isEqualTo(1.0);
        assertThat(ready.get()).isNotNull();
        assertThat(model.errorProperty().get()).isEmpty();
    }

    @Test
    void aFailureIsOneClearSentenceAndThePartThatFailedIsMarked() {
        StartupViewModel model = new StartupViewModel((settings, progress) -> {
            progress.started(StartupProgress.Part.DATABASE);
            throw new StartupException("Port 7765 is already in use; close the other program or choose another port.");
        }, Background.direct(), UiThread.direct(), true);
        model.start(HostSettings.DEFAULTS);

        assertThat(model.errorProperty().get()).isEqualTo(
                "Port 7765 is already in use; close the other program or choose another port.");
        assertThat(model.step(StartupProgress.Part.DATABASE).stateProperty().get())
                .isEqualTo(StartupViewModel.State.FAILED);
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.headlineProperty().get()).contains("could not start");
    }
}
