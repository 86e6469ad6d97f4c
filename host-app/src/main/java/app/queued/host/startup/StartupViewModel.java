package app.queued.host.startup;

import app.queued.fx.Background;
import app.queued.fx.UiThread;
import app.queued.host.settings.HostSettings;
import app.queued.host.ui.Failures;
import app.queued.server.StartupProgress;
import app.queued.server.embedded.StartupException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The start screen: what is starting, what is ready, and one clear sentence if something could not start. */
public final class StartupViewModel {

    /** Where one part of the start stands. */
    public enum State { WAITING, STARTING, READY, FAILED }

    /** One line of the progress list. */
    public static final class Step {
        private final StartupProgress.Part part;
        private final String label;
        private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.WAITING);
        private final StringProperty detail = new SimpleStringProperty("");

        Step(StartupProgress.Part part, String label) {
            this.part = part;
            this.label = label;
        }

        public StartupProgress.Part part() {
            return part;
        }

        public String label() {
            return label;
        }

        public ReadOnlyObjectProperty<State> stateProperty() {
            return state;
        }

        public ReadOnlyStringProperty detailProperty() {
            return detail;
        }
    }

    /** Starts the server; the real one is {@link ServerStarter#start}. */
    @FunctionalInterface
    public interface Starter {
        RunningServer start(HostSettings settings, StartupProgress progress) throws StartupException;
    }

    private final Starter starter;
    private final Background background;
    private final UiThread ui;
    private final Map<StartupProgress.Part, Step> steps = new EnumMap<>(StartupProgress.Part.class);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final StringProperty headline = new SimpleStringProperty("Starting the party server\u2026");
    private Consumer<RunningServer> onReady = server -> { };

    public StartupViewModel(Starter starter, Background background, UiThread ui, boolean embedded) {
        this.starter = starter;
        this.background = background;
        this.ui = ui;
        steps.put(StartupProgress.Part.DATABASE, new Step(StartupProgress.Part.DATABASE,
                embedded ? "Built-in database (PostgreSQL)" : "Your PostgreSQL server"));
        steps.put(StartupProgress.Part.CACHE, new Step(StartupProgress.Part.CACHE,
                embedded ? "Built-in cache (Redis)" : "Your Redis server"));
        steps.put(StartupProgress.Part.STORE, new Step(StartupProgress.Part.STORE, "Saved rooms"));
        steps.put(StartupProgress.Part.SERVER, new Step(StartupProgress.Part.SERVER, "Vote server for guests"));
    }

    public void setOnReady(Consumer<RunningServer> onReady) {
        this.onReady = onReady;
    }

    public List<Step> steps() {
        return List.copyOf(steps.values());
    }

    public Step step(StartupProgress.Part part) {
        return steps.get(part);
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline;
    }

    /** Starts (or retries) with these settings. Call on the UI thread. */
    public void start(HostSettings settings) {
        if (running.get()) {
            return;
        }
        running.set(true);
        error.set("");
        headline.set("Starting the party server\u2026");
        progress.set(0);
        steps.values().forEach(s -> {
            s.state.set(State.WAITING);
            s.detail.set("");
        });
        StartupProgress listener = new StartupProgress() {
            @Override
            public void started(Part part) {
                ui.run(() -> {
                    Step step = steps.get(part);
                    step.state.set(State.STARTING);
                    step.detail.set("starting\u2026");
                });
            }

            @Override
            public void finished(Part part, Duration took) {
                ui.run(() -> {
                    Step step = steps.get(part);
                    step.state.set(State.READY);
                    step.detail.set(String.format("ready in %.1f s", took.toMillis() / 1000.0));
                    progress.set(steps.values().stream().filter(s -> s.state.get() == State.READY).count()
                            / (double) steps.size());
                });
            }
        };
        background.supply(() -> starter.start(settings, listener)).whenComplete((server, failure) -> ui.run(() -> {
            running.set(false);
            if (failure != null) {
                headline.set("The party server could not start");
                error.set(Failures.sentence(failure));
                steps.values().stream().filter(s -> s.state.get() == State.STARTING).forEach(s -> {
                    s.state.set(State.FAILED);
                    s.detail.set("failed");
                });
                return;
            }
            progress.set(1);
            headline.set("Ready");
            onReady.accept(server);
        }));
    }
}
