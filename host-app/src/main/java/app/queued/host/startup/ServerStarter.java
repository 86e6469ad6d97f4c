package app.queued.host.startup;

import app.queued.host.settings.HostSettings;
import app.queued.server.ServerConfig;
import app.queued.server.StartupProgress;
import app.queued.server.StorageUrls;
import app.queued.server.VoteServer;
import app.queued.server.catalog.DemoCatalog;
import app.queued.server.catalog.TrackCatalog;
import app.queued.server.catalog.youtube.YouTubeCatalog;
import app.queued.server.catalog.youtube.YouTubeCredentials;
import app.queued.server.embedded.StartupException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the server's configuration from the host's settings (and {@code QUEUED_DB_URL} / {@code QUEUED_REDIS_URL},
 * which win over them, as for the headless server) and starts it. Blocks for a few seconds: never on the UI thread.
 */
public final class ServerStarter {
    private final Path appDataDir;
    private final String bindAddress;
    private final Integer portOverride;
    private final Map<String, String> env;

    /**
     * @param bindAddress  {@code 0.0.0.0} for the LAN; tests use {@code 127.0.0.1}
     * @param portOverride a port that wins over the settings (tests: 0), or null
     */
    public ServerStarter(Path appDataDir, String bindAddress, Integer portOverride, Map<String, String> env) {
        this.appDataDir = appDataDir;
        this.bindAddress = bindAddress;
        this.portOverride = portOverride;
        this.env = env;
    }

    /** The settings as they take effect: the environment's storage URLs win. */
    public HostSettings effective(HostSettings settings) {
        String envDb = env.get("QUEUED_DB_URL");
        if (envDb == null || envDb.isBlank()) {
            return settings;
        }
        return new HostSettings(HostSettings.EXTERNAL, envDb, env.getOrDefault("QUEUED_DB_PASSWORD",
                settings.dbPassword()), env.get("QUEUED_REDIS_URL"), settings.port(), settings.catalog(),
                settings.oauthClientId(), settings.oauthClientSecret(), settings.advertise());
    }

    /** True when the environment decides the storage (Settings then says so instead of offering a choice). */
    public boolean storageFromEnvironment() {
        String envDb = env.get("QUEUED_DB_URL");
        return envDb != null && !envDb.isBlank();
    }

    public RunningServer start(HostSettings chosen, StartupProgress progress) throws StartupException {
        return start(chosen, progress, null);
    }

    /** @param catalogOrNull a catalog to use instead of the settings' choice (tests, measurements) */
    public RunningServer start(HostSettings chosen, StartupProgress progress, TrackCatalog catalogOrNull)
            throws StartupException {
        HostSettings settings = effective(chosen);
        YouTubeCredentials credentials = YouTubeCredentials.inFolder(appDataDir);
        TrackCatalog catalog = catalogOrNull != null ? catalogOrNull
                : HostSettings.YOUTUBE.equals(settings.catalog())
                ? YouTubeCatalog.builder(credentials).build()
                : new DemoCatalog();
        int port = portOverride != null ? portOverride : settings.port();
        ServerConfig.Builder config = ServerConfig.builder().withDataDir(appDataDir).withBind(bindAddress, port);
        if (!settings.embedded()) {
            if (settings.dbUrl() == null) {
                throw new StartupException("External storage is chosen but no PostgreSQL URL is set; open Settings "
                        + "and enter one, or choose the built-in storage.");
            }
            StorageUrls.Jdbc jdbc;
            try {
                jdbc = StorageUrls.jdbc(settings.dbUrl());
            } catch (IllegalArgumentException e) {
                throw new StartupException(e.getMessage() + ".", e);
            }
            config.withExternal(jdbc.url(), jdbc.user(),
                    settings.dbPassword() != null ? settings.dbPassword() : jdbc.password(), settings.redisUrl());
        }
        ServerConfig checked;
        try {
            checked = config.build();
        } catch (IllegalArgumentException e) {
            throw new StartupException("The server settings cannot work: " + e.getMessage() + ".", e);
        }
        VoteServer server = VoteServer.start(checked, catalog, progress);
        return new RunningServer(server, catalog, credentials, settings, settings.storageKey());
    }
}
