package app.queued.guest.testing;

import app.queued.protocol.Results;
import app.queued.server.ServerConfig;
import app.queued.server.VoteServer;
import app.queued.server.catalog.DemoCatalog;
import app.queued.server.catalog.TrackCatalog;
import app.queued.server.testing.TestServer;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real vote server (embedded PostgreSQL and Redis) for one test class: started before the class's
 * {@code @BeforeAll} methods, closed after its {@code @AfterAll} ones. Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final PartyServer server = PartyServer.plain();}</pre>
 */
public final class PartyServer implements BeforeAllCallback, AfterAllCallback {
    private final TrackCatalog catalog;
    private final UnaryOperator<ServerConfig.Builder> tweak;
    private TestServer running;

    private PartyServer(TrackCatalog catalog, UnaryOperator<ServerConfig.Builder> tweak) {
        this.catalog = catalog;
        this.tweak = tweak;
    }

    /** The demo catalog and the test defaults. */
    public static PartyServer plain() {
        return new PartyServer(new DemoCatalog(), UnaryOperator.identity());
    }

    /** A server with a catalog and settings of its own (rate limits...). */
    public static PartyServer with(TrackCatalog catalog, UnaryOperator<ServerConfig.Builder> tweak) {
        return new PartyServer(catalog, tweak);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running = TestServer.start(catalog, tweak);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    public TestServer get() {
        if (running == null) {
            throw new IllegalStateException("the server runs only while its test class does");
        }
        return running;
    }

    public VoteServer server() {
        return get().server();
    }

    public URI uri() {
        return get().uri();
    }

    public Results.RoomCreated createRoom(String name) {
        return get().createRoom(name);
    }

    public Connection sql() throws SQLException {
        return get().sql();
    }

    public long lastSeq(long roomId) {
        return get().lastSeq(roomId);
    }
}
