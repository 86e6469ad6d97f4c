package app.queued.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The floor server in its own JVM, started as the bench starts it, carries a short run with nothing lost. Started
 * several times: its address used to be read before the port was bound, and then said port -1.
 */
class FloorProcessTest {

    @Test
    void everyStartNamesABoundPortAndAShortRunThroughItLosesNothing() throws Exception {
        for (int start = 0; start < 5; start++) {
            try (FloorProcess floor = FloorProcess.start(List.of("-Xmx128m"), null)) {
                assertThat(floor.uri().getPort()).as("start %d: %s", start, floor.uri()).isPositive();
                if (start == 0) {
                    LoadRun.Spec spec = new LoadRun.Spec("floor-smoke", 1, 10, 10, 50, 2, 1, 7);
                    RunResult result = new LoadRun(spec, new LoadRun.Target(floor.uri(), "floor", null, null),
                            BenchMain.demoCatalog()).run();
                    assertThat(result.votesSent).isEqualTo(100);
                    assertThat(result.votesAcked).isEqualTo(result.votesSent);
                    assertThat(result.latency.getTotalCount()).isEqualTo(100);
                }
            }
        }
    }
}
