package app.queued.fx;

/**
 * The one gateway to the JavaFX application thread. Every change to what is on screen — view-model properties
 * included, since views are bound to them — goes through {@link #run}. View models take a {@code UiThread} in their
 * constructor, so tests drive them without a window through {@link #direct()}.
 */
@FunctionalInterface
public interface UiThread {

    /** Runs {@code task} on the UI thread: at once if already there, otherwise soon after, in call order. */
    void run(Runnable task);

    /** The JavaFX application thread. */
    static UiThread fx() {
        return FxThread.INSTANCE;
    }

    /** Runs everything on the calling thread: for view-model tests without a toolkit. */
    static UiThread direct() {
        return Runnable::run;
    }
}
