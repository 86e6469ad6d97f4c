package app.queued.appdata;

import java.nio.file.Path;

/**
 * Where the apps write their log files: {@code logs/} in the app-data folder, so an installed app's logs are not
 * lost with its console. Each app's own logback configuration reads the folder from the system property
 * {@value #PROPERTY}; {@link #useFolderIn} sets it before the first logger is made.
 */
public final class Logs {
    /** The system property the apps' logback configurations read. */
    public static final String PROPERTY = "queued.log.dir";

    private Logs() {
    }

    public static Path folder(Path appDataDir) {
        return appDataDir.resolve("logs");
    }

    /** Points logging at {@code logs/} in this app-data folder, unless the property was set already. */
    public static Path useFolderIn(Path appDataDir) {
        String set = System.getProperty(PROPERTY);
        if (set != null && !set.isBlank()) {
            return Path.of(set);
        }
        Path folder = folder(appDataDir);
        System.setProperty(PROPERTY, folder.toString());
        return folder;
    }
}
