package app.queued.room;

import app.queued.protocol.RoomRules;
import app.queued.protocol.Track;
import java.util.Comparator;
import java.util.Map;

/**
 * The one ordering rule (invariant I5): score descending, then added earlier first, then lower track id. In the
 * {@code fair} mode, between equal scores, tracks of guests who have had fewer tracks played come first. A pure
 * function of the room's state, so every client and the server compute the same order.
 */
public final class QueueOrder {
    public static final Comparator<Track> COMPARATOR = Comparator
            .comparingInt(Track::score).reversed()
            .thenComparingLong(Track::addedAt)
            .thenComparingLong(Track::id);

    private QueueOrder() {
    }

    /** The order for a room's rules; {@code playedCounts} maps a guest to their tracks played so far. */
    public static Comparator<Track> comparator(RoomRules rules, Map<Long, Integer> playedCounts) {
        if (rules == null || !RoomRules.FAIR.equals(rules.ordering())) {
            return COMPARATOR;
        }
        return Comparator.comparingInt(Track::score).reversed()
                .thenComparingInt(t -> playedCounts.getOrDefault(t.addedBy(), 0))
                .thenComparingLong(Track::addedAt)
                .thenComparingLong(Track::id);
    }
}
