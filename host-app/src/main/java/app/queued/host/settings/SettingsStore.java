package app.queued.host.settings;

import app.queued.fx.files.PrivateFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads and saves {@link HostSettings} in the app-data folder. Blocking file work: call it off the UI thread. */
public final class SettingsStore {
    public static final String FILE_NAME = "host-settings.json";
    private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public SettingsStore(Path appDataDir) {
        this.file = appDataDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** The saved settings, or the defaults when there are none (or the file is unreadable, which is logged). */
    public HostSettings load() {
        try {
            return JSON.readValue(PrivateFiles.read(file), HostSettings.class);
        } catch (NoSuchFileException e) {
            return HostSettings.DEFAULTS;
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring unreadable settings file {}: {}", file, e.getMessage());
            return HostSettings.DEFAULTS;
        }
    }

    public void save(HostSettings settings) throws IOException {
        PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));
    }
}
