package app.queued.fx;

import javafx.application.Platform;

/** The only place in the apps that calls {@link Platform#runLater} (an architecture test holds this). */
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
