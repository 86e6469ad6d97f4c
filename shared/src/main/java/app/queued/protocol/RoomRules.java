package app.queued.protocol;

/**
 * The rules the host sets for a room; part of every snapshot, and a change is a {@code rulesChanged} event.
 * Enforced by the server; clients use them to show why something is off and to order the queue.
 *
 * @param ordering         {@code votes} (score, then time added) or {@code fair} (score, then how many of the
 *                         adder's tracks already played, then time added)
 * @param maxQueuedPerGuest a guest may have at most this many tracks queued (null: no cap; hosts are exempt)
 * @param maxTrackSeconds  longer tracks are refused (null: any length)
 * @param downvotes        false refuses -1 votes
 * @param autoRemoveAt     a queued track whose score falls to this or lower is removed (null: never)
 * @param addingLocked     guests may not add
 * @param votingLocked     guests may not vote
 * @param voteOnly         guests may only vote, and only on tracks the host or a co-host queued
 * @param skipShare        share of present people whose "skip" requests skip the current track (0 < s <= 1)
 */
public record RoomRules(
        String ordering,
        Integer maxQueuedPerGuest,
        Integer maxTrackSeconds,
        Boolean downvotes,
        Integer autoRemoveAt,
        Boolean addingLocked,
        Boolean votingLocked,
        Boolean voteOnly,
        Double skipShare) {

    public static final String VOTES = "votes";
    public static final String FAIR = "fair";

    public static final RoomRules DEFAULTS = new RoomRules(VOTES, null, null, true, null, false, false, false, 0.5);

    public RoomRules {
        if (ordering == null) {
            ordering = VOTES;
        }
        if (!ordering.equals(VOTES) && !ordering.equals(FAIR)) {
            throw new IllegalArgumentException("ordering must be \"votes\" or \"fair\"");
        }
        if (maxQueuedPerGuest != null && (maxQueuedPerGuest < 1 || maxQueuedPerGuest > 1000)) {
            throw new IllegalArgumentException("maxQueuedPerGuest must be between 1 and 1000");
        }
        if (maxTrackSeconds != null && (maxTrackSeconds < 30 || maxTrackSeconds > 24 * 3600)) {
            throw new IllegalArgumentException("maxTrackSeconds must be between 30 and 86400");
        }
        if (autoRemoveAt != null && (autoRemoveAt > -1 || autoRemoveAt < -1000)) {
            throw new IllegalArgumentException("autoRemoveAt must be between -1000 and -1");
        }
        // a field left out of a setRules request takes its default
        downvotes = downvotes == null || downvotes;
        addingLocked = addingLocked != null && addingLocked;
        votingLocked = votingLocked != null && votingLocked;
        voteOnly = voteOnly != null && voteOnly;
        skipShare = skipShare == null ? 0.5 : skipShare;
        if (!(skipShare > 0 && skipShare <= 1)) {
            throw new IllegalArgumentException("skipShare must be more than 0 and at most 1");
        }
    }

    /** How many skip requests of present people skip the current track (at least one). */
    public int skipsNeeded(int present) {
        return Math.max(1, (int) Math.ceil(skipShare * present - 1e-9));
    }
}
