package app.queued.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
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
    void theRedisServerIsUnpackedOncePerRunAndRemovedAtExit() throws Exception {
        LocalRedis one = LocalRedis.start();
        LocalRedis two = LocalRedis.start();
        java.io.File binary = RedisBinary.get();
        assertThat(binary).exists();
        one.close();
        two.close();
        assertThat(RedisBinary.get()).isEqualTo(binary); // reused, not written again (and not left per start)
        RedisBinary.delete(); // what the exit hook does
        assertThat(binary).doesNotExist();
        assertThat(binary.getParentFile()).doesNotExist(); // every start used to leave ~10 MB in the temp folder
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

    /**
     * Issue 16.10: one start in three failed with "error=26, Text file busy". Every start wrote the binary out again
     * just before running it, and a process started meanwhile on another thread (PostgreSQL starts beside Redis)
     * inherited the file still open for writing, so running it failed. Here other threads start processes all the
     * time while Redis starts again and again (the first start, like the host app's, comes before them).
     */
    @Test
    void startsWhileOtherThreadsKeepStartingProcesses() throws Exception {
        LocalRedis.start().close();
        java.util.concurrent.atomic.AtomicBoolean spawning = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger spawned = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> spawners = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            spawners.add(new Thread(() -> {
                while (spawning.get()) {
                    try {
                        new ProcessBuilder("true").start().waitFor();
                        spawned.incrementAndGet();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "spawner-" + t));
        }
        spawners.forEach(Thread::start);
        try {
            for (int i = 0; i < 20; i++) {
                try (LocalRedis redis = LocalRedis.start(); RedisClient client = RedisClient.create(Loopback.HOST,
                        redis.port())) {
                    assertThat(client.ping()).isEqualTo("PONG");
                }
            }
        } finally {
            spawning.set(false);
            for (Thread spawner : spawners) {
                spawner.join();
            }
        }
        assertThat(spawned.get()).as("processes started beside").isPositive();
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

    @Test
    void orphanLeftByACrashedHostIsStoppedAtTheNextStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path appData)
            throws Exception {
        java.nio.file.Path ready = appData.resolve("ready");
        Process host = new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CrashingRedisHost.class.getName(), appData.toString(), ready.toString())
                .redirectErrorStream(true)
                .redirectOutput(appData.resolve("host.out").toFile())
                .start();
        long orphanPid;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> java.nio.file.Files.exists(ready) || !host.isAlive());
            assertThat(ready).as("child host started; see host.out").exists();
            orphanPid = StaleRedis.read(appData.resolve(StaleRedis.PID_FILE)).orElseThrow()[0];
        } finally {
            host.destroyForcibly(); // SIGKILL: no close, no hooks — a crash
            host.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow();
        assertThat(Processes.isRunning(orphan)).as("redis-server outlives the crashed host").isTrue();

        try (LocalRedis redis = LocalRedis.start(appData)) {
            assertThat(Processes.isRunning(orphan)).isFalse();
            assertThat(StaleRedis.read(appData.resolve(StaleRedis.PID_FILE)).orElseThrow()[1]).isEqualTo(redis.port());
        }
        assertThat(appData.resolve(StaleRedis.PID_FILE)).doesNotExist();
    }

    @Test
    void aRecordNamingAnUnrelatedProcessLeavesItAlone(@org.junit.jupiter.api.io.TempDir java.nio.file.Path appData)
            throws Exception {
        // After a reboot the pid can belong to anything — here, this very JVM, which must survive.
        java.nio.file.Files.writeString(appData.resolve(StaleRedis.PID_FILE), ProcessHandle.current().pid() + " 6379\n");
        try (LocalRedis redis = LocalRedis.start(appData)) {
            try (RedisClient client = RedisClient.create(Loopback.HOST, redis.port())) {
                assertThat(client.ping()).isEqualTo("PONG");
            }
        }
    }
}
