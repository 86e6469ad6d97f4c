package app.queued.server.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unlike PostgreSQL, Redis keeps no pid file of its own, and a redis-server child outlives a host app that crashed
 * (it is re-parented, still bound to its port). So Queued records "pid port" in {@value #PID_FILE} in the app-data
 * folder while Redis runs, holds {@value #LOCK_FILE} meanwhile, and at the next start stops a redis-server still
 * running under that record. Only done while holding the lock, so a second Queued never stops the first one's Redis.
 */
final class StaleRedis {

    private static final Logger LOG = LoggerFactory.getLogger(StaleRedis.class);
    static final String PID_FILE = "redis.pid";
    static final String LOCK_FILE = "redis.lock";
    private static final Duration POLITE = Duration.ofSeconds(5);
    private static final Duration FORCED = Duration.ofSeconds(5);

    private StaleRedis() {
    }

    /** The lock on {@code dir/redis.lock}, or null when another running Queued holds it. */
    static FileChannel lock(Path dir) throws IOException {
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return null;
            }
            return channel;
        } catch (OverlappingFileLockException | IOException e) {
            channel.close();
            return null;
        }
    }

    /** Stops the redis-server named in the record, if it still runs; removes the record. Call with the lock held. */
    static void stopIfRunning(Path dir) {
        Path file = dir.resolve(PID_FILE);
        Optional<long[]> record = read(file);
        if (record.isEmpty()) {
            return;
        }
        long pid = record.get()[0];
        String port = Long.toString(record.get()[1]);
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(Processes::isRunning);
        if (process.isPresent()) {
            ProcessHandle redis = process.get();
            String name = Processes.executableName(redis);
            if (name.startsWith("redis-server") && Processes.servesPort(redis, (int) record.get()[1])) {
                LOG.warn("Stopping orphaned Redis (pid {}) left running on port {} by an earlier Queued", pid, port);
                if (!Processes.stop(redis, POLITE, FORCED)) {
                    LOG.error("Orphaned Redis (pid {}) is still running", pid);
                }
            } else {
                LOG.info("redis.pid names pid {} ({}), not our Redis; removing the stale record", pid, name);
            }
        }
        clear(dir);
    }

    static void record(Path dir, long pid, int port) {
        try {
            Files.writeString(dir.resolve(PID_FILE), pid + " " + port + "\n");
        } catch (IOException e) {
            LOG.warn("Could not record Redis pid in {}", dir, e);
        }
    }

    static void clear(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(PID_FILE));
        } catch (IOException e) {
            LOG.warn("Could not delete {}", dir.resolve(PID_FILE), e);
        }
    }

    static Optional<long[]> read(Path file) {
        try {
            String[] parts = Files.readString(file).strip().split("\\s+");
            return Optional.of(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
