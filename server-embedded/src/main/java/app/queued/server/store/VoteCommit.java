package app.queued.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of plain votes committed by ONE statement in one round trip (autocommit), instead of lock, dedupe
 * lookup, apply, append and COMMIT as five: the function {@code queued_commit_votes} (migration V6; since V7 it
 * applies the votes with {@code queued_apply_votes}, the same SQL as {@link RoomTransaction#applyVotes}). The caller
 * validated the votes against its picture of the room at {@code fromSeq}; under the room row's lock PostgreSQL
 * gives them the next seqs and computes each score from the stored votes (I1), so another node that committed
 * votes meanwhile does not make this one fail — its events come back first, for the caller to apply. Only an
 * event that could change a vote's validity (a rule, a role, a ban, a track leaving the queue) makes it refuse;
 * the caller then takes the locked path. A resent request id breaks request_log's key and keeps nothing.
 */
public final class VoteCommit {
    /** The SQLSTATE the statement raises when the caller's picture cannot be the room's (nothing is kept). */
    public static final String MISPREDICTED = "QU001";

    private VoteCommit() {
    }

    /** One vote of the batch: each (guest, track) at most once per batch. */
    public record Vote(long guestId, long trackId, int value, String requestId) {
    }

    /**
     * What the statement did: {@code frames} are the events after {@code fromSeq} in seq order — first those
     * others committed since (their seqs up to {@code firstOwnSeq - 1}), then this batch's votes, in the order
     * given. Or a refusal naming the kind of event that blocked it.
     */
    public record Outcome(String refusedBy, long firstOwnSeq, List<String> frames) {
        public boolean refused() {
            return refusedBy != null;
        }
    }

    static Outcome commit(Connection c, long roomId, long fromSeq, List<Vote> votes) throws SQLException {
        int n = votes.size();
        Long[] guests = new Long[n];
        Long[] tracks = new Long[n];
        Short[] values = new Short[n];
        String[] requestIds = new String[n];
        for (int i = 0; i < n; i++) {
            Vote vote = votes.get(i);
            guests[i] = vote.guestId();
            tracks[i] = vote.trackId();
            values[i] = (short) vote.value();
            requestIds[i] = vote.requestId();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, payload FROM queued_commit_votes(?, ?, ?::bigint[], ?::bigint[], ?::smallint[], ?::text[])")) {
            ps.setLong(1, roomId);
            ps.setLong(2, fromSeq);
            ps.setArray(3, c.createArrayOf("bigint", guests));
            ps.setArray(4, c.createArrayOf("bigint", tracks));
            ps.setArray(5, c.createArrayOf("smallint", values));
            ps.setArray(6, c.createArrayOf("text", requestIds));
            List<String> frames = new ArrayList<>();
            long lastSeq = fromSeq;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    if (seq < 0) {
                        return new Outcome(rs.getString(2), -1, List.of());
                    }
                    frames.add(rs.getString(2));
                    lastSeq = seq;
                }
            }
            return new Outcome(null, lastSeq - n + 1, frames);
        }
    }
}
