package app.queued.server.embedded;

import app.queued.server.StartupProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's built-in PostgreSQL and Redis, started side by side. Nothing is registered globally
 * (no shutdown hook): whoever starts this must close it.
 */
public final class EmbeddedServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServices.class);

    /** Folder under the app-data folder that holds PostgreSQL's data. */
    static final String POSTGRES_DIR = "postgres";

    private final LocalPostgres postgres;
    private final LocalRedis redis;

    private EmbeddedServices(LocalPostgres postgres, LocalRedis redis) {
        this.postgres = postgres;
        this.redis = redis;
    }

    /**
     * Starts both services in parallel. {@code appDataDir} is Queued's data folder (see
     * {@link app.queued.appdata.AppData#defaultDir()}); PostgreSQL keeps its data in {@code appDataDir/postgres}.
     * If either fails, the other is stopped before the failure is thrown.
     */
    public static EmbeddedServices start(Path appDataDir) throws StartupException {
        return start(appDataDir, StartupProgress.none());
    }

    /**
     * Like {@link #start(Path)}, telling {@code progress} when each service starts and is ready. Redis records its
     * process in {@code appDataDir} so that one orphaned by a crash is stopped at the next start.
     */
    public static EmbeddedServices start(Path appDataDir, StartupProgress progress) throws StartupException {
        long started = System.nanoTime();
        LocalRedis.prepare(); // before PostgreSQL starts its processes: see RedisBinary
        CompletableFuture<LocalPostgres> pg = CompletableFuture.supplyAsync(
                timed("PostgreSQL", StartupProgress.Part.DATABASE, progress,
                        () -> LocalPostgres.start(appDataDir.resolve(POSTGRES_DIR))), thread("queued-start-postgres"));
        CompletableFuture<LocalRedis> redis = CompletableFuture.supplyAsync(
                timed("Redis", StartupProgress.Part.CACHE, progress, () -> LocalRedis.start(appDataDir)),
                thread("queued-start-redis"));

        // Wait for both before deciding, so a failure on one side never leaves the other running.
        LocalPostgres pgResult = null;
        LocalRedis redisResult = null;
        StartupException failure = null;
        try {
            pgResult = pg.join();
        } catch (CompletionException e) {
            failure = asStartup(e.getCause());
        }
        try {
            redisResult = redis.join();
        } catch (CompletionException e) {
            StartupException redisFailure = asStartup(e.getCause());
            if (failure == null) {
                failure = redisFailure;
            } else {
                failure.addSuppressed(redisFailure);
            }
        }
        if (failure != null) {
            if (pgResult != null) {
                pgResult.close();
            }
            if (redisResult != null) {
                redisResult.close();
            }
            throw failure;
        }
        LOG.info("Built-in services ready in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
        return new EmbeddedServices(pgResult, redisResult);
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    public LocalRedis redis() {
        return redis;
    }

    /** Stops both; safe to call more than once. */
    @Override
    public void close() {
        try {
            redis.close();
        } finally {
            postgres.close();
        }
    }

    private interface Starter<T> {
        T start() throws StartupException;
    }

    private static <T> Supplier<T> timed(String name, StartupProgress.Part part, StartupProgress progress,
                                         Starter<T> starter) {
        return () -> {
            long t0 = System.nanoTime();
            try {
                progress.started(part);
                T result = starter.start();
                progress.finished(part, Duration.ofNanos(System.nanoTime() - t0));
                LOG.info("{} started in {} ms", name, Duration.ofNanos(System.nanoTime() - t0).toMillis());
                return result;
            } catch (StartupException e) {
                LOG.warn("{} failed to start after {} ms: {}", name, Duration.ofNanos(System.nanoTime() - t0).toMillis(),
                        e.getMessage(), e);
                throw new CompletionException(e);
            }
        };
    }

    /** One named thread per task: there are only two, and a name makes thread dumps readable. */
    private static Executor thread(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            t.start();
        };
    }

    private static StartupException asStartup(Throwable cause) {
        if (cause instanceof StartupException e) {
            return e;
        }
        return new StartupException("Queued's built-in services could not start because of an internal error.", cause);
    }
}
