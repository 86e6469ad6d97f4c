package app.queued.server.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.embedded.RedisServer;

/** Queued's own Redis (embedded-redis) on 127.0.0.1 and a free port, keeping nothing on disk. */
public final class LocalRedis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRedis.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    static final String PORT_TAKEN =
            "Queued could not get a free network port for its message service; close other programs or restart the computer and try again.";
    static final String UNSUPPORTED =
            "The built-in message service is not available for this computer; set QUEUED_REDIS_URL to an existing Redis server.";

    private final RedisServer server;
    private final int port;
    private final Optional<ProcessHandle> process;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Path recordDir;
    private FileChannel recordLock;

    private LocalRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
        this.process = findServerProcess(port);
    }

    /**
     * Starts Redis and records its process in {@code appDataDir} ({@code redis.pid}); a Redis an earlier Queued left
     * running there after a crash is stopped first. When another running Queued holds that folder, Redis starts
     * without a record (a second copy of Queued fails on PostgreSQL's lock anyway).
     */
    public static LocalRedis start(Path appDataDir) throws StartupException {
        FileChannel lock = null;
        try {
            lock = StaleRedis.lock(appDataDir);
        } catch (IOException e) {
            LOG.warn("Cannot lock {} for the Redis record: {}", appDataDir, e.getMessage());
        }
        if (lock != null) {
            StaleRedis.stopIfRunning(appDataDir);
        }
        LocalRedis redis;
        try {
            redis = start();
        } catch (StartupException | RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
        if (lock != null) {
            redis.recordDir = appDataDir;
            redis.recordLock = lock;
            redis.process.ifPresent(p -> StaleRedis.record(appDataDir, p.pid(), redis.port));
        }
        return redis;
    }

    public static LocalRedis start() throws StartupException {
        long started = System.nanoTime();
        Exception last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            int port;
            RedisServer server;
            try {
                port = Loopback.freePort();
                server = RedisServer.newRedisServer()
                        .executableProvider(RedisBinary::get)
                        .port(port)
                        .bind(Loopback.HOST)
                        .setting("save \"\"")      // rooms live in PostgreSQL; Redis is only a relay
                        .setting("appendonly no")
                        .soutListener(line -> LOG.debug("redis: {}", line))
                        .serrListener(line -> LOG.warn("redis: {}", line))
                        .build();
            } catch (IOException e) {
                throw new StartupException(PORT_TAKEN, e);
            } catch (RuntimeException e) {
                throw new StartupException(UNSUPPORTED, e); // no binary for this OS / CPU
            }
            try {
                server.start();
                LocalRedis redis = new LocalRedis(server, port);
                LOG.info("Redis ready on 127.0.0.1:{} in {} ms", port, Duration.ofNanos(System.nanoTime() - started).toMillis());
                return redis;
            } catch (IOException | RuntimeException e) {
                last = e;
                // embedded-redis forgets a process that never became ready; make sure it is gone.
                findServerProcess(port).ifPresent(p -> Processes.stop(p, Duration.ZERO, STOP_WAIT));
                if (!portTaken(e)) {
                    break;
                }
                LOG.info("Port {} was taken before Redis could bind it (attempt {})", port, attempt);
            }
        }
        throw new StartupException(portTaken(last) ? PORT_TAKEN
                : "The built-in message service (Redis) could not start: " + shortReason(last) + ".", last);
    }

    /**
     * Writes the Redis binary out now, while nothing else starts processes; the next {@link #start} runs it without
     * writing it again (see {@link RedisBinary}). A failure here is left for {@link #start} to report.
     */
    public static void prepare() {
        try {
            RedisBinary.get();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not write the Redis binary ahead of its start: {}", e.toString());
        }
    }

    /** {@code redis://127.0.0.1:<port>} */
    public String url() {
        return "redis://" + Loopback.HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Stops Redis; safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.stop();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Stopping Redis on port {} failed", port, e);
        }
        process.ifPresent(p -> {
            if (!Processes.stop(p, STOP_WAIT, STOP_WAIT)) {
                LOG.error("redis-server (pid {}) is still running after stop", p.pid());
            }
        });
        if (recordDir != null) {
            StaleRedis.clear(recordDir);
            closeQuietly(recordLock);
        }
        LOG.info("Redis on port {} stopped", port);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing the Redis record lock", e);
        }
    }

    /**
     * embedded-redis unpacks redis-server into a new private temporary folder at every start (a shared one could
     * be swapped for another program, or be in use by a running copy) and never removes it: about 10 MB left
     * behind by every start. This provider remembers the folder so that stopping Redis removes it again.
     */
    /** Our redis-server child for this port (embedded-redis does not expose its Process). */
    private static Optional<ProcessHandle> findServerProcess(int port) {
        return ProcessHandle.current().children()
                .filter(p -> Processes.executableName(p).startsWith("redis-server"))
                .filter(p -> Processes.servesPort(p, port))
                .findFirst();
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("address already in use") || m.contains("could not create server tcp listening socket")) {
                return true;
            }
        }
        return false;
    }

    private static String shortReason(Throwable e) {
        String reason = e == null ? "unknown error" : String.valueOf(e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage();
            }
        }
        reason = reason.strip().replaceAll("\\s+", " ");
        return reason.length() > 160 ? reason.substring(0, 159) + "…" : reason;
    }
}
