package app.queued.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's quick variant, as CI runs it: the real server in its own process on its embedded PostgreSQL and
 * Redis, 20 clients, 50 votes/s for 3 s. Asserts that nothing is lost, duplicated or diverged and every vote is
 * acknowledged — and nothing about timing, which depends on the machine.
 */
class BenchSmokeTest {

    @TempDir
    Path dir;

    @Test
    void shortRunLosesNothingAndLeavesNoProcessBehind() throws Exception {
        long pid;
        List<ProcessHandle> started;
        RunResult result;
        try (ServerProcess server = ServerProcess.start(List.of("-Xmx512m"), List.of(), dir.resolve("server.log"))) {
            pid = server.pid();
            started = server.processes();
            assertThat(started.size()).as("the server, its PostgreSQL and Redis").isGreaterThanOrEqualTo(3);
            LoadRun.Spec spec = new LoadRun.Spec("smoke", 1, 20, 10, 50, 3, 1, 7);
            LoadRun.Target target = new LoadRun.Target(server.uri(), server.adminToken(), server.jdbcUrl(), server);
            result = new LoadRun(spec, target, BenchMain.demoCatalog()).run();
        }

        assertThat(result.checked.checked()).isTrue();
        assertThat(result.votesSent).isEqualTo(150);
        assertThat(result.votesAcked).isEqualTo(result.votesSent);
        assertThat(result.checked.lost()).isZero();
        assertThat(result.checked.duplicated()).isZero();
        assertThat(result.checked.divergentClients()).isZero();
        assertThat(result.notAppliedEverywhere).isZero();
        assertThat(result.checked.scoreMismatches()).isZero();
        assertThat(result.latency.getTotalCount()).isEqualTo(150);

        assertThat(result.json().keySet()).containsExactly("scenario", "clients", "tracks", "targetRate",
                "achievedRate", "durationS", "votesSent", "votesAcked", "lost", "duplicated", "divergentClients",
                "p50Ms", "p90Ms", "p99Ms", "maxMs", "ackP50Ms", "ackP99Ms");

        Path html = dir.resolve("smoke.html");
        Report.write(html, result, "queued-bench --scenario smoke", "test", List.of());
        assertThat(Files.readString(html)).contains("data:image/png;base64,").contains("\"votesSent\"".replace("\"", ""));

        assertThat(dir.resolve("server-postgres.log")).as("PostgreSQL's log kept beside the server's")
                .content().contains("database system is ready to accept connections");

        // no orphans: the server and everything it started are gone
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        for (ProcessHandle child : started) {
            assertThat(child.isAlive()).as("process " + child.pid() + " left running").isFalse();
        }
    }
}
