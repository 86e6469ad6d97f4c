package app.queued.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresTest {

    @TempDir
    Path temp;

    private Path dataDir() {
        return temp.resolve("postgres");
    }

    @Test
    void startsOnLoopbackAndAnswersSelectOne() throws Exception {
        try (LocalPostgres pg = LocalPostgres.start(dataDir())) {
            assertThat(pg.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres");
            assertThat(pg.user()).isEqualTo("postgres");
            assertThat(Pg.queryOne(pg.jdbcUrl(), "select 1")).isEqualTo("1");
            assertThat(Pg.queryOne(pg.jdbcUrl(), "show listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(Pg.queryOne(pg.jdbcUrl(), "show unix_socket_directories")).isEmpty();
            assertThat(Files.readString(dataDir().resolve("queued-pg-port")).strip()).isEqualTo(Integer.toString(pg.port()));
            assertThat(Files.readString(dataDir().resolve("queued-pg-version")).strip())
                    .isEqualTo(Integer.toString(PostgresVersion.bundledMajor().orElseThrow()));
            assertThat(temp.resolve("postgres.log")).exists();
        }
    }

    /**
     * A commit that moves the WAL into a new segment must not first write the segment's 16 MB of zeros and sync
     * them: the bench's slowest votes (30-90 ms) fell on the moments new segments were born. The segment the commit
     * lands in is sparse, and every commit is still synced.
     */
    @Test
    void aCommitIntoANewWalSegmentDoesNotWriteTheSegmentFullOfZeros() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "stat -c is Linux's");
        try (LocalPostgres pg = LocalPostgres.start(dataDir())) {
            assertThat(Pg.queryOne(pg.jdbcUrl(), "show fsync")).isEqualTo("on");
            assertThat(Pg.queryOne(pg.jdbcUrl(), "show synchronous_commit")).isEqualTo("on");
            Pg.execute(pg.jdbcUrl(), "create table t (x int)");
            Pg.queryOne(pg.jdbcUrl(), "select pg_switch_wal()");
            Pg.execute(pg.jdbcUrl(), "insert into t values (1)");
            String segment = Pg.queryOne(pg.jdbcUrl(), "select pg_walfile_name(pg_current_wal_lsn())");
            Path file = dataDir().resolve("pg_wal").resolve(segment);
            long size = Long.parseLong(Pg.queryOne(pg.jdbcUrl(),
                    "select setting from pg_settings where name = 'wal_segment_size'"));
            assertThat(Files.size(file)).isEqualTo(size);
            assertThat(allocatedBytes(file)).as("bytes on disk of the new segment %s", segment)
                    .isLessThan(size / 8);
        }
    }

    private static long allocatedBytes(Path file) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).redirectErrorStream(true).start();
        String[] out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
        assertThat(stat.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    @Test
    void bundledVersionMatchesTheServerThatRuns() throws Exception {
        try (LocalPostgres pg = LocalPostgres.start(dataDir())) {
            int serverMajor = Integer.parseInt(Pg.queryOne(pg.jdbcUrl(), "show server_version_num")) / 10000;
            assertThat(PostgresVersion.bundledMajor()).hasValue(serverMajor);
        }
    }

    @Test
    void dataAndPortPersistAcrossRestart() throws Exception {
        int firstPort;
        try (LocalPostgres pg = LocalPostgres.start(dataDir())) {
            firstPort = pg.port();
            Pg.execute(pg.jdbcUrl(), "create table room (code text primary key)");
            Pg.execute(pg.jdbcUrl(), "insert into room values ('PARTY')");
        }
        try (LocalPostgres pg = LocalPostgres.start(dataDir())) {
            assertThat(Pg.queryOne(pg.jdbcUrl(), "select code from room")).isEqualTo("PARTY");
            assertThat(pg.port()).isEqualTo(firstPort);
        }
    }

    @Test
    void closeIsIdempotentAndStopsTheServer() throws Exception {
        LocalPostgres pg = LocalPostgres.start(dataDir());
        long pid = StalePostmaster.pid(dataDir()).orElseThrow();
        pg.close();
        pg.close();
        assertThat(ProcessHandle.of(pid).filter(Processes::isRunning)).isEmpty();
        assertThat(Loopback.isFree(pg.port())).isTrue();
    }

    @Test
    void newerDataVersionFailsFastWithAClearSentence() throws Exception {
        Files.createDirectories(dataDir());
        Files.writeString(dataDir().resolve("PG_VERSION"), "99\n");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> LocalPostgres.start(dataDir()))
                .isInstanceOf(StartupException.class)
                .hasMessage("The saved rooms were written by a newer version of Queued (PostgreSQL 99); "
                        + "update Queued or choose another data folder.");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(dataDir().resolve("PG_VERSION")).hasContent("99"); // left untouched
    }

    @Test
    void secondCopyOnTheSameFolderIsRefused() throws Exception {
        try (LocalPostgres pg = LocalPostgres.start(dataDir())) {
            assertThatThrownBy(() -> LocalPostgres.start(dataDir()))
                    .isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("Queued is already running with the data folder");
            assertThat(Pg.queryOne(pg.jdbcUrl(), "select 1")).isEqualTo("1"); // the first is unharmed
        }
    }

    @Test
    void orphanLeftByACrashedHostIsStoppedBeforeStarting() throws Exception {
        Path ready = temp.resolve("ready");
        Process host = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CrashingHost.class.getName(), dataDir().toString(), ready.toString())
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("host.out").toFile())
                .start();
        long orphanPid;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(ready) || !host.isAlive());
            assertThat(ready).as("child host started; see host.out").exists();
            orphanPid = StalePostmaster.pid(dataDir()).orElseThrow();
        } finally {
            host.destroyForcibly(); // SIGKILL: no close, no hooks — a crash
            host.waitFor(10, TimeUnit.SECONDS);
        }
        ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow();
        assertThat(Processes.isRunning(orphan)).as("postgres outlives the crashed host").isTrue();

        try (LocalPostgres pg = LocalPostgres.start(dataDir())) {
            assertThat(Processes.isRunning(orphan)).isFalse();
            assertThat(Pg.queryOne(pg.jdbcUrl(), "select 1")).isEqualTo("1");
        }
    }

    @Test
    void stalePidFileNamingAnUnrelatedProcessIsIgnored() throws Exception {
        LocalPostgres.start(dataDir()).close();
        // After a reboot the PID can belong to anything — here, this very JVM, which must survive.
        Files.writeString(dataDir().resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + dataDir() + "\n");
        try (LocalPostgres pg = LocalPostgres.start(dataDir())) {
            assertThat(Pg.queryOne(pg.jdbcUrl(), "select 1")).isEqualTo("1");
        }
    }

    @Test
    void damagedDataFailsFastWithAClearSentence() throws Exception {
        LocalPostgres.start(dataDir()).close();
        Files.write(dataDir().resolve("global").resolve("pg_control"), new byte[] {1, 2, 3});
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> LocalPostgres.start(dataDir()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("are damaged and cannot be opened")
                .hasCauseInstanceOf(Exception.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void folderLeftHalfMadeByAnInterruptedFirstStartIsReinitialised() throws Exception {
        Files.createDirectories(dataDir().resolve("base"));
        Files.writeString(dataDir().resolve("PG_VERSION"), PostgresVersion.bundledMajor().orElseThrow() + "\n");
        Files.writeString(dataDir().resolve("postgresql.conf"), "# truncated by a crash\n");
        try (LocalPostgres pg = LocalPostgres.start(dataDir())) {
            assertThat(Pg.queryOne(pg.jdbcUrl(), "select 1")).isEqualTo("1");
        }
    }

    @Test
    void folderWithSomeoneElsesFilesIsRefused() throws Exception {
        Files.createDirectories(dataDir());
        Files.writeString(dataDir().resolve("holiday.jpg"), "not a database");
        assertThatThrownBy(() -> LocalPostgres.start(dataDir()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("holds files that are not Queued's");
        assertThat(dataDir().resolve("holiday.jpg")).exists();
    }

    @Test
    void folderThatCannotBeCreatedIsExplained() throws Exception {
        // A regular file where the folder should be: fails even for root, unlike chmod.
        Path notAFolder = Files.writeString(temp.resolve("queued"), "x");
        assertThatThrownBy(() -> LocalPostgres.start(notAFolder.resolve("postgres")))
                .isInstanceOf(StartupException.class)
                .hasMessage(PostgresFailures.notWritable(notAFolder.resolve("postgres")));
    }
}
