package app.queued.guest.room;

import app.queued.fx.Durations;

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
        return durationSeconds <= 0 ? "" : Durations.format(durationSeconds);
    }
}
