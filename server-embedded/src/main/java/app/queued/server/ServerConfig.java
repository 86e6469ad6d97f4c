package app.queued.server;

import app.queued.server.cluster.ClusterSettings;
import app.queued.server.room.RoomSettings;
import app.queued.server.transport.WsTransport;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to run a {@link VoteServer}, checked once: every setting is validated here, in the constructor, with a
 * message that names it, and the result cannot change (a record of immutable parts). The host app and the
 * headless {@link Main} assemble one with {@link #builder()}; a mistake surfaces as an
 * {@link IllegalArgumentException} from {@link Builder#build()}, before anything starts.
 *
 * <p>With {@code dbUrl} null the server starts its own embedded PostgreSQL and Redis in {@code dataDir}; with
 * {@code dbUrl} set it uses that PostgreSQL and {@code redisUrl} (null: no cache). The track catalog is not part
 * of the configuration: it is a live object the server attaches and detaches, passed to
 * {@link VoteServer#start(ServerConfig, app.queued.server.catalog.TrackCatalog)} beside it.
 *
 * @param bindAddress  e.g. 0.0.0.0 for the LAN, 127.0.0.1 for tests
 * @param port         0 picks a free port
 * @param dbUrl        external PostgreSQL as a JDBC URL ({@link StorageUrls#jdbc} converts the other forms); null:
 *                     embedded storage in {@code dataDir}
 * @param adminToken   lets a remote client create rooms; null makes a random one
 * @param redisPrefix  key prefix in Redis, so servers or tests can share one Redis
 * @param webOrigins   browser origins allowed to open a WebSocket besides the server's own addresses (e.g. the
 *                     public name of a load balancer: {@code https://party.example.com})
 * @param cluster      node id and timings when several servers share one database (external mode only)
 */
public record ServerConfig(
        String bindAddress,
        int port,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String redisUrl,
        Path dataDir,
        String adminToken,
        WsTransport.Limits limits,
        RoomSettings roomSettings,
        int workerThreads,
        int dbPoolSize,
        String redisPrefix,
        List<String> webOrigins,
        ClusterSettings cluster) {

    public static final int DEFAULT_PORT = 7765;
    public static final int DEFAULT_WORKER_THREADS = 4;
    public static final int DEFAULT_DB_POOL_SIZE = 8;

    public ServerConfig {
        if (bindAddress == null || bindAddress.isBlank() || bindAddress.strip().chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("bind address must be an address of this machine (0.0.0.0 for the "
                    + "LAN, 127.0.0.1 for this machine only), not '" + bindAddress + "'");
        }
        bindAddress = bindAddress.strip();
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) to 65535, not " + port);
        }
        if (dbUrl == null) {
            if (dataDir == null) {
                throw new IllegalArgumentException("data dir is needed for the embedded storage (no db url set)");
            }
            requireExternal("db user", dbUser);
            requireExternal("db password", dbPassword);
            requireExternal("redis url", redisUrl);
            if (cluster != null && cluster.nodeId() != null) {
                throw new IllegalArgumentException("node id applies only with a db url (several servers on one "
                        + "database), not to the embedded storage");
            }
        } else if (!dbUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("db url must be a JDBC URL of PostgreSQL (jdbc:postgresql://host:5432/db;"
                    + " StorageUrls.jdbc converts postgresql://...), not '" + VoteServer.redact(dbUrl) + "'");
        }
        if (redisUrl != null) {
            checkRedisUrl(redisUrl);
        }
        if (adminToken != null && (adminToken.isBlank() || adminToken.chars().anyMatch(Character::isWhitespace))) {
            throw new IllegalArgumentException("admin token must not be empty or contain spaces (leave it out for a "
                    + "random one)");
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits (rate, burst) are missing");
        }
        if (roomSettings == null) {
            throw new IllegalArgumentException("room settings are missing");
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("worker threads must be at least 1, not " + workerThreads);
        }
        if (dbPoolSize < 1) {
            throw new IllegalArgumentException("db pool size must be at least 1, not " + dbPoolSize);
        }
        if (redisPrefix == null || redisPrefix.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("redis prefix must be set and contain no spaces, not '" + redisPrefix
                    + "'");
        }
        webOrigins = webOrigins == null ? List.of() : List.copyOf(webOrigins);
        webOrigins.forEach(ServerConfig::checkOrigin);
        cluster = cluster == null ? ClusterSettings.defaults() : cluster;
    }

    /** A builder with the host app's defaults: the whole LAN, the default port, embedded storage. */
    public static Builder builder() {
        return new Builder();
    }

    public boolean embedded() {
        return dbUrl == null;
    }

    /** Every setting but the secrets (database password, admin token), for logs and messages. */
    @Override
    public String toString() {
        return "ServerConfig[" + bindAddress + ":" + port + ", "
                + (embedded() ? "embedded storage in " + dataDir : "db " + VoteServer.redact(dbUrl)
                + (dbUser == null ? "" : " as " + dbUser) + (dbPassword == null ? "" : " (password set)")
                + ", redis " + (redisUrl == null ? "none" : VoteServer.redact(redisUrl)))
                + ", admin token " + (adminToken == null ? "random" : "set") + ", " + limits + ", " + roomSettings
                + ", workerThreads=" + workerThreads + ", dbPoolSize=" + dbPoolSize + ", redisPrefix=" + redisPrefix
                + ", webOrigins=" + webOrigins + ", " + cluster + "]";
    }

    private static void requireExternal(String name, String value) {
        if (value != null) {
            throw new IllegalArgumentException(name + " applies only with a db url (external storage); the embedded "
                    + "storage starts its own");
        }
    }

    private static void checkRedisUrl(String url) {
        try {
            URI uri = new URI(url);
            if (("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw new IllegalArgumentException("redis url must look like redis://host:6379, not '"
                + VoteServer.redact(url) + "'");
    }

    private static void checkOrigin(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String path = uri.getRawPath();
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && (path == null || path.isEmpty() || path.equals("/")) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return;
            }
        } catch (URISyntaxException | NullPointerException e) {
            // said below
        }
        throw new IllegalArgumentException("web origin must be a scheme and a host (and port), e.g. "
                + "https://party.example.com, not '" + origin + "'");
    }

    /**
     * Collects the settings; {@link #build()} checks them all at once. The setters keep the names of the copy
     * methods ServerConfig once had ({@code withBind}, {@code withExternal}...), and return this builder.
     */
    public static final class Builder {
        private String bindAddress = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private String dbUrl;
        private String dbUser;
        private String dbPassword;
        private String redisUrl;
        private Path dataDir;
        private String adminToken;
        private WsTransport.Limits limits = WsTransport.Limits.defaults();
        private RoomSettings roomSettings = RoomSettings.defaults();
        private int workerThreads = DEFAULT_WORKER_THREADS;
        private int dbPoolSize = DEFAULT_DB_POOL_SIZE;
        private String redisPrefix = "queued:";
        private List<String> webOrigins = new ArrayList<>();
        private ClusterSettings cluster = ClusterSettings.defaults();

        private Builder() {
        }

        public Builder withBind(String address, int newPort) {
            bindAddress = address;
            port = newPort;
            return this;
        }

        /** Where the embedded storage keeps its data (used only without {@link #withExternal}). */
        public Builder withDataDir(Path dir) {
            dataDir = dir;
            return this;
        }

        /** External storage: a JDBC URL; redisUrl may be null for none. */
        public Builder withExternal(String newDbUrl, String user, String password, String newRedisUrl) {
            dbUrl = newDbUrl;
            dbUser = user;
            dbPassword = password;
            redisUrl = newRedisUrl;
            return this;
        }

        public Builder withRedisUrl(String url) {
            redisUrl = url;
            return this;
        }

        public Builder withAdminToken(String token) {
            adminToken = token;
            return this;
        }

        public Builder withLimits(WsTransport.Limits newLimits) {
            limits = newLimits;
            return this;
        }

        public Builder withRoomSettings(RoomSettings settings) {
            roomSettings = settings;
            return this;
        }

        public Builder withWorkerThreads(int threads) {
            workerThreads = threads;
            return this;
        }

        public Builder withDbPoolSize(int size) {
            dbPoolSize = size;
            return this;
        }

        public Builder withRedisPrefix(String prefix) {
            redisPrefix = prefix;
            return this;
        }

        public Builder withWebOrigins(List<String> origins) {
            webOrigins = origins == null ? new ArrayList<>() : new ArrayList<>(origins);
            return this;
        }

        public Builder withCluster(ClusterSettings settings) {
            cluster = settings;
            return this;
        }

        public String dbUrl() {
            return dbUrl;
        }

        public String dbUser() {
            return dbUser;
        }

        public String dbPassword() {
            return dbPassword;
        }

        public String redisUrl() {
            return redisUrl;
        }

        public ClusterSettings cluster() {
            return cluster;
        }

        /** The checked, unchangeable configuration. @throws IllegalArgumentException naming the wrong setting */
        public ServerConfig build() {
            return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, redisUrl, dataDir, adminToken,
                    limits, roomSettings, workerThreads, dbPoolSize, redisPrefix, webOrigins, cluster);
        }
    }
}
