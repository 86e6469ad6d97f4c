package app.queued.server.store;

/** One vote of a set-based vote batch. Within one batch each (guest, track) pair appears once. */
public record VoteInput(long guestId, long trackId, int value) {
}
