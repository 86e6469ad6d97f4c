package app.queued.bench;

import app.queued.protocol.Change;
import app.queued.protocol.Codec;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.server.store.RoomStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * After a run: every acknowledged vote against PostgreSQL's event log, and every screen against PostgreSQL's
 * order of the queue.
 */
final class Verifier {

    /**
     * @param lost             acknowledged, but the event at its seq is not this guest's vote on this track
     * @param duplicated       applied more often than acknowledged (per guest), or two acks naming one seq
     * @param divergentClients screens whose final ordered queue differs from the server's
     * @param scoreMismatches  tracks whose score is not the sum of their votes (invariant I1)
     * @param seqHoles         missing seqs in the room's event log
     * @param laggingClients   screens that never reached the room's last seq
     * @param gaps             gaps clients saw in the event stream (each repaired with resume)
     * @param checked          false when there was no database to check (external server without --db-url)
     */
    record Outcome(long lost, long duplicated, long divergentClients, long scoreMismatches, long seqHoles,
                   long laggingClients, long gaps, boolean checked, List<String> notes, long[] batches) {
    }

    private final String jdbcUrl;

    Verifier(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    Outcome check(List<LoadRun.Room> rooms, List<VoteRecord> votes, long settleTimeoutMs) throws Exception {
        long gaps = 0;
        for (LoadRun.Room room : rooms) {
            for (BenchClient guest : room.guests) {
                gaps += guest.gaps();
            }
        }
        List<String> notes = new ArrayList<>();
        if (jdbcUrl == null) {
            notes.add("no database URL: lost, duplicated and divergentClients were not checked (-1)");
            return new Outcome(-1, -1, -1, -1, -1, -1, gaps, false, notes, new long[3]);
        }
        long lost = 0;
        long duplicated = 0;
        long divergent = 0;
        long scoreMismatches = 0;
        long holes = 0;
        long lagging = 0;
        long[] batches = new long[3];
        // one deadline for all screens: a run where every screen is far behind must not wait per screen
        long settleDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settleTimeoutMs);
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            notes.add(0, "server PostgreSQL: fsync=" + setting(c, "fsync") + ", synchronous_commit="
                    + setting(c, "synchronous_commit"));
            for (LoadRun.Room room : rooms) {
                long roomId = room.created.roomId();
                duplicated += room.seqCollisions.get();
                Map<Long, Change> events = events(c, roomId, room.setupSeq);
                long lastSeq = lastSeq(c, roomId);
                holes += (lastSeq - room.setupSeq) - events.size();
                long[] b = batches(c, roomId, room.setupSeq);
                batches[0] += b[0];
                batches[1] += b[1];
                batches[2] = Math.max(batches[2], b[2]);

                Map<Long, Long> ackedPerGuest = new HashMap<>();
                for (VoteRecord vote : votes) {
                    if (vote.room != room.index || !vote.acked()) {
                        continue;
                    }
                    ackedPerGuest.merge(vote.guestId, 1L, Long::sum);
                    Change change = events.get(vote.seq);
                    if (!(change instanceof Change.Voted voted) || voted.guestId() != vote.guestId
                            || voted.trackId() != vote.trackId || voted.value() != vote.value) {
                        lost++;
                        if (notes.size() < 20) {
                            notes.add("lost: room " + roomId + " guest " + vote.guestId + " track " + vote.trackId
                                    + " value " + vote.value + " acked at seq " + vote.seq + ", log has " + change);
                        }
                    }
                }
                Map<Long, Long> appliedPerGuest = new HashMap<>();
                for (Change change : events.values()) {
                    if (change instanceof Change.Voted voted) {
                        appliedPerGuest.merge(voted.guestId(), 1L, Long::sum);
                    }
                }
                for (Map.Entry<Long, Long> e : appliedPerGuest.entrySet()) {
                    long extra = e.getValue() - ackedPerGuest.getOrDefault(e.getKey(), 0L);
                    if (extra > 0) {
                        duplicated += extra;
                        if (notes.size() < 20) {
                            notes.add("duplicated: guest " + e.getKey() + " has " + e.getValue()
                                    + " voted events for " + ackedPerGuest.getOrDefault(e.getKey(), 0L) + " acks");
                        }
                    }
                }
                scoreMismatches += count(c, "SELECT count(*) FROM track t WHERE t.room_id = " + roomId
                        + " AND t.score <> (SELECT COALESCE(sum(v.value), 0) FROM vote v WHERE v.track_id = t.id)");

                List<Track> serverOrder = RoomStore.queueOrderedBySql(c, roomId);
                for (BenchClient guest : room.guests) {
                    if (!awaitSeq(guest, lastSeq, settleDeadline)) {
                        lagging++;
                    }
                    if (!guest.orderedQueue().equals(serverOrder)) {
                        divergent++;
                        if (notes.size() < 20 && divergent <= 5) {
                            notes.add("divergent: " + guest.name() + " at seq " + guest.seq() + " of " + lastSeq);
                        }
                    }
                }
            }
        }
        return new Outcome(lost, duplicated, divergent, scoreMismatches, holes, lagging, gaps, true, notes, batches);
    }

    /**
     * How the server grouped the votes into transactions, read back from the event log: every event of one
     * transaction carries the same {@code created_at} (PostgreSQL's now()).
     */
    static long[] batches(Connection c, long roomId, long afterSeq) throws SQLException {
        long transactions = 0;
        long votes = 0;
        long maxVotes = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT created_at, payload FROM room_event"
                + " WHERE room_id = ? AND seq > ? ORDER BY seq")) {
            ps.setLong(1, roomId);
            ps.setLong(2, afterSeq);
            try (ResultSet rs = ps.executeQuery()) {
                java.sql.Timestamp current = null;
                long inBatch = 0;
                while (rs.next()) {
                    java.sql.Timestamp at = rs.getTimestamp(1);
                    if (!at.equals(current)) {
                        current = at;
                        transactions++;
                        maxVotes = Math.max(maxVotes, inBatch);
                        inBatch = 0;
                    }
                    if (Codec.readServer(rs.getString(2)) instanceof ServerMessage.Event event
                            && event.change() instanceof Change.Voted) {
                        votes++;
                        inBatch++;
                    }
                }
                maxVotes = Math.max(maxVotes, inBatch);
            }
        }
        return new long[] {transactions, votes, maxVotes};
    }

    private static boolean awaitSeq(BenchClient client, long seq, long deadline) throws InterruptedException {
        while (client.seq() < seq && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return client.seq() >= seq;
    }

    static Map<Long, Change> events(Connection c, long roomId, long afterSeq) throws SQLException {
        Map<Long, Change> events = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, payload FROM room_event WHERE room_id = ? AND seq > ? ORDER BY seq")) {
            ps.setLong(1, roomId);
            ps.setLong(2, afterSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ServerMessage message = Codec.readServer(rs.getString(2));
                    if (message instanceof ServerMessage.Event event && event.seq() == rs.getLong(1)) {
                        events.put(event.seq(), event.change());
                    }
                }
            }
        }
        return events;
    }

    static long lastSeq(Connection c, long roomId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM room WHERE id = ?")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
