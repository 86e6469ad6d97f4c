package app.queued.protocol;

/** One entry of the room's history: a track that played, who added it and its final score. */
public record PlayedTrack(long trackId, String videoId, String title, String channel, long addedBy,
                          String addedByName, int finalScore, long playedAt, boolean fallback) {
}
