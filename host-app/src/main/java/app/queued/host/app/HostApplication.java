package app.queued.host.app;

import app.queued.appdata.AppData;
import app.queued.appdata.StartMarks;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The JavaFX entry point: takes the configuration (and the early server start) from {@link HostMain}. */
public final class HostApplication extends Application {
    private HostApp app;

    @Override
    public void start(Stage stage) {
        StartMarks.mark("fx-toolkit");
        HostConfig base = HostMain.config();
        if (base == null) {
            base = HostConfig.defaults(AppData.defaultDir(), System.getenv(), url -> { }, () -> { });
        }
        HostConfig config = base.withUi(url -> getHostServices().showDocument(url), Platform::exit);
        app = new HostApp(config, HostMain.takeEarlyStart());
        HostApp running = app;
        // Ctrl-C in a terminal or a logout: stop the server and its PostgreSQL and Redis before the JVM goes.
        Runtime.getRuntime().addShutdownHook(new Thread(running::stopEverything, "queued-host-shutdown"));
        app.show(stage);
    }

    @Override
    public void stop() {
        // The window's close button already went through HostApp.quit(); this covers Platform.exit from elsewhere.
        if (app != null) {
            new Thread(app::stopEverything, "queued-host-stop").start();
        }
    }
}
