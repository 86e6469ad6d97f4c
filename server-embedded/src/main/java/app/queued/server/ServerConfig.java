package app.queued.server;

import app.queued.server.catalog.TrackCatalog;
import app.queued.server.cluster.ClusterSettings;
import app.queued.server.room.RoomSettings;
import app.queued.server.transport.WsTransport;
import java.nio.file.Path;
import java.util.List;

/**
 * How to run a {@link VoteServer}. With {@code dbUrl} null the server starts its own embedded PostgreSQL and
 * Redis in {@code dataDir}; with {@code dbUrl} set it uses that PostgreSQL and {@code redisUrl} (null: no cache).
 *
 * @param bindAddress  e.g. 0.0.0.0 for the LAN, 127.0.0.1 for tests
 * @param port         0 picks a free port
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
        TrackCatalog catalog,
        WsTransport.Limits limits,
        RoomSettings roomSettings,
        int workerThreads,
        int dbPoolSize,
        String redisPrefix,
        List<String> webOrigins,
        ClusterSettings cluster) {

    public ServerConfig {
        webOrigins = webOrigins == null ? List.of() : List.copyOf(webOrigins);
        cluster = cluster == null ? ClusterSettings.defaults() : cluster;
    }

    public static final int DEFAULT_PORT = 7765;

    /** The defaults of the host app: LAN, default port, embedded storage, the given catalog. */
    public static ServerConfig defaults(Path dataDir, TrackCatalog catalog) {
        return new ServerConfig("0.0.0.0", DEFAULT_PORT, null, null, null, null, dataDir, null, catalog,
                WsTransport.Limits.defaults(), RoomSettings.defaults(), 4, 8, "queued:", List.of(), ClusterSettings.defaults());
    }

    public boolean embedded() {
        return dbUrl == null;
    }

    public ServerConfig withBind(String address, int newPort) {
        return new ServerConfig(address, newPort, dbUrl, dbUser, dbPassword, redisUrl, dataDir, adminToken, catalog,
                limits, roomSettings, workerThreads, dbPoolSize, redisPrefix, webOrigins, cluster);
    }

    /** External storage; redisUrl may be null for none. */
    public ServerConfig withExternal(String newDbUrl, String user, String password, String newRedisUrl) {
        return new ServerConfig(bindAddress, port, newDbUrl, user, password, newRedisUrl, dataDir, adminToken,
                catalog, limits, roomSettings, workerThreads, dbPoolSize, redisPrefix, webOrigins, cluster);
    }

    public ServerConfig withAdminToken(String token) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, redisUrl, dataDir, token, catalog,
                limits, roomSettings, workerThreads, dbPoolSize, redisPrefix, webOrigins, cluster);
    }

    public ServerConfig withLimits(WsTransport.Limits newLimits) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, redisUrl, dataDir, adminToken, catalog,
                newLimits, roomSettings, workerThreads, dbPoolSize, redisPrefix, webOrigins, cluster);
    }

    public ServerConfig withRoomSettings(RoomSettings settings) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, redisUrl, dataDir, adminToken, catalog,
                limits, settings, workerThreads, dbPoolSize, redisPrefix, webOrigins, cluster);
    }

    public ServerConfig withRedisUrl(String url) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, url, dataDir, adminToken, catalog,
                limits, roomSettings, workerThreads, dbPoolSize, redisPrefix, webOrigins, cluster);
    }

    public ServerConfig withCatalog(TrackCatalog newCatalog) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, redisUrl, dataDir, adminToken, newCatalog,
                limits, roomSettings, workerThreads, dbPoolSize, redisPrefix, webOrigins, cluster);
    }

    public ServerConfig withRedisPrefix(String prefix) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, redisUrl, dataDir, adminToken, catalog,
                limits, roomSettings, workerThreads, dbPoolSize, prefix, webOrigins, cluster);
    }

    public ServerConfig withWebOrigins(List<String> origins) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, redisUrl, dataDir, adminToken, catalog,
                limits, roomSettings, workerThreads, dbPoolSize, redisPrefix, origins, cluster);
    }

    public ServerConfig withCluster(ClusterSettings settings) {
        return new ServerConfig(bindAddress, port, dbUrl, dbUser, dbPassword, redisUrl, dataDir, adminToken, catalog,
                limits, roomSettings, workerThreads, dbPoolSize, redisPrefix, webOrigins, settings);
    }
}
