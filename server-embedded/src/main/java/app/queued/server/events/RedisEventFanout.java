package app.queued.server.events;

import app.queued.server.cluster.NodeThreads;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * {@link EventFanout} on Redis pub/sub: a channel per room ({@code <prefix>room:<id>:fanout}), which a node
 * subscribes to while it has connections in the room. A message is one commit's frames with its first seq.
 *
 * <p>Pub/sub rather than streams: delivery is at most once, and that is enough because PostgreSQL's event log is
 * already the durable, ordered copy — a receiver that misses a message notices the seq gap (or is told to
 * {@link Listener#resync} after a reconnect) and reads the log. Streams would keep a second durable copy in
 * Redis, to be trimmed and acknowledged, for nothing the log does not already give.
 *
 * <p>Publishing goes through one thread (so a node's messages leave in commit order) and never blocks the
 * caller; what queued up while it sent the last ones goes out together in one pipelined round trip. While Redis
 * is away messages are dropped. Subscribing holds one dedicated connection; when it breaks
 * (Redis restarted, or silent for {@link #SILENT_LIMIT_MS} although the node publishes to its own channel every
 * second) the node reconnects, subscribes again and asks every followed room to resync.
 */
public final class RedisEventFanout implements EventFanout {
    private static final Logger log = LoggerFactory.getLogger(RedisEventFanout.class);
    private static final long PING_EVERY_MS = 1_000;
    private static final String ALIVE = "alive";
    static final long SILENT_LIMIT_MS = 5_000;
    private static final long RECONNECT_DELAY_MS = 250;
    private static final Listener NOBODY = new Listener() {
        @Override
        public void onRemoteEvents(long roomId, long firstSeq, List<String> frames) {
        }

        @Override
        public void resync(long roomId) {
        }
    };

    private final String prefix;
    private final String nodeId;
    private final HostAndPort address;
    private final JedisClientConfig clientConfig;
    private final RedisClient publisher;
    private final LinkedBlockingQueue<Outgoing> outgoing = new LinkedBlockingQueue<>(10_000);
    private final Thread publishing;
    private final ScheduledExecutorService watchdog;
    private final Thread subscriber;
    private final Set<Long> followed = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile Listener listener = NOBODY;
    private volatile boolean closed;
    private volatile boolean publishFailing;
    // Guarded by lock: the live subscription, once Redis confirmed it.
    private Subscription current;

    /**
     * @param redisUrl e.g. {@code redis://127.0.0.1:6379}
     * @param prefix   key prefix shared by every node of one deployment
     * @param nodeId   this node: its own messages come back on the channel and are skipped
     */
    public RedisEventFanout(String redisUrl, String prefix, String nodeId) {
        URI uri = URI.create(redisUrl);
        this.prefix = prefix;
        this.nodeId = nodeId;
        this.address = JedisURIHelper.getHostAndPort(uri);
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(500)
                .socketTimeoutMillis(1000)
                .clientName("queued-fanout")
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri));
        if (JedisURIHelper.hasDbIndex(uri)) {
            config.database(JedisURIHelper.getDBIndex(uri));
        }
        this.clientConfig = config.build();
        this.publisher = RedisClient.builder().hostAndPort(address).clientConfig(clientConfig).build();
        this.publishing = NodeThreads.named("queued-fanout-publish", nodeId).newThread(this::publishLoop);
        publishing.start();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(NodeThreads.named("queued-fanout-watch", nodeId));
        this.subscriber = NodeThreads.named("queued-fanout-subscribe", nodeId).newThread(this::subscribeLoop);
        subscriber.start();
        watchdog.scheduleWithFixedDelay(this::checkSubscription, PING_EVERY_MS, PING_EVERY_MS,
                TimeUnit.MILLISECONDS);
    }

    private String channel(long roomId) {
        return prefix + "room:" + roomId + ":fanout";
    }

    private String controlChannel() {
        return prefix + "node:" + nodeId;
    }

    private Long roomOf(String channel) {
        String head = prefix + "room:";
        if (!channel.startsWith(head) || !channel.endsWith(":fanout")) {
            return null;
        }
        try {
            return Long.parseLong(channel.substring(head.length(), channel.length() - ":fanout".length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void setListener(Listener newListener) {
        this.listener = newListener == null ? NOBODY : newListener;
    }

    @Override
    public void publish(long roomId, long firstSeq, List<String> frames) {
        if (frames.isEmpty() || closed) {
            return;
        }
        String message = new FanoutMessage(nodeId, roomId, firstSeq, frames).encode();
        if (!outgoing.offer(new Outgoing(channel(roomId), message))) {
            dropped.incrementAndGet(); // a backlog this long is better read from the log by the others
        }
    }

    /** One message to publish. */
    private record Outgoing(String channel, String message) {
    }

    private void publishLoop() {
        List<Outgoing> batch = new ArrayList<>();
        while (!closed || !outgoing.isEmpty()) {
            try {
                Outgoing first = outgoing.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            outgoing.drainTo(batch, 999);
            try {
                if (batch.size() == 1) {
                    publisher.publish(batch.get(0).channel(), batch.get(0).message());
                } else {
                    try (AbstractPipeline pipe = publisher.pipelined()) {
                        for (Outgoing message : batch) {
                            pipe.sendCommand(Protocol.Command.PUBLISH, message.channel(), message.message());
                        }
                        pipe.sync();
                    }
                }
                published.addAndGet(batch.size());
                if (publishFailing) {
                    publishFailing = false;
                    log.info("publishing events to Redis again");
                }
            } catch (JedisException e) {
                dropped.addAndGet(batch.size());
                if (!publishFailing) {
                    publishFailing = true;
                    log.warn("cannot publish events to Redis ({}); the other nodes catch up from PostgreSQL",
                            e.getMessage());
                }
            }
            batch.clear();
        }
    }

    @Override
    public void follow(long roomId, boolean follow) {
        synchronized (lock) {
            boolean changed = follow ? followed.add(roomId) : followed.remove(roomId);
            if (!changed || current == null) {
                return; // the next subscription takes the followed set as it is then
            }
            try {
                if (follow) {
                    current.subscribe(channel(roomId));
                } else {
                    current.unsubscribe(channel(roomId));
                }
            } catch (JedisException | NullPointerException e) {
                log.debug("could not change the subscription of room {}: {}", roomId, e.toString());
                current.connection.disconnect(); // the loop reconnects and subscribes to the followed set
            }
        }
    }

    @Override
    public boolean connected() {
        synchronized (lock) {
            return current != null && !publishFailing;
        }
    }

    /** Messages published, dropped (Redis away or backlog full) and received from other nodes. */
    public String counters() {
        return "published " + published.get() + ", dropped " + dropped.get() + ", received " + received.get();
    }

    private void subscribeLoop() {
        boolean wasDown = false;
        while (!closed) {
            Connection connection = null;
            try {
                connection = new Connection(address, clientConfig);
                Subscription subscription = new Subscription(connection);
                if (wasDown) {
                    log.info("Redis is reachable again; subscribing to {} room(s) and catching up from PostgreSQL",
                            followed.size());
                    wasDown = false;
                }
                subscription.proceed(connection, controlChannel()); // returns when the connection ends
            } catch (JedisException | IllegalStateException e) {
                if (!closed && !wasDown) {
                    log.warn("lost the Redis subscription ({}); reconnecting", e.getMessage());
                }
                wasDown = true;
            } finally {
                synchronized (lock) {
                    current = null;
                }
                if (connection != null) {
                    connection.close();
                }
            }
            if (!closed) {
                try {
                    Thread.sleep(RECONNECT_DELAY_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Sends a message to this node's own channel through the publishing client; a subscription that hears
     * nothing for too long is dropped so the loop makes a new one. (Not PING on the subscription: jedis 8 registers
     * the answer's handler after sending, and a quick answer then breaks the subscription.)
     */
    private void checkSubscription() {
        synchronized (lock) {
            Subscription subscription = current;
            if (subscription != null && System.nanoTime() - subscription.lastHeardNanos
                    > TimeUnit.MILLISECONDS.toNanos(SILENT_LIMIT_MS)) {
                log.warn("the Redis subscription went silent; reconnecting");
                subscription.connection.disconnect();
                return;
            }
        }
        try {
            // straight from here, not behind a backlog of events: silence must mean the subscription, not the queue
            publisher.publish(controlChannel(), ALIVE);
        } catch (JedisException e) {
            log.debug("cannot reach Redis: {}", e.getMessage());
        }
    }

    /** One subscribed connection; its callbacks run on the subscriber thread. */
    private final class Subscription extends JedisPubSub {
        final Connection connection;
        volatile long lastHeardNanos = System.nanoTime();

        Subscription(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            lastHeardNanos = System.nanoTime();
            if (channel.equals(controlChannel())) {
                synchronized (lock) {
                    current = this;
                    if (!followed.isEmpty()) {
                        subscribe(followed.stream().map(RedisEventFanout.this::channel).toArray(String[]::new));
                    }
                }
                return;
            }
            Long roomId = roomOf(channel);
            if (roomId != null) {
                // Events committed before this point never reach us by pub/sub: read them from the log.
                listener.resync(roomId);
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            lastHeardNanos = System.nanoTime();
            if (channel.equals(controlChannel())) {
                return; // our own sign of life
            }
            FanoutMessage decoded;
            try {
                decoded = FanoutMessage.decode(message);
            } catch (IllegalArgumentException e) {
                log.warn("ignoring an unreadable fan-out message on {}: {}", channel, e.getMessage());
                return;
            }
            if (decoded.nodeId().equals(nodeId)) {
                return; // our own commit: its frames went to our connections directly
            }
            received.incrementAndGet();
            listener.onRemoteEvents(decoded.roomId(), decoded.firstSeq(), decoded.frames());
        }
    }

    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        synchronized (lock) {
            if (current != null) {
                current.connection.disconnect();
            }
        }
        subscriber.interrupt();
        try {
            publishing.join(2_000);
            subscriber.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
    }
}
