package app.queued.host;

import app.queued.protocol.CatalogEntry;
import app.queued.server.catalog.TrackCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * A catalog that knows every well-formed video id, with made-up titles: for measurements that need more distinct
 * tracks than the offline demo catalog has (a 200-track queue). Never used by the app itself.
 */
public final class SyntheticCatalog implements TrackCatalog {

    /** The n-th synthetic video id (11 characters, as YouTube's). */
    public static String id(int n) {
        return String.format("syn%08d", n);
    }

    @Override
    public String name() {
        return "Synthetic test catalog";
    }

    @Override
    public CatalogEntry lookup(String videoId) {
        int h = Math.abs(videoId.hashCode());
        return new CatalogEntry(videoId, "Synthetic track " + videoId.substring(3) + " \u2014 a fairly long title",
                "Channel " + (h % 40), 120 + h % 240, null);
    }

    @Override
    public List<CatalogEntry> search(String query, int limit) {
        List<CatalogEntry> results = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            results.add(lookup(id(90_000 + i)));
        }
        return results;
    }
}
