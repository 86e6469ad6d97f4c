package app.queued.fx;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a task on the UI thread every period, timed by one shared daemon thread instead of a JavaFX animation. A
 * {@code Timeline} that repeats forever keeps JavaFX's pulse running for as long as it plays: every pulse (60 a
 * second, more with a faster pulse, see {@link FramePacing}) then wakes the FX thread, even when nothing changed. The
 * party screen's progress clock moves twice a second; with this it costs two small tasks a second. At most one tick
 * waits for the UI thread at a time, so a busy UI thread never finds a backlog of ticks.
 */
public final class Ticker {
    private final UiThread ui;
    private final Duration period;
    private final Runnable task;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean running;
    private ScheduledFuture<?> schedule;

    public Ticker(UiThread ui, Duration period, Runnable task) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a ticker's period must be positive: " + period);
        }
        this.ui = ui;
        this.period = period;
        this.task = task;
    }

    /** Starts ticking (the first tick after one period); does nothing if already started. */
    public synchronized void start() {
        if (schedule != null) {
            return;
        }
        running = true;
        long millis = Math.max(1, period.toMillis());
        schedule = Timer.SCHEDULER.scheduleAtFixedRate(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops ticking; a tick already on its way to the UI thread does not run. Safe to call twice. */
    public synchronized void stop() {
        running = false;
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
    }

    public boolean isRunning() {
        return running;
    }

    private void tick() {
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        try {
            ui.run(() -> {
                queued.set(false);
                if (running) {
                    task.run();
                }
            });
        } catch (RuntimeException e) {
            queued.set(false); // the toolkit is gone (the app is closing): the next tick tries again, harmlessly
        }
    }

    /** The one timer thread, made on first use. */
    private static final class Timer {
        static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "queued-ticker");
            thread.setDaemon(true);
            return thread;
        });
    }
}
