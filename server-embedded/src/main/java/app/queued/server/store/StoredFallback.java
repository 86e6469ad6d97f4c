package app.queued.server.store;

import app.queued.protocol.CatalogEntry;
import app.queued.protocol.Codec;
import java.io.IOException;
import java.util.List;

/** What plays when the queue runs dry, as stored in {@code room.fallback}: "links" with entries, or "history". */
record StoredFallback(String source, List<CatalogEntry> entries) {

    /** The stored JSON read through the shared codec; null when it cannot be read (nothing then plays). */
    static StoredFallback parse(String json) {
        try {
            return Codec.mapper().readValue(json, StoredFallback.class);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
