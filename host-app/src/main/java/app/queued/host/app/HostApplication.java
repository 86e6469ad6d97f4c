package app.queued.host.app;

import app.queued.server.embedded.AppData;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The JavaFX entry point: reads the command line, builds {@link HostApp} and hands it the window. */
public final class HostApplication extends Application {
    private HostApp app;

    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getRaw();
        HostConfig config = HostConfig.defaults(AppData.defaultDir(), System.getenv(),
                url -> getHostServices().showDocument(url), Platform::exit);
        String room = option(args, "--room");
        config = config.withAutoRoom(room, args.contains("--quit-when-open"));
        String port = option(args, "--port");
        String bind = option(args, "--bind");
        if (port != null || bind != null) {
            config = config.withServer(bind != null ? bind : config.bindAddress(),
                    port != null ? Integer.valueOf(port) : null);
        }
        app = new HostApp(config);
        HostApp running = app;
        // Ctrl-C in a terminal or a logout: stop the server and its PostgreSQL and Redis before the JVM goes.
        Runtime.getRuntime().addShutdownHook(new Thread(running::stopEverything, "queued-host-shutdown"));
        app.show(stage);
    }

    @Override
    public void stop() {
        // The window's close button already went through HostApp.quit(); this covers Platform.exit from elsewhere.
        if (app != null) {
            Thread stopper = new Thread(app::stopEverything, "queued-host-stop");
            stopper.start();
        }
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0 || i + 1 >= args.size()) {
            return null;
        }
        String value = args.get(i + 1).strip();
        // javafx.args keeps the quotes of  -Djavafx.args="--room 'Friday night'"
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                || value.startsWith("\"") && value.endsWith("\""))) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }
}
