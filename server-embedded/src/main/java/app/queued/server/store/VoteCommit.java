package app.queued.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A batch of plain votes committed by ONE statement in one round trip (autocommit), instead of lock, dedupe
 * lookup, apply, append and COMMIT as five. The room row is taken only if its last seq is still the one the
 * worker knows (no other writer moved the room), so the worker's in-memory picture — from which it already built
 * the event frames — is the database's. Scores still move inside SQL by the stored difference (I1); if they end
 * anywhere other than where the worker predicted, the statement raises and nothing of it is kept. A resent
 * request id breaks request_log's key and likewise keeps nothing; the caller then takes the general path.
 */
public final class VoteCommit {
    /** The SQLSTATE the statement raises when the scores it moved differ from the predicted ones. */
    public static final String MISPREDICTED = "QU001";

    private static final String SQL = """
            WITH locked AS (
                UPDATE room SET last_seq = ? WHERE id = ? AND last_seq = ? RETURNING id
            ), input AS (
                -- each vote's difference to the stored one, found by primary key (never a scan of all votes)
                SELECT i.guest_id, i.track_id, i.value, i.value - COALESCE((SELECT v.value FROM vote v
                        WHERE v.track_id = i.track_id AND v.guest_id = i.guest_id), 0) AS diff
                FROM locked, unnest(?::bigint[], ?::bigint[], ?::smallint[]) AS i(guest_id, track_id, value)
            ), upsert AS (
                INSERT INTO vote (track_id, guest_id, value, updated_at)
                SELECT track_id, guest_id, value, now() FROM input
                ON CONFLICT (track_id, guest_id) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
            ), bumped AS (
                UPDATE track t SET score = t.score + d.delta
                FROM (SELECT track_id, sum(diff)::int AS delta FROM input GROUP BY track_id) d
                WHERE t.id = d.track_id AND t.room_id = ? AND t.state = 'queued'
                RETURNING t.id, t.score
            ), events AS (
                INSERT INTO room_event (room_id, seq, payload)
                SELECT l.id, e.seq, e.payload FROM locked l, unnest(?::bigint[], ?::text[]) AS e(seq, payload)
            ), outcomes AS (
                INSERT INTO request_log (guest_id, request_id, seq)
                SELECT o.guest_id, o.request_id, o.seq
                FROM locked, unnest(?::bigint[], ?::text[], ?::bigint[]) AS o(guest_id, request_id, seq)
            )
            SELECT CASE
                WHEN NOT EXISTS (SELECT 1 FROM locked) THEN false
                WHEN EXISTS (SELECT 1 FROM unnest(?::bigint[], ?::int[]) AS x(id, score)
                             LEFT JOIN bumped b ON b.id = x.id WHERE b.score IS DISTINCT FROM x.score)
                    THEN queued_abort('a vote batch moved scores other than predicted')::boolean
                ELSE true END
            """;

    private VoteCommit() {
    }

    /**
     * Commits the batch; false (and nothing written) when the room's last seq is no longer {@code fromSeq}.
     *
     * @param votes  the batch's final value per distinct (guest, track)
     * @param scores each touched track's expected score after the batch
     * @param seqs   the events' seqs, {@code fromSeq + 1} up to the new last seq
     * @param frames the events' frames
     * @param logged the outcomes to remember (I3)
     */
    public record Batch(long roomId, long fromSeq, List<VoteInput> votes, Map<Long, Integer> scores, List<Long> seqs,
                        List<String> frames, List<LoggedRequest> logged) {
    }

    static boolean commit(Connection c, Batch batch) throws SQLException {
        List<VoteInput> votes = batch.votes();
        int n = votes.size();
        Long[] guests = new Long[n];
        Long[] tracks = new Long[n];
        Short[] values = new Short[n];
        for (int i = 0; i < n; i++) {
            guests[i] = votes.get(i).guestId();
            tracks[i] = votes.get(i).trackId();
            values[i] = (short) votes.get(i).value();
        }
        List<LoggedRequest> logged = batch.logged();
        Long[] requestGuests = new Long[logged.size()];
        String[] requestIds = new String[logged.size()];
        Long[] requestSeqs = new Long[logged.size()];
        for (int i = 0; i < logged.size(); i++) {
            requestGuests[i] = logged.get(i).guestId();
            requestIds[i] = logged.get(i).requestId();
            requestSeqs[i] = logged.get(i).seq();
        }
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setLong(1, batch.fromSeq() + batch.seqs().size());
            ps.setLong(2, batch.roomId());
            ps.setLong(3, batch.fromSeq());
            ps.setArray(4, c.createArrayOf("bigint", guests));
            ps.setArray(5, c.createArrayOf("bigint", tracks));
            ps.setArray(6, c.createArrayOf("smallint", values));
            ps.setLong(7, batch.roomId());
            ps.setArray(8, c.createArrayOf("bigint", batch.seqs().toArray()));
            ps.setArray(9, c.createArrayOf("text", batch.frames().toArray()));
            ps.setArray(10, c.createArrayOf("bigint", requestGuests));
            ps.setArray(11, c.createArrayOf("text", requestIds));
            ps.setArray(12, c.createArrayOf("bigint", requestSeqs));
            ps.setArray(13, c.createArrayOf("bigint", batch.scores().keySet().toArray()));
            ps.setArray(14, c.createArrayOf("int", batch.scores().values().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** A request whose outcome is remembered so a resend is answered instead of applied again. */
    public record LoggedRequest(long guestId, String requestId, long seq) {
    }
}
