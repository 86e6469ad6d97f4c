package app.queued.server;

import app.queued.protocol.Results;
import app.queued.server.cache.RedisRoomCache;
import app.queued.server.cache.RoomCache;
import app.queued.server.catalog.CatalogResources;
import app.queued.server.embedded.EmbeddedServices;
import app.queued.server.embedded.StartupException;
import app.queued.server.events.EventFanout;
import app.queued.server.room.RoomService;
import app.queued.server.store.Database;
import app.queued.server.store.RoomStore;
import app.queued.server.store.Tokens;
import app.queued.server.transport.WsTransport;
import app.queued.server.web.OriginPolicy;
import app.queued.server.web.WebFiles;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vote server, started and stopped in-process by the host app or by the headless {@link Main}. Start is
 * all-or-nothing: whatever started is stopped again when a later part fails.
 */
public final class VoteServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VoteServer.class);
    public static final String NAME = "queued/0.1";

    private final ServerConfig config;
    private EmbeddedServices embedded;
    private Database database;
    private RoomCache cache;
    private EventFanout fanout;
    private RoomService rooms;
    private WsTransport transport;
    private String adminToken;
    private boolean closed;
    private boolean catalogAttached;

    private VoteServer(ServerConfig config) {
        this.config = config;
    }

    /** Starts storage, cache and the WebSocket endpoint; one clear sentence when something cannot start. */
    public static VoteServer start(ServerConfig config) throws StartupException {
        return start(config, StartupProgress.none());
    }

    /** Like {@link #start(ServerConfig)}, telling {@code progress} as each part starts and is ready. */
    public static VoteServer start(ServerConfig config, StartupProgress progress) throws StartupException {
        VoteServer server = new VoteServer(config);
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
        config.catalog().attach(new CatalogResources(database.dataSource(), redisUrl, config.redisPrefix()));
        catalogAttached = true;
        fanout = EventFanout.local();
        adminToken = config.adminToken() != null ? config.adminToken() : Tokens.newToken();
        transport = new WsTransport(new InetSocketAddress(config.bindAddress(), config.port()), NAME,
                config.limits(), WebFiles.packaged(), OriginPolicy.forThisMachine(config.webOrigins()));
        rooms = new RoomService(new RoomStore(database), cache, fanout, config.catalog(), config.roomSettings(),
                transport, adminToken, config.workerThreads());
        transport.setRoomService(rooms);
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
        log.info("Vote server listening on {}:{} ({} storage, cache {}) in {} ms", config.bindAddress(), port(),
                config.embedded() ? "embedded" : "external", cache.available() ? "on" : "off",
                (System.nanoTime() - t0) / 1_000_000);
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
        if (rooms != null) {
            rooms.close();
        }
        if (fanout != null) {
            fanout.close();
        }
        if (catalogAttached) {
            config.catalog().detach();
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
