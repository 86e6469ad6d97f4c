package app.queued.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The translation of PostgreSQL's output and exceptions into one sentence for the user. */
class LocalPostgresFailuresTest {

    private static final Path DIR = Path.of("/data/queued/postgres");
    private static final IllegalStateException INITDB_FAILED =
            new IllegalStateException("Process [/tmp/embedded-pg/PG-x/bin/initdb, -A, trust] failed");

    @Test
    void rootWithoutUserNamespaces() {
        String output = "initdb: error: cannot be run as root\n"
                + "initdb: hint: Please log in (using, e.g., \"su\") as the (unprivileged) user that will own the server process.\n";
        assertThat(PostgresFailures.explain(INITDB_FAILED, output, DIR)).isEqualTo(
                "Queued cannot start its database as the root user on this system; run it as a normal user, "
                        + "or set QUEUED_DB_URL to an existing PostgreSQL server.");
        assertThat(PostgresFailures.explain(new IllegalStateException("initdb: cannot be run as root"), "", DIR))
                .isEqualTo(PostgresFailures.ROOT);
    }

    @Test
    void diskFull() {
        String output = "2025-01-01 FATAL:  could not write to file \"pg_wal/xlogtemp.1\": No space left on device\n";
        assertThat(PostgresFailures.explain(null, output, DIR)).isEqualTo(PostgresFailures.NO_SPACE);
    }

    @Test
    void notWritable() {
        String sentence = PostgresFailures.explain(new AccessDeniedException("/data/queued/postgres"), "", DIR);
        assertThat(sentence).isEqualTo("Queued cannot write to its data folder /data/queued/postgres; "
                + "check the folder's permissions or set QUEUED_HOME to another folder.");
        assertThat(PostgresFailures.explain(INITDB_FAILED,
                "initdb: error: could not change permissions of directory \"x\": Operation not permitted\n"
                        + "initdb: error: could not create directory \"x/base\": Permission denied", DIR))
                .isEqualTo(sentence);
    }

    @Test
    void portInUse() {
        String output = "LOG:  could not bind IPv4 address \"127.0.0.1\": Address already in use\n"
                + "FATAL:  could not create any TCP/IP sockets\npg_ctl: could not start server\n";
        assertThat(PostgresFailures.isPortInUse(null, output)).isTrue();
        assertThat(PostgresFailures.explain(null, output, DIR)).isEqualTo(PostgresFailures.PORT_IN_USE);
    }

    @Test
    void incompatibleVersionFromTheServerItself() {
        String output = "FATAL:  database files are incompatible with server\n"
                + "DETAIL:  The data directory was initialized by PostgreSQL version 99, which is not compatible with this version 17.11.\n";
        assertThat(PostgresFailures.explain(null, output, DIR)).isEqualTo(PostgresFailures.newerVersion(99));
        assertThat(PostgresFailures.explain(null, output.replace("99", "14"), DIR)).isEqualTo(PostgresFailures.olderVersion(14));
    }

    @Test
    void corruptData() {
        String output = "LOG:  invalid checkpoint record\nPANIC:  could not locate a valid checkpoint record\n";
        assertThat(PostgresFailures.explain(null, output, DIR))
                .isEqualTo("The saved rooms in /data/queued/postgres are damaged and cannot be opened; "
                        + "move that folder elsewhere to start fresh.");
    }

    @Test
    void anythingElseGivesAShortReason() {
        assertThat(PostgresFailures.explain(new IOException("Gave up waiting for server to start after 30000ms",
                new java.sql.SQLException("connect failed")), "", DIR))
                .isEqualTo("The built-in database could not start: connect failed.");
        assertThat(PostgresFailures.explain(null, "FATAL:  something odd happened.\n", DIR))
                .isEqualTo("The built-in database could not start: something odd happened.");
        assertThat(PostgresFailures.explain(new RuntimeException("x".repeat(500)), "", DIR)).hasSizeLessThan(220);
    }

    @Test
    void everySentenceIsOneSentence() {
        for (String s : new String[] {PostgresFailures.ROOT, PostgresFailures.NO_SPACE, PostgresFailures.PORT_IN_USE,
                PostgresFailures.UNSUPPORTED, PostgresFailures.ORPHAN_STILL_RUNNING, PostgresFailures.INTERRUPTED,
                PostgresFailures.newerVersion(18), PostgresFailures.olderVersion(14), PostgresFailures.notWritable(DIR),
                PostgresFailures.damaged(DIR), PostgresFailures.foreignFiles(DIR), PostgresFailures.alreadyRunning(DIR),
                PostgresFailures.inUseByOther(DIR), LocalRedis.PORT_TAKEN, LocalRedis.UNSUPPORTED}) {
            assertThat(s).endsWith(".").doesNotContain("\n");
            assertThat(s.substring(0, s.length() - 1)).doesNotContain(". ");
        }
    }
}
