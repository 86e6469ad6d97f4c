package app.queued.server;

import app.queued.appdata.AppData;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The storage options of the command lines — the headless server's ({@link Main}) and the benchmark's — parsed and
 * checked here, once, as picocli reads them: a URL of the wrong form is refused before anything starts, with a
 * message naming the option. Use as {@code @Mixin StorageOptions} (the server: all of them) or
 * {@code @Mixin StorageOptions.Database} (only the PostgreSQL, e.g. the benchmark's view of a running server).
 */
public final class StorageOptions {

    @Mixin
    Database database = new Database();

    @Option(names = "--redis-url", paramLabel = "URL", defaultValue = "${env:QUEUED_REDIS_URL}",
            description = "External Redis (redis://host:6379) when --db-url is set. Env: QUEUED_REDIS_URL.")
    String redisUrl;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the embedded database keeps rooms. Default: the app-data folder.")
    Path dataDir;

    /** The external PostgreSQL and its credentials; null: none set, the server runs its embedded storage. */
    public StorageUrls.Jdbc jdbc() {
        return database.jdbc();
    }

    /** The external Redis, or null (none set, or no external PostgreSQL for it to go with). */
    public String redisUrl() {
        return jdbc() == null || redisUrl == null || redisUrl.isBlank() ? null : redisUrl.strip();
    }

    /** True when a Redis URL was given (flag or environment) that {@link #redisUrl} ignores: no --db-url. */
    public boolean redisWithoutDatabase() {
        return jdbc() == null && redisUrl != null && !redisUrl.isBlank();
    }

    /** The data folder of the embedded storage: --data-dir, else the app-data folder. */
    public Path dataDir() {
        return dataDir != null ? dataDir : AppData.defaultDir();
    }

    /** Sets the builder's storage: embedded in {@link #dataDir}, or the external PostgreSQL and Redis. */
    public ServerConfig.Builder applyTo(ServerConfig.Builder config) {
        config.withDataDir(dataDir());
        StorageUrls.Jdbc jdbc = jdbc();
        if (jdbc != null) {
            config.withExternal(jdbc.url(), jdbc.user(), jdbc.password(), redisUrl());
        }
        return config;
    }

    /** An external PostgreSQL: {@code --db-url} (JDBC or libpq form) and {@code --db-password}. */
    public static final class Database {

        @Option(names = "--db-url", paramLabel = "URL", defaultValue = "${env:QUEUED_DB_URL}",
                converter = JdbcConverter.class,
                description = "External PostgreSQL (postgresql://user@host:5432/db or a JDBC URL). "
                        + "Env: QUEUED_DB_URL.")
        StorageUrls.Jdbc url;

        @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "${env:QUEUED_DB_PASSWORD}",
                description = "Password for the external PostgreSQL (wins over one in --db-url). "
                        + "Env: QUEUED_DB_PASSWORD.")
        String password;

        /**
         * The PostgreSQL with its user and password (a non-empty --db-password wins over the URL's), or null: none
         * set.
         */
        public StorageUrls.Jdbc jdbc() {
            if (url == null) {
                return null;
            }
            return password == null || password.isEmpty() ? url : new StorageUrls.Jdbc(url.url(), url.user(), password);
        }
    }

    /** Reads --db-url with {@link StorageUrls#jdbc}; blank is none (an empty environment variable). */
    static final class JdbcConverter implements ITypeConverter<StorageUrls.Jdbc> {
        @Override
        public StorageUrls.Jdbc convert(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return StorageUrls.jdbc(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
