package app.queued.server.cache;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.Tuple;

/**
 * {@link RoomCache} on Redis. Writes go through one background thread (in submission order, so a room's events
 * arrive in seq order); when Redis fails the cache marks itself unavailable, drops writes, and a probe pings it
 * every second until it answers again, then tells its listeners so they can heal it.
 */
public final class RedisRoomCache implements RoomCache {
    private static final Logger log = LoggerFactory.getLogger(RedisRoomCache.class);
    private static final int KEEP_EVENTS = 1000;
    private static final long TTL_SECONDS = 24 * 3600;
    // Compare-and-set on the seq tag: an older writer can never overwrite a newer snapshot.
    private static final String STORE_IF_NEWER = """
            local cur = redis.call('HGET', KEYS[1], 'seq')
            if cur and tonumber(cur) >= tonumber(ARGV[1]) then return 0 end
            redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'json', ARGV[2])
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            return 1
            """;
    private static final String APPEND_EVENTS = """
            for i = 3, #ARGV do
              redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + i - 3, ARGV[i])
            end
            redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[2]) - 1)
            redis.call('EXPIRE', KEYS[1], 86400)
            return 1
            """;

    private final RedisClient redis;
    private final String prefix;
    private final ThreadPoolExecutor writer;
    private final ScheduledExecutorService probe;
    private final AtomicBoolean available = new AtomicBoolean(true);
    private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();

    /**
     * @param redisUrl e.g. {@code redis://127.0.0.1:6379}
     * @param prefix   key prefix, so several servers (or tests) can share one Redis
     */
    public RedisRoomCache(String redisUrl, String prefix) {
        this.prefix = prefix;
        this.redis = RedisClient.builder()
                .fromURI(URI.create(redisUrl))
                .clientConfig(DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(500)
                        .socketTimeoutMillis(1000)
                        .clientName("queued")
                        .build())
                .build();
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(10_000),
                runnable -> daemon(runnable, "queued-cache-writer"), new ThreadPoolExecutor.DiscardPolicy());
        this.probe = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "queued-cache-probe"));
        probe.scheduleWithFixedDelay(this::checkHealth, 1, 1, TimeUnit.SECONDS);
        checkHealth();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private String snapshotKey(long roomId) {
        return prefix + "room:" + roomId + ":snapshot";
    }

    private String eventsKey(long roomId) {
        return prefix + "room:" + roomId + ":events";
    }

    @Override
    public Optional<CachedSnapshot> snapshot(long roomId) {
        if (!available.get()) {
            return Optional.empty();
        }
        try {
            List<String> fields = redis.hmget(snapshotKey(roomId), "seq", "json");
            if (fields.get(0) == null || fields.get(1) == null) {
                return Optional.empty();
            }
            return Optional.of(new CachedSnapshot(Long.parseLong(fields.get(0)), fields.get(1)));
        } catch (JedisException e) {
            failed(e);
            return Optional.empty();
        }
    }

    @Override
    public void storeSnapshot(long roomId, long seq, String json) {
        write(() -> redis.eval(STORE_IF_NEWER, List.of(snapshotKey(roomId)),
                List.of(Long.toString(seq), json, Long.toString(TTL_SECONDS))));
    }

    @Override
    public void appendEvents(long roomId, long firstSeq, List<String> frames) {
        if (frames.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(frames.size() + 2);
        args.add(Long.toString(firstSeq));
        args.add(Integer.toString(KEEP_EVENTS));
        args.addAll(frames);
        write(() -> redis.eval(APPEND_EVENTS, List.of(eventsKey(roomId)), args));
    }

    @Override
    public Optional<List<String>> events(long roomId, long afterSeq, long upToSeq) {
        if (!available.get() || upToSeq <= afterSeq) {
            return Optional.empty();
        }
        try {
            List<Tuple> tuples = redis.zrangeByScoreWithScores(eventsKey(roomId), afterSeq + 1, upToSeq);
            if (tuples.size() != upToSeq - afterSeq) {
                return Optional.empty(); // trimmed, or a hole left by an outage
            }
            List<String> frames = new ArrayList<>(tuples.size());
            long expected = afterSeq + 1;
            for (Tuple tuple : tuples) {
                if ((long) tuple.getScore() != expected++) {
                    return Optional.empty();
                }
                frames.add(tuple.getElement());
            }
            return Optional.of(frames);
        } catch (JedisException e) {
            failed(e);
            return Optional.empty();
        }
    }

    @Override
    public boolean available() {
        return available.get();
    }

    @Override
    public void onRecovered(Runnable listener) {
        recoveryListeners.add(listener);
    }

    private void write(Runnable command) {
        if (!available.get()) {
            return;
        }
        try {
            writer.execute(() -> {
                if (!available.get()) {
                    return;
                }
                try {
                    command.run();
                } catch (JedisException e) {
                    failed(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down: the cache is derived, dropping a write loses nothing
        }
    }

    private void failed(JedisException e) {
        if (available.compareAndSet(true, false)) {
            log.warn("Redis is unreachable ({}); serving from PostgreSQL until it is back", e.getMessage());
        }
    }

    private void checkHealth() {
        try {
            redis.ping();
            if (available.compareAndSet(false, true)) {
                log.info("Redis is reachable again; rebuilding the cache");
                // Writes dropped during the outage left holes; readers check contiguity, owners rewrite snapshots.
                recoveryListeners.forEach(Runnable::run);
            }
        } catch (JedisException e) {
            failed(e);
        }
    }

    @Override
    public void close() {
        probe.shutdownNow();
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        redis.close();
    }
}
