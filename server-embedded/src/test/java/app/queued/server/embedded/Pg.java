package app.queued.server.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain-JDBC helpers for the tests. */
final class Pg {

    private Pg() {
    }

    static String queryOne(String jdbcUrl, String sql) throws SQLException {
        List<String> rows = query(jdbcUrl, sql);
        return rows.isEmpty() ? null : rows.get(0);
    }

    static List<String> query(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }

    static void execute(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
