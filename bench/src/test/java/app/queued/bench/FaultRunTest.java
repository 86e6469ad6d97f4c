package app.queued.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault scenario, short: 6 screens voting while their connections are cut mid-request (twice), Redis is killed
 * and restarted, PostgreSQL is stopped for 3 s. (The SIGKILL restart of the server is left to the bench: a JVM
 * start alone takes longer than this whole test.) Asserts the ledger only, never a time: every acknowledged vote is
 * in the event log at its seq, nothing refused was saved, nothing applied twice, every screen converged, Redis is
 * current, every vote answered.
 */
class FaultRunTest {

    @TempDir
    Path dir;

    @Test
    void cutsARedisKillAndAPostgresStopLoseMisreportOrDoubleNoVote() throws Exception {
        FaultRun.Plan plan = new FaultRun.Plan(1, 6, 5, 15, 2, 1, 3, false, 7);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        FaultResult result;
        try (ServerProcess server = ServerProcess.start(List.of("-Xmx512m"), List.of(), dir.resolve("server.log"),
                port)) {
            result = new FaultRun(plan, server, BenchMain.demoCatalog()).run();
        }
        System.out.println(result.table());

        assertThat(result.sent).isPositive();
        assertThat(result.acked).isPositive();
        assertThat(result.unanswered).isZero();
        assertThat(result.lost).isZero();
        assertThat(result.appliedTwice).isZero();
        assertThat(result.refusedButSaved).isZero();
        assertThat(result.seqHoles).isZero();
        assertThat(result.scoreMismatches).isZero();
        assertThat(result.converged).isEqualTo(result.clients).isEqualTo(7);
        assertThat(result.redisFresh).isEqualTo(1);
        assertThat(result.clean()).isTrue();
        assertThat(result.rows).extracting(row -> row.fault().name()).containsExactly("connections cut",
                "Redis killed (SIGKILL), restarted empty", "PostgreSQL stopped (immediate), started",
                "connections cut again");
    }
}
