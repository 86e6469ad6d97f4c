package app.queued.protocol;

/**
 * A track as every client sees it. {@code addedAt} is the server's clock in epoch milliseconds;
 * together with {@code score} and {@code id} it fixes the queue order (see {@code QueueOrder}).
 */
public record Track(
        long id,
        String videoId,
        String title,
        String channel,
        int durationSeconds,
        String thumbnailUrl,
        long addedBy,
        String addedByName,
        long addedAt,
        int score) {

    public Track withScore(int newScore) {
        return new Track(id, videoId, title, channel, durationSeconds, thumbnailUrl, addedBy, addedByName, addedAt,
                newScore);
    }

    public Track withAddedByName(String nickname) {
        return new Track(id, videoId, title, channel, durationSeconds, thumbnailUrl, addedBy, nickname, addedAt,
                score);
    }
}
