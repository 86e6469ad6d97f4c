package app.queued.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import redis.clients.jedis.RedisClient;

class LocalRedisTest {

    @Test
    void startsOnLoopbackWithoutPersistenceAndStops() throws Exception {
        LocalRedis redis = LocalRedis.start();
        int port = redis.port();
        try (RedisClient client = RedisClient.create(Loopback.HOST, port)) {
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + port);
            assertThat(client.ping()).isEqualTo("PONG");
            assertThat(client.configGet("save")).isEqualTo(Map.of("save", ""));
            assertThat(client.configGet("appendonly")).isEqualTo(Map.of("appendonly", "no"));
            assertThat(client.configGet("bind")).isEqualTo(Map.of("bind", "127.0.0.1"));
        } finally {
            redis.close();
        }
        redis.close(); // idempotent
        await().atMost(Duration.ofSeconds(10)).until(() -> Loopback.isFree(port));
        assertThat(redisChildren()).isZero();
    }

    @Test
    void twoInstancesGetTheirOwnPorts() throws Exception {
        try (LocalRedis a = LocalRedis.start(); LocalRedis b = LocalRedis.start()) {
            assertThat(a.port()).isNotEqualTo(b.port());
            try (RedisClient client = RedisClient.create(Loopback.HOST, b.port())) {
                assertThat(client.ping()).isEqualTo("PONG");
            }
        }
        assertThat(redisChildren()).isZero();
    }

    /** Servers other tests of this JVM started (the shared test storage) are not ours to count. */
    private final java.util.Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid)
            .collect(java.util.stream.Collectors.toSet());

    long redisChildren() {
        return ProcessHandle.current().descendants()
                .filter(p -> !before.contains(p.pid()))
                .filter(Processes::isRunning)
                .filter(p -> Processes.executableName(p).startsWith("redis-server"))
                .count();
    }
}
