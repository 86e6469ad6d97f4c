package app.queued.server.catalog;

import javax.sql.DataSource;

/**
 * What a running vote server lends its catalog: the PostgreSQL pool (the source of truth, already migrated) and
 * the Redis it caches in. Redis may be absent ({@code redisUrl} null) or down at any time.
 *
 * @param redisPrefix key prefix of this server's Redis keys, e.g. {@code queued:}
 */
public record CatalogResources(DataSource dataSource, String redisUrl, String redisPrefix) {
}
