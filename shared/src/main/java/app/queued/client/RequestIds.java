package app.queued.client;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Request ids unique per client and, thanks to a random prefix, across clients and restarts of the same guest. */
final class RequestIds {
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    RequestIds() {
        long random = new SecureRandom().nextLong() & Long.MAX_VALUE;
        this.prefix = Long.toString(random, 36) + "-";
    }

    String next() {
        return prefix + counter.incrementAndGet();
    }
}
