package app.queued.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), new SplittableRandom(1));

    @Test
    void delaysDoubleWithJitterAndStopAtTheMaximum() {
        for (int attempt = 0; attempt < 40; attempt++) {
            long ceiling = Math.min(5000, 200L << Math.min(attempt, 30));
            for (int sample = 0; sample < 50; sample++) {
                assertThat(backoff.delay(attempt).toMillis()).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void jitterSpreadsTheDelays() {
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToLong(i -> backoff.delay(3).toMillis()).distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }
}
