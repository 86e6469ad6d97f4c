package app.queued.server;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Reads the storage settings people write: {@code QUEUED_DB_URL} as JDBC or postgresql:// URL. */
public final class StorageUrls {
    private StorageUrls() {
    }

    /** The parts needed to open a pool. */
    public record Jdbc(String url, String user, String password) {

        /**
         * The JDBC URL alone, with the user and password as its parameters (for {@code DriverManager} without
         * properties); the URL's own {@code user=}/{@code password=} stay where none is given here.
         */
        public String urlWithCredentials() {
            StringBuilder full = new StringBuilder(url);
            char next = url.indexOf('?') < 0 ? '?' : '&';
            if (user != null) {
                full.append(next).append("user=").append(URLEncoder.encode(user, StandardCharsets.UTF_8));
                next = '&';
            }
            if (password != null) {
                full.append(next).append("password=").append(URLEncoder.encode(password, StandardCharsets.UTF_8));
            }
            return full.toString();
        }

        /** Without the password, for logs and messages. */
        @Override
        public String toString() {
            return "Jdbc[" + VoteServer.redact(url) + (user == null ? "" : ", user " + user) + "]";
        }
    }

    /**
     * Accepts {@code jdbc:postgresql://host:port/db?user=..}, or {@code postgres[ql]://user:pass@host:port/db}
     * (the libpq form), returning a JDBC URL with user and password split out.
     */
    public static Jdbc jdbc(String url) {
        String trimmed = url.strip();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return new Jdbc(trimmed, null, null);
        }
        if (trimmed.startsWith("postgres://") || trimmed.startsWith("postgresql://")) {
            URI uri = URI.create(trimmed);
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getUserInfo().split(":", 2);
                user = parts[0];
                password = parts.length > 1 ? parts[1] : null;
            }
            String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
            int port = uri.getPort() < 0 ? 5432 : uri.getPort();
            String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "/postgres" : uri.getPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new Jdbc("jdbc:postgresql://" + host + ":" + port + db + query, user, password);
        }
        throw new IllegalArgumentException("QUEUED_DB_URL must look like postgresql://user@host:5432/db or "
                + "jdbc:postgresql://host:5432/db, not '" + VoteServer.redact(trimmed) + "'");
    }
}
