package app.queued.host.app;

import app.queued.appdata.AppData;
import app.queued.appdata.Logs;
import app.queued.appdata.StartMarks;
import app.queued.fx.QuietStart;
import app.queued.host.settings.SettingsStore;
import app.queued.host.startup.ServerStarter;
import java.util.List;
import javafx.application.Application;

/**
 * Starts the host app. A plain class, not the {@code Application} itself, so the app runs from the class path
 * without JavaFX modules. The vote server starts here, before JavaFX opens the window, to save seconds.
 *
 * <p>Options: {@code --room NAME} opens (or creates) that room at once; {@code --port N} and {@code --bind ADDRESS}
 * override the settings for this run; {@code --quit-when-open} quits once the room is open (start-up measurements);
 * {@code --quit-after-guest} quits once the room is open and a guest joined it (the installers' smoke test). With
 * {@code --room} the app prints {@code ROOM OPEN <ms> ms} and {@code ROOM CODE <code> PORT <port>} once it is open.
 */
public final class HostMain {
    private static HostConfig config;
    private static EarlyStart early;

    private HostMain() {
    }

    public static void main(String[] args) {
        Logs.useFolderIn(AppData.defaultDir()); // before the first logger: logs go to the app-data folder
        StartMarks.mark("main");
        QuietStart.dropClassPathWarning();
        List<String> list = List.of(args);
        HostConfig c = HostConfig.defaults(AppData.defaultDir(), System.getenv(), url -> { }, () -> { })
                .withAutoRoom(option(list, "--room"), HostConfig.AutoQuit.fromArgs(list));
        String port = option(list, "--port");
        String bind = option(list, "--bind");
        if (port != null || bind != null) {
            c = c.withServer(bind != null ? bind : c.bindAddress(), port != null ? Integer.valueOf(port) : null);
        }
        config = c;
        ServerStarter starter = new ServerStarter(c.appDataDir(), c.bindAddress(), c.portOverride(), c.env());
        early = EarlyStart.begin(starter, new SettingsStore(c.appDataDir()).load());
        // Ctrl-C before the window took the server, or a window that cannot open (no display): stop it again,
        // or its PostgreSQL and Redis would outlive us
        Runtime.getRuntime().addShutdownHook(new Thread(HostMain::stopUntakenStart, "queued-early-stop"));
        try {
            Application.launch(HostApplication.class, args);
        } finally {
            stopUntakenStart();
        }
    }

    private static void stopUntakenStart() {
        EarlyStart untaken = takeEarlyStart();
        if (untaken != null) {
            untaken.abandonAndWait();
        }
    }

    /** The configuration main built (null when the Application was launched some other way). */
    static synchronized HostConfig config() {
        return config;
    }

    /** The server start main began; handed out once. */
    static synchronized EarlyStart takeEarlyStart() {
        EarlyStart taken = early;
        early = null;
        return taken;
    }

    static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0 || i + 1 >= args.size()) {
            return null;
        }
        String value = args.get(i + 1).strip();
        // javafx:run keeps the quotes of  -Djavafx.args="--room 'Friday night'"
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                || value.startsWith("\"") && value.endsWith("\""))) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }

    /**
     * A line for whoever started the app (scripts read "ROOM OPEN", "JOINED SEQ"...): the mains alone write to the
     * terminal. Flushed at once, so a script waiting for it never waits on a buffer.
     */
    static void tell(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
