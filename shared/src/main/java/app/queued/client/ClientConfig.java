package app.queued.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The settings a {@link QueuedClient.Builder} collected, checked once. {@code serverUris} are the addresses of one
 * server, or of several nodes sharing one database: the client tries them in order and moves to the next when a
 * connection fails.
 */
record ClientConfig(List<URI> serverUris, String clientName, Duration requestTimeout, Duration backoffInitial,
                    Duration backoffMax, Duration connectTimeout, Duration connectionLostTimeout, int maxPending,
                    ClientListener listener) {

    ClientConfig {
        if (serverUris.isEmpty()) {
            throw new IllegalArgumentException("at least one server address is needed");
        }
        serverUris = List.copyOf(serverUris);
        for (URI serverUri : serverUris) {
            String scheme = serverUri.getScheme();
            if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
                throw new IllegalArgumentException("server URI must start with ws:// or wss://, not " + serverUri);
            }
        }
        requirePositive("requestTimeout", requestTimeout);
        requirePositive("backoff initial", backoffInitial);
        requirePositive("connectTimeout", connectTimeout);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoff max must not be below backoff initial");
        }
        if (connectionLostTimeout.isNegative()) {
            throw new IllegalArgumentException("connectionLostTimeout must not be negative (zero turns it off)");
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    int connectionLostTimeoutSeconds() {
        long seconds = connectionLostTimeout.toSeconds();
        return connectionLostTimeout.isZero() ? 0 : (int) Math.max(1, Math.min(seconds, Integer.MAX_VALUE));
    }
}
