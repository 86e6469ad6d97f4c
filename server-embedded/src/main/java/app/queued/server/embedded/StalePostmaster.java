package app.queued.server.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After Queued crashed, its PostgreSQL keeps running (pg_ctl detaches it) and holds the data
 * folder. Only called while we hold the data folder's lock, so a live postmaster there is an orphan.
 */
final class StalePostmaster {

    private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);
    static final String PID_FILE = "postmaster.pid";
    private static final Duration POLITE = Duration.ofSeconds(10);
    private static final Duration FORCED = Duration.ofSeconds(5);

    private StalePostmaster() {
    }

    /** The postmaster's PID from the first line of postmaster.pid, if the file is there. */
    static OptionalLong pid(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve(PID_FILE));
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static void stopIfRunning(Path dataDir) throws StartupException {
        OptionalLong pid = pid(dataDir);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.getAsLong()).filter(Processes::isRunning);
        if (process.isEmpty()) {
            LOG.info("Found postmaster.pid of a stopped server (pid {}); PostgreSQL will recover", pid.getAsLong());
            return;
        }
        ProcessHandle postmaster = process.get();
        String name = Processes.executableName(postmaster);
        if (name.isEmpty()) {
            LOG.warn("Cannot inspect process {} named in postmaster.pid; leaving it to PostgreSQL", pid.getAsLong());
            return;
        }
        if (!name.equals("postgres") || !servesDir(postmaster, dataDir)) {
            // The PID was reused by an unrelated program (e.g. after a reboot): the file is stale.
            LOG.info("postmaster.pid names pid {} ({}), not our server; removing the stale file", pid.getAsLong(), name);
            deleteQuietly(dataDir.resolve(PID_FILE));
            return;
        }
        LOG.warn("Stopping orphaned PostgreSQL (pid {}) left running on {}", pid.getAsLong(), dataDir);
        List<ProcessHandle> backends = postmaster.descendants().toList();
        boolean stopped = Processes.stop(postmaster, POLITE, FORCED);
        for (ProcessHandle backend : backends) {
            // Backends exit on their own once the postmaster is gone; force only the stragglers.
            stopped &= Processes.awaitExit(backend, FORCED) || Processes.stop(backend, Duration.ZERO, FORCED);
        }
        if (!stopped) {
            throw new StartupException(PostgresFailures.ORPHAN_STILL_RUNNING);
        }
        LOG.info("Orphaned PostgreSQL (pid {}) stopped", pid.getAsLong());
    }

    /** Whether the process was started with "-D dataDir"; assume yes when the OS hides arguments. */
    private static boolean servesDir(ProcessHandle process, Path dataDir) {
        Optional<String[]> args = process.info().arguments();
        if (args.isEmpty()) {
            return true;
        }
        String[] a = args.get();
        for (int i = 0; i + 1 < a.length; i++) {
            if (a[i].equals("-D")) {
                return samePath(a[i + 1], dataDir);
            }
        }
        return true;
    }

    private static boolean samePath(String arg, Path dataDir) {
        try {
            return Files.isSameFile(Path.of(arg), dataDir);
        } catch (IOException | RuntimeException e) {
            return Path.of(arg).toAbsolutePath().normalize().equals(dataDir.toAbsolutePath().normalize());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete {}", file, e);
        }
    }
}
