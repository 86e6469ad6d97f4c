package app.queued.server.catalog.youtube;

import java.time.Duration;
import java.util.Optional;

/** Where video metadata and search results are cached (Redis); every method is best-effort and never throws. */
interface CatalogCache extends AutoCloseable {

    Optional<String> get(String key);

    void put(String key, String value, Duration ttl);

    /** False while the cache is unreachable; the catalog then works straight from YouTube. */
    boolean available();

    @Override
    void close();

    /** No cache: every read misses. */
    static CatalogCache none() {
        return new CatalogCache() {
            @Override
            public Optional<String> get(String key) {
                return Optional.empty();
            }

            @Override
            public void put(String key, String value, Duration ttl) {
            }

            @Override
            public boolean available() {
                return false;
            }

            @Override
            public void close() {
            }
        };
    }
}
