package app.queued.server.catalog.youtube;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * {@link CatalogCache} on Redis. When Redis fails, the cache answers "miss" and drops writes for a second, then
 * tries again on the next use; the catalog meanwhile goes to YouTube (or its quota-free fallbacks).
 */
final class RedisCatalogCache implements CatalogCache {
    private static final Logger log = LoggerFactory.getLogger(RedisCatalogCache.class);
    private static final long RETRY_AFTER_MS = 1_000;

    private final RedisClient redis;
    private final String prefix;
    private final AtomicLong downUntil = new AtomicLong();
    private final AtomicBoolean warned = new AtomicBoolean();

    RedisCatalogCache(String redisUrl, String prefix) {
        this.prefix = prefix;
        this.redis = RedisClient.builder()
                .fromURI(URI.create(redisUrl))
                .clientConfig(DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(300)
                        .socketTimeoutMillis(500)
                        .clientName("queued-youtube")
                        .build())
                .build();
    }

    @Override
    public Optional<String> get(String key) {
        if (skipping()) {
            return Optional.empty();
        }
        try {
            String value = redis.get(prefix + key);
            healthy();
            return Optional.ofNullable(value);
        } catch (JedisException e) {
            failed(e);
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        if (skipping()) {
            return;
        }
        try {
            redis.set(prefix + key, value, SetParams.setParams().px(Math.max(1, ttl.toMillis())));
            healthy();
        } catch (JedisException e) {
            failed(e);
        }
    }

    /** Milliseconds Redis will keep {@code key}; for tests of TTL and jitter. */
    long ttlMillis(String key) {
        return redis.pttl(prefix + key);
    }

    @Override
    public boolean available() {
        return !skipping();
    }

    private boolean skipping() {
        return System.currentTimeMillis() < downUntil.get();
    }

    private void healthy() {
        if (warned.compareAndSet(true, false)) {
            log.info("Redis is back; the YouTube catalog caches again");
        }
    }

    private void failed(JedisException e) {
        downUntil.set(System.currentTimeMillis() + RETRY_AFTER_MS);
        if (warned.compareAndSet(false, true)) {
            log.warn("Redis is unreachable ({}); the YouTube catalog works without its cache", e.getMessage());
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
