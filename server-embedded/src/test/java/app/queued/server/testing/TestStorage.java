package app.queued.server.testing;

import app.queued.server.embedded.LocalPostgres;
import app.queued.server.embedded.LocalRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL and Redis the tests run on. By default an embedded PostgreSQL and Redis started once per test
 * JVM (the app's default mode); with {@code QUEUED_TEST_DB_URL} (a JDBC URL to a server where the user may
 * create databases, e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres) and {@code QUEUED_TEST_REDIS_URL}
 * the external servers instead. Each test class gets a fresh database and a fresh Redis key prefix.
 */
public final class TestStorage {
    private static TestStorage instance;

    private final String adminJdbcUrl;
    private final String redisUrl;
    private final boolean external;

    private TestStorage(String adminJdbcUrl, String redisUrl, boolean external) {
        this.adminJdbcUrl = adminJdbcUrl;
        this.redisUrl = redisUrl;
        this.external = external;
    }

    public static synchronized TestStorage get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    private static TestStorage create() {
        String db = System.getenv("QUEUED_TEST_DB_URL");
        String redis = System.getenv("QUEUED_TEST_REDIS_URL");
        if (db != null && !db.isBlank()) {
            return new TestStorage(db, redis == null || redis.isBlank() ? "redis://127.0.0.1:6379" : redis, true);
        }
        try {
            Path dir = Files.createTempDirectory("queued-test-pg");
            LocalPostgres postgres = LocalPostgres.start(dir.resolve("pgdata"));
            LocalRedis localRedis = LocalRedis.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                localRedis.close();
                postgres.close();
                deleteTree(dir); // about 55 MB of database per test JVM: nothing stays behind in the temp folder
            }, "test-storage-stop"));
            return new TestStorage(postgres.jdbcUrl(), localRedis.url(), false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start embedded test storage: " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (java.io.IOException e) {
                    // best effort at JVM exit
                }
            });
        } catch (java.io.IOException | RuntimeException e) {
            // best effort at JVM exit
        }
    }

    public boolean external() {
        return external;
    }

    public String redisUrl() {
        return redisUrl;
    }

    /** A new empty database; returns its JDBC URL (user in the URL). */
    public String newDatabase() {
        String name = "queued_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(adminJdbcUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database: " + e.getMessage(), e);
        }
        return replaceDatabase(adminJdbcUrl, name);
    }

    public void dropDatabase(String jdbcUrl) {
        String name = jdbcUrl.replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1");
        try (Connection c = DriverManager.getConnection(adminJdbcUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // best effort: a leftover test database does no harm
        }
    }

    static String replaceDatabase(String url, String name) {
        return url.replaceAll("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    }

    public static String newRedisPrefix() {
        return "queued-test-" + UUID.randomUUID() + ":";
    }
}
