package app.queued.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.queued.server.cluster.ClusterSettings;
import app.queued.server.room.RoomSettings;
import app.queued.server.transport.WsTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The server's configuration is checked once, with a message naming the setting, and cannot change afterwards. */
class ServerConfigTest {
    private static final Path DATA = Path.of("/tmp/queued-config-test");

    private static ServerConfig.Builder embedded() {
        return ServerConfig.builder().withDataDir(DATA);
    }

    private static ServerConfig.Builder external() {
        return ServerConfig.builder().withExternal("jdbc:postgresql://127.0.0.1:5432/test", "queued", "secret",
                "redis://127.0.0.1:6379");
    }

    private static void refused(ServerConfig.Builder builder, String... messageParts) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void theDefaultsAreTheHostAppsAndValid() {
        ServerConfig config = embedded().build();
        assertThat(config.embedded()).isTrue();
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(ServerConfig.DEFAULT_PORT);
        assertThat(config.limits()).isEqualTo(WsTransport.Limits.defaults());
        assertThat(config.roomSettings()).isEqualTo(RoomSettings.defaults());
        assertThat(config.cluster()).isEqualTo(ClusterSettings.defaults());

        ServerConfig shared = external().withCluster(ClusterSettings.defaults().withNodeId("node-1"))
                .withWebOrigins(List.of("https://party.example.com", "http://10.0.0.5:8080/")).build();
        assertThat(shared.embedded()).isFalse();
        assertThat(shared.cluster().nodeId()).isEqualTo("node-1");
    }

    @Test
    void refusesAPortOutOfRange() {
        refused(embedded().withBind("0.0.0.0", -1), "port", "-1");
        refused(embedded().withBind("0.0.0.0", 65_536), "port", "65536");
        assertThat(embedded().withBind("127.0.0.1", 0).build().port()).as("0: any free port").isZero();
    }

    @Test
    void refusesAMissingOrBlankBindAddress() {
        refused(embedded().withBind(null, 0), "bind address");
        refused(embedded().withBind("  ", 0), "bind address");
        refused(embedded().withBind("127.0.0.1 8080", 0), "bind address", "127.0.0.1 8080");
    }

    @Test
    void refusesEmbeddedStorageWithoutADataDirOrWithExternalParts() {
        refused(ServerConfig.builder(), "data dir");
        refused(embedded().withRedisUrl("redis://127.0.0.1:6379"), "redis url", "db url");
        refused(embedded().withExternal(null, "queued", null, null), "db user", "db url");
        refused(embedded().withExternal(null, null, "secret", null), "db password", "db url");
        refused(embedded().withCluster(ClusterSettings.defaults().withNodeId("node-1")), "node id", "db url");
    }

    @Test
    void refusesStorageUrlsOfTheWrongForm() {
        refused(external().withExternal("postgresql://queued:secret@db:5432/queued", null, null, null),
                "db url", "jdbc:postgresql://", "StorageUrls");
        assertThatThrownBy(() -> external().withExternal("postgresql://queued:secret@db:5432/queued", null, null,
                null).build()).message().as("no password in the message").doesNotContain("secret");
        refused(external().withRedisUrl("127.0.0.1:6379"), "redis url", "redis://host:6379");
        refused(external().withRedisUrl("http://127.0.0.1:6379"), "redis url");
        assertThat(external().withRedisUrl(null).build().redisUrl()).as("no Redis: no cache").isNull();
        assertThat(external().withRedisUrl("rediss://cache.example.com:6380").build().redisUrl())
                .isEqualTo("rediss://cache.example.com:6380");
    }

    @Test
    void refusesNegativeOrZeroSizesAndLimits() {
        refused(embedded().withWorkerThreads(0), "worker threads", "0");
        refused(embedded().withDbPoolSize(-3), "db pool size", "-3");
        assertThatThrownBy(() -> new WsTransport.Limits(-1, 10, 10)).hasMessageContaining("rate");
        assertThatThrownBy(() -> new WsTransport.Limits(Double.NaN, 10, 10)).hasMessageContaining("rate");
        assertThatThrownBy(() -> new WsTransport.Limits(10, 0, 10)).hasMessageContaining("burst");
        assertThatThrownBy(() -> new WsTransport.Limits(10, 10, 0)).hasMessageContaining("close after");
        refused(embedded().withLimits(null), "limits");
        refused(embedded().withRoomSettings(null), "room settings");
    }

