package app.queued.host.app;

import app.queued.appdata.StartMarks;
import app.queued.host.settings.HostSettings;
import app.queued.host.startup.RunningServer;
import app.queued.host.startup.ServerStarter;
import app.queued.server.StartupProgress;
import app.queued.server.embedded.StartupException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Starts the vote server (PostgreSQL, Redis, WebSocket) from {@code main}, while JavaFX is still opening the window:
 * the two take seconds each and need nothing from each other. Progress is recorded until the start screen attaches
 * and then replayed to it, so the screen shows the same steps as for a start it began itself.
 */
final class EarlyStart implements StartupProgress {
    private final HostSettings settings;
    private final CompletableFuture<RunningServer> result = new CompletableFuture<>();
    private final List<Consumer<StartupProgress>> past = new ArrayList<>();
    private StartupProgress listener;

    private EarlyStart(HostSettings settings) {
        this.settings = settings;
    }

    static EarlyStart begin(ServerStarter starter, HostSettings settings) {
        EarlyStart early = new EarlyStart(settings);
        Thread thread = new Thread(() -> {
            try {
                early.result.complete(starter.start(settings, early));
            } catch (StartupException | RuntimeException e) {
                early.result.completeExceptionally(e);
            }
        }, "queued-early-start");
        thread.setDaemon(true);
        thread.start();
        return early;
    }

    HostSettings settings() {
        return settings;
    }

    @Override
    public synchronized void started(Part part) {
        StartMarks.mark(part.name().toLowerCase(java.util.Locale.ROOT) + "-started");
        if (listener != null) {
            listener.started(part);
        } else {
            past.add(l -> l.started(part));
        }
    }

    @Override
    public synchronized void finished(Part part, Duration took) {
        StartMarks.mark(part.name().toLowerCase(java.util.Locale.ROOT) + "-ready");
        if (listener != null) {
            listener.finished(part, took);
        } else {
            past.add(l -> l.finished(part, took));
        }
    }

    /** Hands over what happened so far and everything from now on; then waits for the start to end. */
    RunningServer attachAndAwait(StartupProgress progress) throws StartupException {
        synchronized (this) {
            listener = progress;
            past.forEach(event -> event.accept(progress));
            past.clear();
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("Queued was interrupted while starting.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StartupException s) {
                throw s;
            }
            throw new StartupException("The vote server could not start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The quit came before the start screen took the server: stop it once it is up. */
    void abandon() {
        result.thenAccept(server -> server.server().close());
    }

    /** Like {@link #abandon()}, waiting (up to the start's own time-outs) until the server is stopped again. */
    void abandonAndWait() {
        try {
            result.get().server().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the start failed and cleaned up after itself
        }
    }
}
