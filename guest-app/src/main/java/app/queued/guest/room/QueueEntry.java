package app.queued.guest.room;

/**
 * One row of the queue as the guest sees it: the server's state with the guest's own unconfirmed votes laid over.
 *
 * @param position   1 for the song that plays next
 * @param score      the score shown, the guest's unconfirmed vote included
 * @param myVote     this guest's vote as shown: 1, 0 or -1
 * @param confirming true while this guest's vote on it waits for the server
 * @param mine       added by this guest
 */
public record QueueEntry(long trackId, int position, String videoId, String title, String channel,
                         String addedByName, int durationSeconds, int score, int myVote, boolean confirming,
                         boolean mine) {

    /** "3:45"; empty for an unknown length. */
    public String durationText() {
        return durationSeconds <= 0 ? "" : Clock.minutes(durationSeconds);
    }

    /** Small helpers for times shown on screen. */
    static final class Clock {
        private Clock() {
        }

        static String minutes(long seconds) {
            long s = Math.max(0, seconds);
            return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                    : String.format("%d:%02d", s / 60, s % 60);
        }
    }
}
