package app.queued.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.HdrHistogram.Histogram;

/**
 * The other floor under a vote: how long the server's PostgreSQL takes to make one small row durable (an
 * autocommitted INSERT into an ordinary, WAL-logged table, so each commit waits for its fsync as a vote's does).
 */
final class CommitFloor {
    record Result(int commits, double p50Ms, double p99Ms, double maxMs) {
    }

    private CommitFloor() {
    }

    static Result measure(String jdbcUrl, int commits) throws SQLException {
        Histogram micros = new Histogram(60_000_000L, 3);
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS bench_commit_floor (id bigserial PRIMARY KEY, v int NOT NULL)");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench_commit_floor (v) VALUES (?)")) {
                for (int i = 0; i < commits + 100; i++) {
                    long t0 = System.nanoTime();
                    insert.setInt(1, i);
                    insert.executeUpdate();
                    if (i >= 100) { // the first hundred warm the connection and the JIT
                        micros.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                    }
                }
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS bench_commit_floor");
                }
            }
        }
        return new Result(commits, micros.getValueAtPercentile(50) / 1000.0,
                micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0);
    }
}
