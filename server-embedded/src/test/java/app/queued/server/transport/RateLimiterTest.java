package app.queued.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void theBurstPassesThenEachRefusalGetsItsOwnTurn() {
        RateLimiter limiter = new RateLimiter(50, 3, 0); // one token every 20 ms
        assertThat(limiter.take(0)).isZero();
        assertThat(limiter.take(0)).isZero();
        assertThat(limiter.take(0)).isZero();
        // three refused at once: the first may come back in 20 ms, the second in 40, the third in 60
        assertThat(limiter.take(0)).isEqualTo(20);
        assertThat(limiter.take(0)).isEqualTo(40);
        assertThat(limiter.take(5 * MS)).isEqualTo(55);
        assertThat(limiter.refusedInARow()).isEqualTo(3);
        // each comes back at its turn, and each is accepted
        assertThat(limiter.take(20 * MS)).isZero();
        assertThat(limiter.refusedInARow()).isZero();
        assertThat(limiter.take(40 * MS)).isZero();
        assertThat(limiter.take(60 * MS)).isZero();
        assertThat(limiter.take(60 * MS)).isEqualTo(20);
    }

    @Test
    void aRefusalWaitsAtLeastOneMillisecond() {
        RateLimiter limiter = new RateLimiter(50, 1, 0);
        assertThat(limiter.take(0)).isZero();
        assertThat(limiter.take(20 * MS - 1)).isEqualTo(1);
    }
}
