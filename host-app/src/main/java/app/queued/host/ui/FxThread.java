package app.queued.host.ui;

import javafx.application.Platform;

/** The only place in the host app that calls {@link Platform#runLater}. */
enum FxThread implements UiThread {
    INSTANCE;

    @Override
    public void run(Runnable task) {
        if (Platform.isFxApplicationThread()) {
            task.run();
        } else {
            Platform.runLater(task);
        }
    }
}
