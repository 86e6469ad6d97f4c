package app.queued.server.catalog.youtube;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import javax.sql.DataSource;

/**
 * The quota count in PostgreSQL ({@code youtube_quota}, migration V3), shared by every server node on the same
 * database. The addition happens inside SQL, so concurrent nodes never lose units.
 */
final class JdbcQuotaStore implements QuotaStore {
    private final DataSource dataSource;

    JdbcQuotaStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Day read(LocalDate day) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT units, exhausted_at FROM youtube_quota WHERE day = ?")) {
            ps.setDate(1, Date.valueOf(day));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? day(day, rs) : new Day(day, 0, null);
            }
        }
    }

    @Override
    public Day add(LocalDate day, long units) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO youtube_quota (day, units) VALUES (?, ?)
                     ON CONFLICT (day) DO UPDATE SET units = youtube_quota.units + EXCLUDED.units, updated_at = now()
                     RETURNING units, exhausted_at""")) {
            ps.setDate(1, Date.valueOf(day));
            ps.setLong(2, units);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return day(day, rs);
            }
        }
    }

    @Override
    public void markExhausted(LocalDate day, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO youtube_quota (day, units, exhausted_at) VALUES (?, 0, ?)
                     ON CONFLICT (day) DO UPDATE
                       SET exhausted_at = coalesce(youtube_quota.exhausted_at, EXCLUDED.exhausted_at),
                           updated_at = now()""")) {
            ps.setDate(1, Date.valueOf(day));
            ps.setTimestamp(2, Timestamp.from(at));
            ps.executeUpdate();
        }
    }

    private static Day day(LocalDate day, ResultSet rs) throws SQLException {
        Timestamp exhausted = rs.getTimestamp(2);
        return new Day(day, rs.getLong(1), exhausted == null ? null : exhausted.toInstant());
    }
}
