package app.queued.host.party;

import app.queued.protocol.Track;

/** One row of the queue as the host sees it. {@code position} counts from 1; {@code myVote} is the host's own. */
public record QueueEntry(long trackId, int position, String videoId, String title, String channel,
                         String addedByName, int score, int myVote, String duration) {

    static QueueEntry of(Track track, int position, int myVote) {
        return new QueueEntry(track.id(), position, track.videoId(), track.title(), track.channel(),
                track.addedByName(), track.score(), myVote, Clock.format(track.durationSeconds()));
    }

    /** Minutes and seconds, e.g. 3:07 or 1:02:03. */
    public static final class Clock {
        private Clock() {
        }

        public static String format(double seconds) {
            long s = Math.max(0, Math.round(seconds));
            if (s >= 3600) {
                return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
            }
            return String.format("%d:%02d", s / 60, s % 60);
        }
    }
}
