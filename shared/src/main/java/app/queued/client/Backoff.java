package app.queued.client;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect delays with jitter: attempt n waits between half and all of {@code initial * 2^n}, capped
 * at {@code max}. The jitter spreads out a room full of guests whose Wi-Fi came back at the same moment.
 */
final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private final RandomGenerator random;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialMs = Math.max(1, initial.toMillis());
        this.maxMs = Math.max(initialMs, max.toMillis());
        this.random = random;
    }

    /** The delay before retrying after {@code failedAttempts} attempts failed in a row (0 for the first retry). */
    Duration delay(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts, 0), 30);
        long ceiling = Math.min(maxMs, initialMs << doublings);
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + random.nextLong(ceiling - floor + 1));
    }
}
