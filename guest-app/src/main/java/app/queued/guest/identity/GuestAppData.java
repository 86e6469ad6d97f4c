package app.queued.guest.identity;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The user's app-data folder for Queued, the same one the host app uses ({@code ~/.local/share/queued} on Linux,
 * {@code ~/Library/Application Support/Queued} on macOS, {@code %APPDATA%\Queued} on Windows; {@code QUEUED_HOME}
 * overrides it). The guest app keeps its files in {@code guest/} inside it.
 */
public final class GuestAppData {
    public static final String HOME_VARIABLE = "QUEUED_HOME";

    private GuestAppData() {
    }

    public static Path guestDir() {
        return resolve(System.getProperty("os.name", ""), System.getenv(), System.getProperty("user.home"))
                .resolve("guest");
    }

    static Path resolve(String osName, Map<String, String> env, String userHome) {
        String override = env.get(HOME_VARIABLE);
        if (isSet(override)) {
            return Path.of(override);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            return (isSet(appData) ? Path.of(appData) : Path.of(userHome, "AppData", "Roaming")).resolve("Queued");
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return Path.of(userHome, "Library", "Application Support", "Queued");
        }
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
