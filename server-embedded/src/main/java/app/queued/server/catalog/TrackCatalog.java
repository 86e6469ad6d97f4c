package app.queued.server.catalog;

import app.queued.protocol.CatalogEntry;
import app.queued.protocol.ProtocolException;
import java.util.List;

/**
 * Where track metadata comes from: the offline {@link DemoCatalog} or YouTube
 * ({@link app.queued.server.catalog.youtube.YouTubeCatalog}). Implementations are thread-safe and may block
 * (network); the server calls them off the WebSocket I/O threads. A catalog is handed to
 * {@code VoteServer.start} beside the server's configuration, not inside it: it is a live object, attached to the
 * server's storage while the server runs ({@link #attach}, {@link #detach}).
 */
public interface TrackCatalog {

    /** Shown to users next to search results, e.g. "Offline demo catalog". */
    String name();

    /**
     * Metadata for one playable video.
     *
     * @throws ProtocolException {@code not_found} for an unknown video, {@code bad_request} for one that cannot be
     *                           played (live, not embeddable...), {@code quota_exceeded} or {@code unavailable}
     */
    CatalogEntry lookup(String videoId);

    /** Up to {@code limit} playable results, best first; an empty list when nothing matches. */
    List<CatalogEntry> search(String query, int limit);

    /**
     * Whether every answer comes from memory at once (the demo catalog). Such a catalog needs no bulkhead against a
     * slow network: its calls run beside the joins instead of on the bounded catalog pool, whose limits would only
     * refuse a burst of adds on a busy machine. Default: no (YouTube answers over the network).
     */
    default boolean answersFromMemory() {
        return false;
    }

    /**
     * Called by the vote server once its database (and Redis, if any) are up, before it accepts connections. A
     * catalog that keeps state (cache, quota meter, stored metadata) starts using them here. Default: nothing.
     */
    default void attach(CatalogResources resources) {
    }

    /** Called when the vote server stops, before its database closes; the catalog may be attached again later. */
    default void detach() {
    }
}
