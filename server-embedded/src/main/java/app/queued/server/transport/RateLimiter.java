package app.queued.server.transport;

/**
 * A token bucket per connection: {@code perSecond} sustained, {@code burst} at once. Refused messages get turns:
 * the k-th refusal in a row is told to come back when k tokens will have come in, so a client that resends each
 * refused request after its own wait gets every one through (one wait for all would let only one of them in).
 * Not thread-safe.
 */
final class RateLimiter {
    private final double nanosPerToken;
    private final double burst;
    private double tokens;
    private long last;
    private int refusedInARow;

    RateLimiter(double perSecond, int burst, long nowNanos) {
        this.nanosPerToken = 1e9 / perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes one token; returns 0 when allowed, else the milliseconds until this message's turn. */
    long take(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) / nanosPerToken);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            refusedInARow = 0;
            return 0;
        }
        refusedInARow++;
        return Math.max(1, (long) Math.ceil((refusedInARow - tokens) * nanosPerToken / 1e6));
    }

    /** Refusals since the last accepted message. */
    int refusedInARow() {
        return refusedInARow;
    }
}
