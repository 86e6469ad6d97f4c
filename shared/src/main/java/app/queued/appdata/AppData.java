package app.queued.appdata;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where Queued keeps its files (the saved rooms' database, logs) on each operating system. */
public final class AppData {

    /** Environment variable that overrides the folder, e.g. for a portable install or tests. */
    public static final String HOME_VARIABLE = "QUEUED_HOME";

    private AppData() {
    }

    /** The app-data folder for this machine and user; it may not exist yet. */
    public static Path defaultDir() {
        return resolve(System.getProperty("os.name", ""), System.getenv(), System.getProperty("user.home"));
    }

    /** Pure version of {@link #defaultDir()} so every platform's branch can be tested anywhere. */
    public static Path resolve(String osName, Map<String, String> env, String userHome) {
        String override = env.get(HOME_VARIABLE);
        if (isSet(override)) {
            return Path.of(override);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            Path roaming = isSet(appData) ? Path.of(appData) : Path.of(userHome, "AppData", "Roaming");
            return roaming.resolve("Queued");
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return Path.of(userHome, "Library", "Application Support", "Queued");
        }
        // Linux and other Unixes follow the XDG base directory spec, which says to ignore relative paths.
        String xdg = env.get("XDG_DATA_HOME");
        if (isSet(xdg) && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "queued");
        }
        return Path.of(userHome, ".local", "share", "queued");
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
