package app.queued.server.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks a PostgreSQL data folder before the server is let loose on it. */
final class PostgresDataDir {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDataDir.class);

    /** Written by the postmaster at every start, so its absence means the folder never held data. */
    static final String POSTMASTER_OPTS = "postmaster.opts";
    static final String PORT_FILE = "queued-pg-port";
    /** initdb needs ~40 MB and every WAL segment is 16 MB; below this starting is pointless. */
    static final long MIN_FREE_BYTES = 64L * 1024 * 1024;

    /** Names initdb (and zonky, and we) put in a data folder; anything else is someone else's file. */
    private static final Set<String> INITDB_FILES = Set.of(
            "PG_VERSION", "base", "global", "postgresql.conf", "postgresql.auto.conf", "pg_hba.conf",
            "pg_ident.conf", "postmaster.pid", "current_logfiles", "log", "epg-lock",
            PORT_FILE, PostgresVersion.VERSION_FILE);

    private PostgresDataDir() {
    }

    /**
     * Creates the folder if needed and fails with a clear sentence if it is unusable. Also clears a
     * folder left half-made by an interrupted first start, so the next start can initdb again.
     */
    static void prepare(Path dir) throws StartupException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupException(PostgresFailures.explain(e, "", dir), e);
        }
        if (!Files.isWritable(dir)) {
            throw new StartupException(PostgresFailures.notWritable(dir));
        }
        checkFreeSpace(dir);
        checkVersion(dir);
        clearIfNeverStarted(dir);
    }

    private static void checkFreeSpace(Path dir) throws StartupException {
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < MIN_FREE_BYTES) {
                throw new StartupException(PostgresFailures.NO_SPACE);
            }
        } catch (IOException e) {
            LOG.debug("Could not read free space of {}", dir, e); // not worth failing for
        }
    }

    private static void checkVersion(Path dir) throws StartupException {
        OptionalInt ours = PostgresVersion.bundledMajor();
        OptionalInt theirs;
        try {
            theirs = PostgresVersion.dataMajor(dir);
        } catch (NumberFormatException | IOException e) {
            throw new StartupException(PostgresFailures.damaged(dir), e);
        }
        if (ours.isEmpty()) {
            LOG.warn("Bundled PostgreSQL version unknown (unfiltered build?); skipping the data version check");
            return;
        }
        if (theirs.isPresent() && theirs.getAsInt() > ours.getAsInt()) {
            throw new StartupException(PostgresFailures.newerVersion(theirs.getAsInt()));
        }
        if (theirs.isPresent() && theirs.getAsInt() < ours.getAsInt()) {
            throw new StartupException(PostgresFailures.olderVersion(theirs.getAsInt()));
        }
    }

    private static void clearIfNeverStarted(Path dir) throws StartupException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.toList();
        } catch (IOException e) {
            throw new StartupException(PostgresFailures.explain(e, "", dir), e);
        }
        if (entries.isEmpty() || Files.exists(dir.resolve(POSTMASTER_OPTS))) {
            return;
        }
        boolean onlyInitdbFiles = entries.stream()
                .map(p -> p.getFileName().toString())
                .allMatch(name -> INITDB_FILES.contains(name) || name.startsWith("pg_"));
        if (!onlyInitdbFiles) {
            throw new StartupException(PostgresFailures.foreignFiles(dir));
        }
        LOG.warn("{} was left half-made by an interrupted first start; clearing it", dir);
        try {
            for (Path entry : entries) {
                deleteTree(entry);
            }
        } catch (IOException e) {
            throw new StartupException(PostgresFailures.explain(e, "", dir), e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The port used last time, if recorded. */
    static OptionalInt savedPort(Path dir) {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(dir.resolve(PORT_FILE)).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Best effort: losing these only costs a different port or a weaker version check next time. */
    static void record(Path dir, int port, int serverMajor) {
        try {
            Files.writeString(dir.resolve(PORT_FILE), port + "\n");
            Files.writeString(dir.resolve(PostgresVersion.VERSION_FILE), serverMajor + "\n");
        } catch (IOException e) {
            LOG.warn("Cannot record port/version in {}", dir, e);
        }
    }
}
