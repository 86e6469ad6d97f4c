package app.queued.server.testing;

import app.queued.protocol.Results;
import app.queued.server.ServerConfig;
import app.queued.server.VoteServer;
import app.queued.server.catalog.DemoCatalog;
import app.queued.server.catalog.TrackCatalog;
import app.queued.server.room.RoomSettings;
import app.queued.server.transport.WsTransport;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.UnaryOperator;

/** A real vote server on loopback, on a fresh database of {@link TestStorage}. */
public final class TestServer implements AutoCloseable {
    private final VoteServer server;
    private final String jdbcUrl;

    private TestServer(VoteServer server, String jdbcUrl) {
        this.server = server;
        this.jdbcUrl = jdbcUrl;
    }

    public static TestServer start() {
        return start(UnaryOperator.identity());
    }

    /** @param tweak adjusts the config (limits, room settings, another Redis...) */
    public static TestServer start(UnaryOperator<ServerConfig.Builder> tweak) {
        return start(new DemoCatalog(), tweak);
    }

    /** A server with this catalog (e.g. YouTube against a fake) instead of the demo one. */
    public static TestServer start(TrackCatalog catalog, UnaryOperator<ServerConfig.Builder> tweak) {
        TestStorage storage = TestStorage.get();
        String jdbcUrl = storage.newDatabase();
        ServerConfig.Builder config = ServerConfig.builder()
                .withBind("127.0.0.1", 0)
                .withExternal(jdbcUrl, null, null, storage.redisUrl())
                .withRedisPrefix(TestStorage.newRedisPrefix())
                .withLimits(new WsTransport.Limits(10_000, 10_000, 100_000))
                .withRoomSettings(RoomSettings.defaults());
        try {
            return new TestServer(VoteServer.start(tweak.apply(config).build(), catalog), jdbcUrl);
        } catch (Exception e) {
            storage.dropDatabase(jdbcUrl);
            throw new IllegalStateException("test server did not start: " + e.getMessage(), e);
        }
    }

    public VoteServer server() {
        return server;
    }

    public URI uri() {
        return server.localUri();
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public Results.RoomCreated createRoom(String name) {
        try {
            return server.createRoom(name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain JDBC connection to the test database, for checking invariants behind the server's back. */
    public Connection sql() throws SQLException {
        return DriverManager.getConnection(jdbcUrl);
    }

    /** The room's newest seq as PostgreSQL has it. */
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

    @Override
    public void close() {
        server.close();
        TestStorage.get().dropDatabase(jdbcUrl);
    }
}
