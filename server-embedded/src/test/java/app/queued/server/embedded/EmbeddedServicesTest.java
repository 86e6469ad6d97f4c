package app.queued.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import redis.clients.jedis.RedisClient;

class EmbeddedServicesTest {

    @TempDir
    Path appData;

    @Test
    void startsBothAndClosesBothWithoutLeftovers() throws Exception {
        EmbeddedServices services = EmbeddedServices.start(appData);
        long postmaster;
        try {
            assertThat(Pg.queryOne(services.postgres().jdbcUrl(), "select 1")).isEqualTo("1");
            try (RedisClient client = RedisClient.create(Loopback.HOST, services.redis().port())) {
                assertThat(client.ping()).isEqualTo("PONG");
            }
            assertThat(appData.resolve("postgres").resolve("PG_VERSION")).exists();
            postmaster = StalePostmaster.pid(appData.resolve("postgres")).orElseThrow();
        } finally {
            services.close();
        }
        services.close(); // idempotent

        // pg_ctl detaches the postmaster, so check it by PID as well as among our descendants.
        assertThat(ProcessHandle.of(postmaster).filter(Processes::isRunning)).isEmpty();
        assertThat(leftoverServers()).isEmpty();
    }

    @Test
    void whenPostgresFailsRedisIsStoppedToo() throws Exception {
        Files.createDirectories(appData.resolve("postgres"));
        Files.writeString(appData.resolve("postgres").resolve("PG_VERSION"), "99\n");

        assertThatThrownBy(() -> EmbeddedServices.start(appData))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("newer version of Queued (PostgreSQL 99)");
        assertThat(leftoverServers()).isEmpty();
    }

    /** Servers other tests of this JVM started (the shared test storage) are not ours to count. */
    private final java.util.Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid)
            .collect(java.util.stream.Collectors.toSet());

    private List<String> leftoverServers() {
        return ProcessHandle.current().descendants()
                .filter(p -> !before.contains(p.pid()))
                .filter(Processes::isRunning)
                .map(Processes::executableName)
                .filter(name -> name.startsWith("postgres") || name.startsWith("redis-server")
                        || name.equals("pg_ctl") || name.equals("initdb"))
                .toList();
    }
}
