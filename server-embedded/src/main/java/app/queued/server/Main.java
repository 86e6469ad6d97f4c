package app.queued.server;

import app.queued.protocol.Results;
import app.queued.server.catalog.DemoCatalog;
import app.queued.server.catalog.TrackCatalog;
import app.queued.server.catalog.youtube.YouTubeCatalog;
import app.queued.server.catalog.youtube.YouTubeCredentials;
import app.queued.appdata.AppData;
import app.queued.server.embedded.StartupException;
import app.queued.server.room.RoomSettings;
import app.queued.server.transport.WsTransport;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The headless vote server for a dedicated machine (and the benchmark). */
@Command(name = "queued-server", mixinStandardHelpOptions = true, version = VoteServer.NAME,
        description = "Runs the Queued vote server without a window. By default it starts its own PostgreSQL and "
                + "Redis in the data folder; set QUEUED_DB_URL / QUEUED_REDIS_URL to use existing servers.")
public final class Main implements Callable<Integer> {

    @Option(names = "--port", description = "WebSocket port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port = ServerConfig.DEFAULT_PORT;

    @Option(names = "--bind", description = "Address to listen on. Default: ${DEFAULT-VALUE} (the whole LAN).")
    String bind = "0.0.0.0";

    @Mixin
    StorageOptions storage = new StorageOptions();

    @Option(names = "--node-id", defaultValue = "${env:QUEUED_NODE_ID}",
            description = "This node's name in logs, /health and the database, when several servers share one "
                    + "--db-url. Default: host name and process id. Env: QUEUED_NODE_ID.")
    String nodeId;

    @Option(names = "--admin-token", defaultValue = "${env:QUEUED_ADMIN_TOKEN}",
            description = "Token that lets a client create rooms (createRoom). Default: a random one, printed.")
    String adminToken;

    @Option(names = "--room", description = "Create a room with this name at start and print its join code.")
    String roomName;

    @Option(names = "--catalog", description = "Track catalog: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}. "
            + "youtube uses --youtube-api-key, else the credentials stored in the app-data folder.")
    CatalogChoice catalog = CatalogChoice.demo;

    @Option(names = "--youtube-api-key", defaultValue = "${env:QUEUED_YOUTUBE_API_KEY}",
            description = "YouTube Data API key for --catalog youtube (not stored). Env: QUEUED_YOUTUBE_API_KEY.")
    String youtubeApiKey;

    @Option(names = "--youtube-region", description = "Country whose YouTube availability counts (ISO code). "
            + "Default: this machine's locale, else US.")
    String youtubeRegion;

    @Option(names = "--rate", description = "Messages per second each connection may send. Default: ${DEFAULT-VALUE}.")
    double rate = WsTransport.Limits.defaults().messagesPerSecond();

    @Option(names = "--burst", description = "Messages a connection may send at once. Default: ${DEFAULT-VALUE}.")
    int burst = WsTransport.Limits.defaults().burst();

    @Option(names = "--spacing-us", description = "A room's broadcasts are at least (its connections × this many µs) "
            + "apart, so votes that arrive meanwhile share one commit and one frame. Default: ${DEFAULT-VALUE}.")
    double spacingMicros = RoomSettings.defaults().spacingMicrosPerConnection();

    @Option(names = "--max-spacing-us", description = "... but at most this many µs apart, however big the room. "
            + "Default: ${DEFAULT-VALUE}.")
    long maxSpacingMicros = RoomSettings.defaults().maxSpacingMicros();

    @Option(names = "--worker-threads", description = "Threads that run the rooms' batches (each waits on its "
            + "commit's round trip, so more threads let more rooms commit at once). Default: ${DEFAULT-VALUE}.")
    int workerThreads = ServerConfig.DEFAULT_WORKER_THREADS;

    @Option(names = "--db-pool", description = "PostgreSQL connections this server keeps at most. "
            + "Default: ${DEFAULT-VALUE}.")
    int dbPoolSize = ServerConfig.DEFAULT_DB_POOL_SIZE;

    @Option(names = "--web-origin", split = ",", description = "A browser origin (e.g. https://party.example.com) "
            + "whose pages may open WebSockets, besides this server's own addresses. Repeatable.")
    java.util.List<String> webOrigins = new java.util.ArrayList<>();

    enum CatalogChoice { demo, youtube }

    /** Its logging configuration (the library ships none: each app brings its own). */
    static final String LOGBACK_CONFIG = "app/queued/server/logback-server.xml";

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG); // before the first logger
        }
        System.exit(new CommandLine(new Main()).execute(args));
    }

    TrackCatalog catalog() {
        if (catalog == CatalogChoice.demo) {
            return new DemoCatalog();
        }
        YouTubeCredentials credentials = youtubeApiKey != null && !youtubeApiKey.isBlank()
                ? YouTubeCredentials.apiKeyOnly(youtubeApiKey)
                : YouTubeCredentials.inFolder(AppData.defaultDir());
        if (credentials.mode() == YouTubeCredentials.Mode.NONE) {
            System.err.println("YouTube is not set up: pass --youtube-api-key (or QUEUED_YOUTUBE_API_KEY), or sign in "
                    + "from the host app. Guests' searches will say so.");
        }
        YouTubeCatalog.Builder builder = YouTubeCatalog.builder(credentials);
        if (youtubeRegion != null) {
            builder.region(youtubeRegion);
        }
        return builder.build();
    }

    /** The options as one checked configuration. @throws IllegalArgumentException naming the wrong option */
    ServerConfig config() {
        ServerConfig.Builder config = storage.applyTo(ServerConfig.builder())
                .withBind(bind, port)
                .withAdminToken(adminToken)
                .withLimits(new WsTransport.Limits(rate, burst, Math.max(200, burst * 2)))
                .withRoomSettings(RoomSettings.defaults().withSpacing(spacingMicros, maxSpacingMicros))
                .withWebOrigins(webOrigins)
                .withWorkerThreads(workerThreads)
                .withDbPoolSize(dbPoolSize);
        if (storage.redisWithoutDatabase()) {
            System.err.println("--redis-url applies only with --db-url (the embedded storage starts its own); ignored.");
        }
        if (nodeId != null && !nodeId.isBlank()) {
            if (config.dbUrl() != null) {
                config.withCluster(config.cluster().withNodeId(nodeId.strip()));
            } else {
                System.err.println("--node-id applies only with --db-url (several servers on one database); ignored.");
            }
        }
        return config.build();
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            System.err.println("Queued could not start: " + e.getMessage());
            return 2;
        }
        TrackCatalog trackCatalog = catalog();
        VoteServer server;
        try {
            server = VoteServer.start(config, trackCatalog);
        } catch (StartupException e) {
            System.err.println("Queued could not start: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "queued-shutdown"));
        String where = (bind.equals("0.0.0.0") ? "<this machine>" : bind) + ":" + server.port();
        System.out.println("Queued vote server: ws://" + where + " (catalog: " + trackCatalog.name() + ")");
        System.out.println("Phones join at http://" + where + "/");
        if (adminToken == null) {
            System.out.println("Admin token (lets a client create rooms): " + server.adminToken());
        }
        if (roomName != null) {
            Results.RoomCreated room = server.createRoom(roomName);
            System.out.println("Room \"" + room.name() + "\": join code " + room.joinCode()
                    + " — host token " + room.hostToken());
        }
        System.out.println("READY " + server.localUri());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