    @Test
    void refusesABlankAdminTokenAndOddPrefixesAndOrigins() {
        refused(embedded().withAdminToken(""), "admin token");
        refused(embedded().withAdminToken("two words"), "admin token");
        refused(embedded().withRedisPrefix(null), "redis prefix");
        refused(embedded().withRedisPrefix("a b:"), "redis prefix");
        refused(embedded().withWebOrigins(List.of("party.example.com")), "web origin", "party.example.com");
        refused(embedded().withWebOrigins(List.of("https://party.example.com/guests")), "web origin");
        refused(embedded().withWebOrigins(List.of("ftp://party.example.com")), "web origin");
    }

    @Test
    void refusesClusterTimingsThatCannotWork() {
        assertThatThrownBy(() -> ClusterSettings.defaults().withTiming(Duration.ZERO, Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(1))).hasMessageContaining("heartbeat");
        assertThatThrownBy(() -> ClusterSettings.defaults().withTiming(Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(-5), Duration.ofSeconds(1))).hasMessageContaining("reapEvery");
        assertThatThrownBy(() -> ClusterSettings.defaults().withNodeId("two words")).hasMessageContaining("node id");
    }

    @Test
    void itsTextKeepsTheSecretsOut() {
        String text = external().withExternal("jdbc:postgresql://db:5432/q?password=hunter2", "queued", "s3cret",
                "redis://:redispw@cache:6379").withAdminToken("t0ken-value").build().toString();
        assertThat(text).contains("db:5432", "queued", "cache:6379", "admin token set")
                .doesNotContain("hunter2", "s3cret", "redispw", "t0ken-value");
    }

    @Test
    void aBuiltConfigCannotChange() {
        List<String> origins = new ArrayList<>(List.of("https://party.example.com"));
        ServerConfig.Builder builder = external().withWebOrigins(origins);
        ServerConfig config = builder.build();

        origins.add("https://elsewhere.example.com");
        builder.withBind("127.0.0.1", 1234).withWebOrigins(List.of()).withRedisUrl(null);

        assertThat(config.webOrigins()).containsExactly("https://party.example.com");
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
        assertThatThrownBy(() -> config.webOrigins().add("https://elsewhere.example.com"))
                .isInstanceOf(UnsupportedOperationException.class);
        // a record: no setters, and every component is final
        assertThat(ServerConfig.class.isRecord()).isTrue();
        assertThat(ServerConfig.class.getMethods()).noneMatch(m -> m.getName().startsWith("with")
                || m.getName().startsWith("set"));
    }

    @Test
    void mainChecksItsOptionsOnceBeforeAnythingStarts() {
        Main badPort = new Main();
        new CommandLine(badPort).parseArgs("--port", "70000");
        assertThatThrownBy(badPort::config).hasMessageContaining("port").hasMessageContaining("70000");

        Main badBurst = new Main();
        new CommandLine(badBurst).parseArgs("--burst", "0");
        assertThatThrownBy(badBurst::config).hasMessageContaining("burst");

        Main badOrigin = new Main();
        new CommandLine(badOrigin).parseArgs("--web-origin", "example.com", "--data-dir", "/tmp/x");
        assertThatThrownBy(badOrigin::config).hasMessageContaining("web origin");

        Main good = new Main();
        new CommandLine(good).parseArgs("--port", "0", "--bind", "127.0.0.1", "--data-dir", "/tmp/x",
                "--db-url", "postgresql://queued:pw@db.example.com/queued", "--node-id", "n1");
        ServerConfig config = good.config();
        assertThat(config.dbUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/queued");
        assertThat(config.dbUser()).isEqualTo("queued");
        assertThat(config.cluster().nodeId()).isEqualTo("n1");
    }
}
