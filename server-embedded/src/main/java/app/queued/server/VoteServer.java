package app.queued.server;

import app.queued.protocol.Results;
import app.queued.server.cache.RedisRoomCache;
import app.queued.server.cache.RoomCache;
import app.queued.protocol.Codec;
import app.queued.server.catalog.CatalogResources;
import app.queued.server.catalog.TrackCatalog;
import app.queued.server.cluster.ClusterNode;
import app.queued.server.cluster.NodeIds;
import app.queued.server.cluster.NodeThreads;
import app.queued.server.embedded.EmbeddedServices;
import app.queued.server.embedded.StartupException;
import app.queued.server.events.EventFanout;
import app.queued.server.events.RedisEventFanout;
import app.queued.server.room.Presence;
import app.queued.server.room.RoomService;
import app.queued.server.store.Database;
import app.queued.server.store.NodeStore;
import app.queued.server.store.RoomStore;
import app.queued.server.store.Tokens;
import app.queued.server.transport.WsTransport;
import app.queued.server.web.OriginPolicy;
import app.queued.server.web.WebFiles;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.SQLException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The vote server, started and stopped in-process by the host app or by the headless {@link Main}. Start is
 * all-or-nothing: whatever started is stopped again when a later part fails.
 */
public final class VoteServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VoteServer.class);
    public static final String NAME = "queued/0.1";

    private final ServerConfig config;
    private final TrackCatalog catalog;
    private EmbeddedServices embedded;
    private Database database;
    private RoomCache cache;
    private EventFanout fanout;
    private RoomService rooms;
    private WsTransport transport;
    private ClusterNode cluster;
    private String nodeId;
    private String adminToken;
    private boolean closed;
    private boolean catalogAttached;

    private VoteServer(ServerConfig config, TrackCatalog catalog) {
        this.config = Objects.requireNonNull(config, "config");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * Starts storage, cache and the WebSocket endpoint; one clear sentence when something cannot start.
     *
     * @param catalog where track metadata comes from; attached to this server's storage while it runs, detached
     *                when it stops (and may be attached to a later server again)
     */
    public static VoteServer start(ServerConfig config, TrackCatalog catalog) throws StartupException {
        return start(config, catalog, StartupProgress.none());
    }

    /** Like {@link #start(ServerConfig, TrackCatalog)}, telling {@code progress} as each part starts and is ready. */
    public static VoteServer start(ServerConfig config, TrackCatalog catalog, StartupProgress progress)
            throws StartupException {
        VoteServer server = new VoteServer(config, catalog);
        try {
            server.startParts(progress);
            return server;
        } catch (StartupException e) {
            server.close();
            throw e;
        } catch (RuntimeException e) {
            server.close();
            throw new StartupException("The vote server could not start: " + rootMessage(e), e);
        }
    }

    private void startParts(StartupProgress progress) throws StartupException {
        long t0 = System.nanoTime();
        String dbUrl = config.dbUrl();
        String dbUser = config.dbUser();
        String redisUrl = config.redisUrl();
        if (config.embedded()) {
            embedded = EmbeddedServices.start(config.dataDir(), progress);
            dbUrl = embedded.postgres().jdbcUrl();
            dbUser = embedded.postgres().user();
            redisUrl = embedded.redis().url();
        } else {
            progress.started(StartupProgress.Part.DATABASE);
        }
        long storeStart = System.nanoTime();
        if (config.embedded()) {
            progress.started(StartupProgress.Part.STORE);
        }
        try {
            database = Database.open(dbUrl, dbUser, config.dbPassword(), config.dbPoolSize());
        } catch (RuntimeException e) {
            throw new StartupException("Queued cannot use the database at " + redact(dbUrl) + ": "
                    + rootMessage(e), e);
        }
        if (!config.embedded()) {
            progress.finished(StartupProgress.Part.DATABASE, java.time.Duration.ofNanos(System.nanoTime() - storeStart));
            progress.started(StartupProgress.Part.STORE);
        }
        progress.finished(StartupProgress.Part.STORE, java.time.Duration.ofNanos(System.nanoTime() - storeStart));
        long cacheStart = System.nanoTime();
        if (!config.embedded()) {
            progress.started(StartupProgress.Part.CACHE);
        }
        cache = redisUrl == null ? RoomCache.none() : new RedisRoomCache(redisUrl, config.redisPrefix());
        if (redisUrl != null && !cache.available()) {
            log.warn("Redis at {} is not reachable; running from PostgreSQL alone until it is", redact(redisUrl));
        }
        if (!config.embedded()) {
            progress.finished(StartupProgress.Part.CACHE, java.time.Duration.ofNanos(System.nanoTime() - cacheStart));
        }
        long serverStart = System.nanoTime();
        progress.started(StartupProgress.Part.SERVER);
        catalog.attach(new CatalogResources(database.dataSource(), redisUrl, config.redisPrefix()));
        catalogAttached = true;
        // External storage may be shared by several nodes: presence in PostgreSQL, events fanned out over Redis.
        // The embedded default is one node: presence follows its connections, nothing to fan out.
        boolean shared = !config.embedded();
        Presence presence = Presence.thisNodeOnly();
        fanout = EventFanout.local();
        if (shared) {
            nodeId = config.cluster().nodeId() != null ? config.cluster().nodeId() : NodeIds.defaultId();
            MDC.put(NodeThreads.MDC_KEY, nodeId);
            presence = Presence.shared(nodeId, config.cluster().deadAfterSeconds());
            if (redisUrl != null) {
                fanout = new RedisEventFanout(redisUrl, config.redisPrefix(), nodeId);
            }
        }
        adminToken = config.adminToken() != null ? config.adminToken() : Tokens.newToken();
        transport = new WsTransport(new InetSocketAddress(config.bindAddress(), config.port()), NAME,
                config.limits(), WebFiles.packaged().withHealth(health()),
                OriginPolicy.forThisMachine(config.webOrigins()));
        rooms = new RoomService(new RoomStore(database), cache, fanout, catalog, config.roomSettings(),
                transport, adminToken, config.workerThreads(), presence, nodeId);
        transport.setRoomService(rooms);
        if (shared) {
            try {
                cluster = ClusterNode.start(config.cluster(), nodeId, new NodeStore(database), rooms, fanout);
            } catch (SQLException e) {
                throw new StartupException("Queued cannot register this node in the database: " + rootMessage(e), e);
            }
        }
        try {
            transport.startAndWait(10_000);
        } catch (BindException e) {
            throw new StartupException("Port " + config.port() + " is already in use; close the other program "
                    + "or choose another port.", e);
        } catch (Exception e) {
            throw new StartupException("The vote server could not listen on " + config.bindAddress() + ":"
                    + config.port() + ": " + rootMessage(e), e);
        }
        progress.finished(StartupProgress.Part.SERVER, java.time.Duration.ofNanos(System.nanoTime() - serverStart));
        log.info("Vote server listening on {}:{} ({} storage, cache {}{}) in {} ms", config.bindAddress(), port(),
                config.embedded() ? "embedded" : "external", cache.available() ? "on" : "off",
                nodeId == null ? "" : ", node " + nodeId + ", fan-out " + (fanout instanceof RedisEventFanout
                        ? "over Redis" : "off: no Redis, the nodes poll PostgreSQL"),
                (System.nanoTime() - t0) / 1_000_000);
        MDC.remove(NodeThreads.MDC_KEY);
    }

    /** What a load balancer polls: unhealthy while this node cannot reach PostgreSQL (its heartbeat fails). */
    private WebFiles.Health health() {
        return new WebFiles.Health() {
            @Override
            public boolean ok() {
                ClusterNode node = cluster;
                return node == null || node.databaseReachable();
            }

            @Override
            public String json() {
                ClusterNode node = cluster;
                RoomService service = rooms;
                if (node == null || service == null) {
                    return WebFiles.Health.ALWAYS_OK.json();
                }
                ObjectNode json = Codec.mapper().createObjectNode();
                json.put("status", node.databaseReachable() ? "ok" : "unavailable");
                json.put("node", node.nodeId());
                json.put("database", node.databaseReachable() ? "ok" : "unreachable");
                json.put("fanout", fanout instanceof RedisEventFanout
                        ? (fanout.connected() ? "connected" : "disconnected") : "off");
                ObjectNode counters = json.putObject("counters");
                service.counters().snapshot().forEach(counters::put);
                return json.toString();
            }
        };
    }

    /** This node's id when its storage is external (shared), else null. */
    public String nodeId() {
        return nodeId;
    }

    /**
     * Stops as {@code kill -9} would, for tests of a node's death: connections drop without a close frame, no
     * leave is written, the node says no goodbye (the others reap its presence after the time-out), nothing waits.
     */
    public synchronized void halt() {
        if (closed) {
            return;
        }
        closed = true;
        if (cluster != null) {
            cluster.halt();
        }
        if (rooms != null) {
            rooms.halt();
        }
        if (fanout != null) {
            fanout.close();
        }
        if (transport != null) {
            transport.halt();
        }
        if (catalogAttached) {
            catalog.detach();
        }
        if (cache != null) {
            cache.close();
        }
        if (database != null) {
            database.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    public int port() {
        return transport.getPort();
    }

    /** ws://host:port for clients on this machine. */
    public URI localUri() {
        return URI.create("ws://127.0.0.1:" + port());
    }

    /** Lets a client create rooms remotely ({@code createRoom}); never sent to guests. */
    public String adminToken() {
        return adminToken;
    }

    public Results.RoomCreated createRoom(String name) throws SQLException {
        return rooms.createRoom(name);
    }

    /** False while Redis is unreachable (votes still commit; the host should see a warning). */
    public boolean cacheAvailable() {
        return cache.available();
    }

    public Database database() {
        return database;
    }

    public RoomService rooms() {
        return rooms;
    }

    /** Stops everything this server started, in reverse order; safe to call twice and from any thread but FX. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (transport != null) {
            transport.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (rooms != null) {
            rooms.close();
        }
        if (fanout != null) {
            fanout.close();
        }
        if (catalogAttached) {
            catalog.detach();
        }
        if (cache != null) {
            cache.close();
        }
        if (database != null) {
            database.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Strips credentials from a URL before it reaches a log or a message. */
    static String redact(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//[^/@]*@", "//***@");
    }
}
