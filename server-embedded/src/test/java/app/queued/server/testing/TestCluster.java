package app.queued.server.testing;

import app.queued.protocol.Results;
import app.queued.server.ServerConfig;
import app.queued.server.VoteServer;
import app.queued.server.catalog.DemoCatalog;
import app.queued.server.cluster.ClusterSettings;
import app.queued.server.room.RoomSettings;
import app.queued.server.transport.WsTransport;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Several vote servers in this JVM sharing one fresh database of {@link TestStorage} and one Redis key prefix, as
 * nodes behind a load balancer would. Their cluster chores run fast (heartbeat 200 ms, dead after 1 s) so a test
 * sees a dead node's presence expire quickly.
 */
public final class TestCluster implements AutoCloseable {
    public static final ClusterSettings FAST = ClusterSettings.defaults().withTiming(Duration.ofMillis(200),
            Duration.ofMillis(1000), Duration.ofMillis(300), Duration.ofMillis(250));

    private final List<VoteServer> nodes = new ArrayList<>();
    private final String jdbcUrl;
    private final String redisUrl;
    private final String redisPrefix;

    private TestCluster(String jdbcUrl, String redisUrl, String redisPrefix) {
        this.jdbcUrl = jdbcUrl;
        this.redisUrl = redisUrl;
        this.redisPrefix = redisPrefix;
    }

    public static TestCluster start(int size) {
        return start(size, TestStorage.get().redisUrl(), UnaryOperator.identity());
    }

    /** @param tweak adjusts each node's config (the node's cluster settings already carry its id, node-1...) */
    public static TestCluster start(int size, String redisUrl, UnaryOperator<ServerConfig.Builder> tweak) {
        TestStorage storage = TestStorage.get();
        TestCluster cluster = new TestCluster(storage.newDatabase(), redisUrl, TestStorage.newRedisPrefix());
        try {
            for (int i = 0; i < size; i++) {
                ServerConfig.Builder config = ServerConfig.builder()
                        .withBind("127.0.0.1", 0)
                        .withExternal(cluster.jdbcUrl, null, null, redisUrl)
                        .withRedisPrefix(cluster.redisPrefix)
                        .withLimits(new WsTransport.Limits(10_000, 10_000, 100_000))
                        .withRoomSettings(RoomSettings.defaults())
                        .withCluster(FAST.withNodeId("node-" + (i + 1)));
                cluster.nodes.add(VoteServer.start(tweak.apply(config).build(), new DemoCatalog()));
            }
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw new IllegalStateException("test cluster did not start: " + e.getMessage(), e);
        }
    }

    public int size() {
        return nodes.size();
    }

    public VoteServer node(int i) {
        return nodes.get(i);
    }

    public URI uri(int i) {
        return nodes.get(i).localUri();
    }

    /** Every node's address, starting with node {@code first} (as a client configured with all of them). */
    public List<URI> urisFrom(int first) {
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            uris.add(uri((first + i) % nodes.size()));
        }
        return uris;
    }

    public String redisUrl() {
        return redisUrl;
    }

    public String redisPrefix() {
        return redisPrefix;
    }

    public Results.RoomCreated createRoom(String name) {
        try {
            return nodes.get(0).createRoom(name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Connection sql() throws SQLException {
        return DriverManager.getConnection(jdbcUrl);
    }

    public long lastSeq(long roomId) {
        try (Connection c = sql();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM room WHERE id = ?")) {
            ps.setLong(1, roomId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Node {@code i} dies as under kill -9 ({@link VoteServer#halt()}). */
    public void halt(int i) {
        nodes.get(i).halt();
    }

    @Override
    public void close() {
        for (VoteServer node : nodes) {
            node.close();
        }
        TestStorage.get().dropDatabase(jdbcUrl);
    }
}
