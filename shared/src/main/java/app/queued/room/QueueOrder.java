package app.queued.room;

import app.queued.protocol.Track;
import java.util.Comparator;

/**
 * The one ordering rule (invariant I5): score descending, then added earlier first, then lower track id.
 * A pure function of the tracks, so every client and the server compute the same order.
 */
public final class QueueOrder {
    public static final Comparator<Track> COMPARATOR = Comparator
            .comparingInt(Track::score).reversed()
            .thenComparingLong(Track::addedAt)
            .thenComparingLong(Track::id);

    private QueueOrder() {
    }
}
