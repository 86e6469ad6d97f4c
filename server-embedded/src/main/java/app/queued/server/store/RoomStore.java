package app.queued.server.store;

import app.queued.protocol.Codec;
import app.queued.protocol.Results;
import app.queued.protocol.RoomInfo;
import app.queued.protocol.RoomRules;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.room.QueueOrder;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and the room-creating write; a room's other writes go through {@link RoomTransaction}. */
public final class RoomStore {
    static final String TRACK_COLUMNS = "t.id, t.video_id, t.title, t.channel, t.duration_s, t.thumbnail_url, "
            + "t.added_by, g.nickname, t.added_at, t.score";

    private final Database db;

    public RoomStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    /**
     * Creates a room with a fresh join code and its host member; the host token is returned once, never stored.
     * Empty when no free join code was found in a few draws.
     */
    public Optional<Results.RoomCreated> createRoom(String name) throws SQLException {
        String hostToken = Tokens.newToken();
        try (Connection c = db.connection()) {
            for (int attempt = 0; attempt < 20; attempt++) {
                String code = Tokens.newJoinCode();
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO room (name, join_code, host_token_hash) VALUES (?, ?, ?) "
                                + "ON CONFLICT (join_code) DO NOTHING RETURNING id")) {
                    insert.setString(1, name);
                    insert.setString(2, code);
                    insert.setString(3, Tokens.hash(hostToken));
                    try (ResultSet rs = insert.executeQuery()) {
                        if (!rs.next()) {
                            continue; // code taken: draw another
                        }
                        long roomId = rs.getLong(1);
                        try (PreparedStatement host = c.prepareStatement(
                                "INSERT INTO guest (room_id, nickname, role) VALUES (?, 'Host', 'host')")) {
                            host.setLong(1, roomId);
                            host.executeUpdate();
                        }
                        return Optional.of(new Results.RoomCreated(roomId, name, code, hostToken));
                    }
                }
            }
        }
        return Optional.empty();
    }

    public Optional<Long> roomIdByCode(String code) throws SQLException {
        return findId("SELECT id FROM room WHERE join_code = ? AND closed_at IS NULL", Tokens.normalizeCode(code));
    }

    public Optional<Long> roomIdByHostToken(String hostToken) throws SQLException {
        return findId("SELECT id FROM room WHERE host_token_hash = ? AND closed_at IS NULL", Tokens.hash(hostToken));
    }

    private Optional<Long> findId(String sql, String key) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The whole room at one consistent seq, for the server's in-memory copy (no per-guest votes). */
    public ServerMessage.Snapshot loadSnapshot(long roomId) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                ServerMessage.Snapshot snapshot = loadSnapshot(c, roomId);
                c.commit();
                return snapshot;
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(true);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        }
    }

    static ServerMessage.Snapshot loadSnapshot(Connection c, long roomId) throws SQLException {
        RoomInfo room;
        long seq;
        Long nowPlayingId;
        Long startedAt;
        RoomRules rules;
        try (PreparedStatement ps = c.prepareStatement("SELECT name, join_code, last_seq, now_playing_id,"
                + " now_playing_started, settings::text FROM room WHERE id = ?")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NoSuchRoomException(roomId);
                }
                room = new RoomInfo(roomId, rs.getString(1), rs.getString(2));
                seq = rs.getLong(3);
                long np = rs.getLong(4);
                nowPlayingId = rs.wasNull() ? null : np;
                Timestamp started = rs.getTimestamp(5);
                startedAt = started == null ? null : started.getTime();
                rules = rules(rs.getString(6));
            }
        }
        Track nowPlaying = null;
        boolean fallback = false;
        List<Track> queue = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + TRACK_COLUMNS + ", t.fallback"
                + " FROM track t JOIN guest g ON g.id = t.added_by"
                + " WHERE t.room_id = ? AND (t.state = 'queued' OR t.id = ?)")) {
            ps.setLong(1, roomId);
            ps.setLong(2, nowPlayingId == null ? -1 : nowPlayingId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Track track = readTrack(rs);
                    if (nowPlayingId != null && track.id() == nowPlayingId) {
                        nowPlaying = track;
                        fallback = rs.getBoolean(11);
                    } else {
                        queue.add(track);
                    }
                }
            }
        }
        Map<Long, Integer> played = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT added_by, count(*) FROM track WHERE room_id = ?"
                + " AND state IN ('played', 'playing') AND NOT fallback GROUP BY added_by")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    played.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        queue.sort(QueueOrder.comparator(rules, played));
        return new ServerMessage.Snapshot(seq, room, nowPlaying, nowPlaying == null ? null : startedAt, queue,
                Map.of(), rules, List.of(), played, List.of(), fallback ? true : null);
    }

    /** The rules stored in room.settings; defaults where a field is missing. */
    static RoomRules rules(String json) {
        if (json == null || json.isBlank() || json.equals("{}")) {
            return RoomRules.DEFAULTS;
        }
        try {
            return Codec.mapper().readValue(json, RoomRules.class);
        } catch (IOException | IllegalArgumentException e) {
            return RoomRules.DEFAULTS;
        }
    }

    /**
     * The room's queued tracks in the plain "votes" order (score, then time added, then id) as PostgreSQL sorts
     * them: an order computed apart from {@code QueueOrder}, for checks that every screen agrees with the database.
     */
    public static List<Track> queueOrderedBySql(Connection c, long roomId) throws SQLException {
        List<Track> order = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + TRACK_COLUMNS
                + " FROM track t JOIN guest g ON g.id = t.added_by WHERE t.room_id = ? AND t.state = 'queued'"
                + " ORDER BY t.score DESC, t.added_at, t.id")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    order.add(readTrack(rs));
                }
            }
        }
        return order;
    }

    static Track readTrack(ResultSet rs) throws SQLException {
        return new Track(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getString(6), rs.getLong(7), rs.getString(8), rs.getTimestamp(9).getTime(), rs.getInt(10));
    }

    /** Event frames with afterSeq < seq <= upToSeq, in order. */
    public List<String> eventFrames(long roomId, long afterSeq, long upToSeq) throws SQLException {
        try (Connection c = db.connection()) {
            return eventFrames(c, roomId, afterSeq, upToSeq);
        }
    }

    static List<String> eventFrames(Connection c, long roomId, long afterSeq, long upToSeq) throws SQLException {
        List<String> frames = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT payload FROM room_event WHERE room_id = ? AND seq > ? AND seq <= ? ORDER BY seq")) {
            ps.setLong(1, roomId);
            ps.setLong(2, afterSeq);
            ps.setLong(3, upToSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    frames.add(rs.getString(1));
                }
            }
        }
        return frames;
    }

    /** This guest's non-zero votes on queued tracks of the room. */
    public Map<Long, Integer> myVotes(long guestId) throws SQLException {
        try (Connection c = db.connection()) {
            return myVotes(c, guestId);
        }
    }

    static Map<Long, Integer> myVotes(Connection c, long guestId) throws SQLException {
        Map<Long, Integer> votes = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT v.track_id, v.value FROM vote v"
                + " JOIN track t ON t.id = v.track_id WHERE v.guest_id = ? AND v.value <> 0 AND t.state = 'queued'")) {
            ps.setLong(1, guestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    votes.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        return votes;
    }

    /** Deletes remembered request outcomes older than the given hours (they only matter for retries). */
    public int forgetOldRequests(int hours) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM request_log WHERE created_at < now() - make_interval(hours => ?)")) {
            ps.setInt(1, hours);
            return ps.executeUpdate();
        }
    }

    /** Commits a batch of plain votes in one statement ({@link VoteCommit}). */
    public VoteCommit.Outcome commitVotes(long roomId, long fromSeq, List<VoteCommit.Vote> votes) throws SQLException {
        try (Connection c = db.connection()) {
            try {
                return VoteCommit.commit(c, roomId, fromSeq, votes);
            } catch (SQLException e) {
                // one statement in autocommit: once sent, a lost connection leaves its commit unknown
                throw Database.isConnectionLoss(e) ? new CommitOutcomeUnknownException(e) : e;
            }
        }
    }

    /** True while PostgreSQL is known to be unreachable: writes are refused at once instead of waiting. */
    public boolean databaseDown() {
        return db.isDown();
    }

    /** Tells the database a statement failed (a lost connection counts it as down until it answers again). */
    public void failed(Exception e) {
        db.failed(e);
    }

    /** Opens the writing transaction of one room; the caller must {@link RoomTransaction#lockRoom()} first. */
    public RoomTransaction begin(long roomId) throws SQLException {
        return new RoomTransaction(db.connection(), roomId);
    }
}
