package app.queued.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL connection pool, migrated to the current schema on open, and whether PostgreSQL answers.
 *
 * <p>When a connection is lost (PostgreSQL stopped or restarted, the network dropped) the database counts as down:
 * {@link #connection()} then fails at once instead of every request waiting for the pool's timeout, and a probe
 * asks the pool for a working connection every {@value #PROBE_INTERVAL_MS} ms. The first that works counts it as up
 * again and tells the {@link #onRecovered} listeners.
 *
 * <p>The probe opens its own connection, outside the pool: a pool asked for connections while PostgreSQL is away
 * keeps retrying with a growing pause (up to 5 s), and would hand out its first one that much after PostgreSQL is
 * back. For the same reason the pool keeps no minimum of idle connections: while nobody waits, it stops trying.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** How long a request may wait for a pooled connection (also bounds finding out that PostgreSQL is away). */
    static final long CONNECTION_TIMEOUT_MS = 1_000;
    /** How long a statement may wait for PostgreSQL's answer before its connection counts as lost. */
    static final int NETWORK_TIMEOUT_MS = 3_000;
    static final long PROBE_INTERVAL_MS = 100;

    private final HikariDataSource pool;
    private final String jdbcUrl;
    private final Properties probeProperties;
    private final ScheduledExecutorService probe;
    private final Executor sameThread = Runnable::run;
    private final AtomicBoolean down = new AtomicBoolean();
    private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();
    private volatile long downSinceNanos;

    private Database(HikariDataSource pool, String jdbcUrl, String user, String password) {
        this.pool = pool;
        this.jdbcUrl = jdbcUrl;
        this.probeProperties = new Properties();
        if (user != null) {
            probeProperties.setProperty("user", user);
        }
        if (password != null) {
            probeProperties.setProperty("password", password);
        }
        probeProperties.setProperty("connectTimeout", "1");
        probeProperties.setProperty("socketTimeout", "1");
        probeProperties.setProperty("loginTimeout", "2");
        probeProperties.setProperty("ApplicationName", "queued-probe");
        this.probe = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "queued-db-probe");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens a pool and applies pending migrations.
     *
     * @param jdbcUrl  e.g. {@code jdbc:postgresql://127.0.0.1:5432/queued}
     * @param user     may be null when the URL carries it
     * @param password may be null
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("queued-db");
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setValidationTimeout(Math.min(500, CONNECTION_TIMEOUT_MS / 2));
        config.setAutoCommit(true);
        // A server-side prepared statement per hot query, and batched inserts rewritten as one statement.
        config.addDataSourceProperty("prepareThreshold", "1");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "queued");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("connectTimeout", "2");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, jdbcUrl, user, password);
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * A pooled connection whose statements give up after {@value #NETWORK_TIMEOUT_MS} ms without an answer (a
     * dropped network never answers). Fails at once while the database is known to be down.
     */
    public Connection connection() throws SQLException {
        if (down.get()) {
            throw new DatabaseDownException();
        }
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            failed(e);
            throw e;
        }
        try {
            c.setNetworkTimeout(sameThread, NETWORK_TIMEOUT_MS);
        } catch (SQLException e) {
            c.close();
            failed(e);
            throw e;
        }
        return c;
    }

    /** True while PostgreSQL is known to be unreachable (from a lost connection until the probe gets one again). */
    public boolean isDown() {
        return down.get();
    }

    /** Runs {@code listener} (on the probe's thread; it must not block) each time the database is back. */
    public void onRecovered(Runnable listener) {
        recoveryListeners.add(listener);
    }

    /**
     * Tells the database a statement failed; a lost connection counts it as down until the probe finds it back.
     * Any other failure (a constraint, a bad statement) says nothing about whether PostgreSQL answers.
     */
    public void failed(Exception e) {
        if (!(e instanceof SQLException sql) || !isConnectionLoss(sql) || !down.compareAndSet(false, true)) {
            return;
        }
        downSinceNanos = System.nanoTime();
        log.warn("PostgreSQL is unreachable ({}); answering at once until it is back", e.toString());
        // Connections from before are dead if PostgreSQL restarted: none of them may be handed out again.
        pool.getHikariPoolMXBean().softEvictConnections();
        scheduleProbe(0);
    }

    private void scheduleProbe(long delayMs) {
        try {
            probe.schedule(this::probe, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void probe() {
        if (pool.isClosed()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, probeProperties)) {
            if (!c.isValid(1)) {
                throw new SQLTransientConnectionException("the probe's connection is not valid");
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("PostgreSQL still unreachable: {}", e.toString());
            scheduleProbe(PROBE_INTERVAL_MS);
            return;
        }
        pool.getHikariPoolMXBean().softEvictConnections(); // none from before the outage is handed out
        down.set(false);
        log.info("PostgreSQL is reachable again after {} ms",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSinceNanos));
        for (Runnable listener : recoveryListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("a database recovery listener failed", e);
            }
        }
    }

    /**
     * Whether this failure means the connection (or PostgreSQL) is gone — rather than PostgreSQL refusing the
     * statement: a connection-class SQLSTATE (08…, also on the pool's timeout when connecting failed), an
     * administrator or crash shutdown, a server still starting, or an I/O error underneath. The pool's timeout
     * without a failed connection (every connection busy) is not a loss.
     */
    public static boolean isConnectionLoss(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLNonTransientConnectionException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        probe.shutdownNow();
        pool.close();
    }

    /** Refused at once: PostgreSQL is known to be unreachable. */
    public static final class DatabaseDownException extends SQLTransientConnectionException {
        DatabaseDownException() {
            super("PostgreSQL is unreachable", "08001");
        }
    }
}
