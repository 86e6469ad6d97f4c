package app.queued.protocol;

/**
 * A playable video as a catalog (YouTube or the offline demo) describes it. Its title and channel follow
 * {@link ShownText}'s rule, whatever the catalog sent: a title that would show nothing becomes "YouTube video" and
 * the id, a channel that would show nothing becomes empty.
 */
public record CatalogEntry(String videoId, String title, String channel, int durationSeconds, String thumbnailUrl) {
    public CatalogEntry {
        title = ShownText.clean(title);
        if (!ShownText.hasVisible(title)) {
            title = "YouTube video " + videoId;
        }
        channel = ShownText.clean(channel);
        if (!ShownText.hasVisible(channel)) {
            channel = "";
        }
    }
}
