package app.queued.bench;

import app.queued.server.embedded.LocalPostgres;
import app.queued.server.embedded.LocalRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One PostgreSQL and one Redis for several vote server nodes, as a deployment would run them beside the nodes:
 * the same embedded binaries the single-node server starts for itself (the same settings), started by the bench
 * in a fresh folder and stopped (and deleted) with {@link #close()}.
 */
final class SharedStorage implements AutoCloseable {
    private final Path dir;
    private final LocalPostgres postgres;
    private final LocalRedis redis;
    private final Path keepLogAs;

    private SharedStorage(Path dir, LocalPostgres postgres, LocalRedis redis, Path keepLogAs) {
        this.dir = dir;
        this.postgres = postgres;
        this.redis = redis;
        this.keepLogAs = keepLogAs;
    }

    /** @param keepLogAs where PostgreSQL's log (checkpoints, autovacuum, slow statements) is kept when it stops */
    static SharedStorage start(Path keepLogAs) throws Exception {
        Path dir = Files.createTempDirectory("queued-bench-storage-");
        LocalPostgres postgres = LocalPostgres.start(dir.resolve("postgres"));
        try {
            LocalRedis redis = LocalRedis.start();
            SharedStorage storage = new SharedStorage(dir, postgres, redis, keepLogAs);
            Runtime.getRuntime().addShutdownHook(new Thread(storage::close, "bench-stop-storage"));
            return storage;
        } catch (Exception e) {
            postgres.close();
            throw e;
        }
    }

    String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    String redisUrl() {
        return redis.url();
    }

    /** PostgreSQL (postmaster and backends) and Redis, for the CPU they use. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        try {
            String pid = Files.readAllLines(dir.resolve("postgres").resolve("postmaster.pid")).get(0).strip();
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(pm -> {
                all.add(pm);
                all.addAll(pm.descendants().toList());
            });
        } catch (IOException | RuntimeException e) {
            // no PostgreSQL process to count
        }
        // the bench starts one Redis, as its own child
        ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false))
                .forEach(all::add);
        return all;
    }

    @Override
    public synchronized void close() {
        redis.close();
        postgres.close();
        try {
            Files.copy(dir.resolve("postgres.log"), keepLogAs, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // no log to keep
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // a leftover temp folder does no harm
        }
    }
}
