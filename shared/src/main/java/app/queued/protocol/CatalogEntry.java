package app.queued.protocol;

/** A playable video as a catalog (YouTube or the offline demo) describes it. */
public record CatalogEntry(String videoId, String title, String channel, int durationSeconds, String thumbnailUrl) {
}
