package app.queued.host.party;

import app.queued.fx.Durations;
import app.queued.protocol.Track;

/** One row of the queue as the host sees it. {@code position} counts from 1; {@code myVote} is the host's own. */
public record QueueEntry(long trackId, int position, String videoId, String title, String channel,
                         String addedByName, int score, int myVote, String duration) {

    static QueueEntry of(Track track, int position, int myVote) {
        return new QueueEntry(track.id(), position, track.videoId(), track.title(), track.channel(),
                track.addedByName(), track.score(), myVote, Durations.format(track.durationSeconds()));
    }
}
