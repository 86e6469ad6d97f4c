package app.queued.host.settings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What the host chose in Settings; kept in {@value SettingsStore#FILE_NAME} in the app-data folder.
 *
 * @param storage     {@code embedded} (Queued's own PostgreSQL and Redis) or {@code external}
 * @param dbUrl       external PostgreSQL, {@code postgresql://user@host:5432/db} or a JDBC URL
 * @param dbPassword  its password, if the URL has none (the file is readable only by the user)
 * @param redisUrl    external Redis, {@code redis://host:6379}; empty for none
 * @param port        the port guests connect to (0: any free port)
 * @param catalog     {@code demo} (offline demo catalog) or {@code youtube}
 * @param oauthClientId     the host's own Google "Desktop app" OAuth client, for "Sign in with Google"
 * @param oauthClientSecret its secret (Google's installed-app secrets are not really secret)
 * @param advertise   announce the room on the local network so the guest app lists it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostSettings(String storage, String dbUrl, String dbPassword, String redisUrl, int port,
                           String catalog, String oauthClientId, String oauthClientSecret, boolean advertise) {

    public static final String EMBEDDED = "embedded";
    public static final String EXTERNAL = "external";
    public static final String DEMO = "demo";
    public static final String YOUTUBE = "youtube";
    public static final int DEFAULT_PORT = 7765;

    public static final HostSettings DEFAULTS = new HostSettings(EMBEDDED, null, null, null, DEFAULT_PORT, DEMO, null,
            null, true);

    public HostSettings {
        storage = EXTERNAL.equals(storage) ? EXTERNAL : EMBEDDED;
        catalog = YOUTUBE.equals(catalog) ? YOUTUBE : DEMO;
        dbUrl = blankToNull(dbUrl);
        dbPassword = blankToNull(dbPassword);
        redisUrl = blankToNull(redisUrl);
        oauthClientId = blankToNull(oauthClientId);
        oauthClientSecret = blankToNull(oauthClientSecret);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("The port must be between 0 and 65535.");
        }
    }

    public boolean embedded() {
        return EMBEDDED.equals(storage);
    }

    public HostSettings withPort(int newPort) {
        return new HostSettings(storage, dbUrl, dbPassword, redisUrl, newPort, catalog, oauthClientId,
                oauthClientSecret, advertise);
    }

    public HostSettings withAdvertise(boolean on) {
        return new HostSettings(storage, dbUrl, dbPassword, redisUrl, port, catalog, oauthClientId,
                oauthClientSecret, on);
    }

    /** What decides which rooms can be reopened: rooms live in one database. */
    public String storageKey() {
        return embedded() ? EMBEDDED : "external:" + dbUrl;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
