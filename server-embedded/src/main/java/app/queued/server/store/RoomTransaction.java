package app.queued.server.store;

import app.queued.protocol.CatalogEntry;
import app.queued.protocol.Codec;
import app.queued.protocol.PlayedTrack;
import app.queued.protocol.Role;
import app.queued.protocol.RoomRules;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One writing transaction of one room. Every writer locks the room row first ({@link #lockRoom()}), which
 * serialises a room's writes across threads and server nodes and makes its seq gap-free. Nothing is visible to
 * anyone, and nothing may be acknowledged, before {@link #commit()} returns.
 */
public final class RoomTransaction implements AutoCloseable {
    // The vote rule in SQL (migration V7), shared with the one-statement commit (VoteCommit): upserts the votes,
    // moves each track's score by the stored difference and returns each vote's score-after, by ord from 1.
    private static final String APPLY_VOTES =
            "SELECT ord, score_after FROM queued_apply_votes(?, ?::bigint[], ?::bigint[], ?::smallint[])";

    private static final String FINISH = """
            WITH events AS (
                INSERT INTO room_event (room_id, seq, payload) SELECT ?, * FROM unnest(?::bigint[], ?::text[])
            ), outcomes AS (
                INSERT INTO request_log (guest_id, request_id, seq, result)
                SELECT * FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[])
            )
            UPDATE room SET last_seq = GREATEST(last_seq, ?) WHERE id = ?
            """;

    private final Connection c;
    private final long roomId;
    private boolean committed;

    RoomTransaction(Connection c, long roomId) throws SQLException {
        this.c = c;
        this.roomId = roomId;
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** For the other statements of this transaction ({@link PresenceRows}). */
    Connection connection() {
        return c;
    }

    long roomId() {
        return roomId;
    }

    /** Locks the room row until commit and returns its last seq; {@link NoSuchRoomException} when there is none. */
    public long lockRoom() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM room WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NoSuchRoomException(roomId);
                }
                return rs.getLong(1);
            }
        }
    }

    /** Event frames committed by others (another node) that this node has not applied yet. */
    public List<String> eventFrames(long afterSeq, long upToSeq) throws SQLException {
        return RoomStore.eventFrames(c, roomId, afterSeq, upToSeq);
    }

    /** The whole room as this transaction sees it (after another writer moved it too far on). */
    public ServerMessage.Snapshot snapshot() throws SQLException {
        return RoomStore.loadSnapshot(c, roomId);
    }

    /** Outcomes already remembered for these (guest, requestId) pairs, keyed "guestId/requestId". */
    public Map<String, StoredOutcome> priorOutcomes(List<Long> guestIds, List<String> requestIds)
            throws SQLException {
        Map<String, StoredOutcome> found = new HashMap<>();
        if (guestIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT r.guest_id, r.request_id, r.seq, r.result"
                + " FROM request_log r JOIN unnest(?::bigint[], ?::text[]) AS k(guest_id, request_id)"
                + " ON r.guest_id = k.guest_id AND r.request_id = k.request_id")) {
            ps.setArray(1, c.createArrayOf("bigint", guestIds.toArray()));
            ps.setArray(2, c.createArrayOf("text", requestIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(3);
                    Long seqOrNull = rs.wasNull() ? null : seq;
                    found.put(key(rs.getLong(1), rs.getString(2)), new StoredOutcome(seqOrNull, rs.getString(4)));
                }
            }
        }
        return found;
    }

    public static String key(long guestId, String requestId) {
        return guestId + "/" + requestId;
    }

    /** Applies distinct (guest, track) votes on queued tracks; returns each vote's track score after it. */
    public int[] applyVotes(List<VoteInput> votes) throws SQLException {
        int n = votes.size();
        Long[] guests = new Long[n];
        Long[] tracks = new Long[n];
        Short[] values = new Short[n];
        for (int i = 0; i < n; i++) {
            VoteInput v = votes.get(i);
            guests[i] = v.guestId();
            tracks[i] = v.trackId();
            values[i] = (short) v.value();
        }
        int[] scoreAfter = new int[n];
        try (PreparedStatement ps = c.prepareStatement(APPLY_VOTES)) {
            ps.setLong(1, roomId);
            ps.setArray(2, c.createArrayOf("bigint", guests));
            ps.setArray(3, c.createArrayOf("bigint", tracks));
            ps.setArray(4, c.createArrayOf("smallint", values));
            int seen = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    scoreAfter[(int) rs.getLong(1) - 1] = rs.getInt(2);
                    seen++;
                }
            }
            if (seen != n) {
                // A track left the queue under us: the caller's view of the room is stale. Roll back.
                throw new SQLException("vote batch touched " + seen + " of " + n + " tracks; room state is stale");
            }
        }
        return scoreAfter;
    }

    /** Inserts a queued track added by a member; returns it as clients will see it. */
    public Track insertTrack(CatalogEntry entry, Member addedBy) throws SQLException {
        return insertTrack(entry, addedBy, "queued", false);
    }

    private Track insertTrack(CatalogEntry entry, Member addedBy, String state, boolean fallback)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO track"
                + " (room_id, video_id, title, channel, duration_s, thumbnail_url, added_by, added_at, state, fallback)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, date_trunc('milliseconds', clock_timestamp()), ?, ?)"
                + " RETURNING id, added_at")) {
            ps.setLong(1, roomId);
            ps.setString(2, entry.videoId());
            ps.setString(3, entry.title());
            ps.setString(4, entry.channel() == null ? "" : entry.channel());
            ps.setInt(5, Math.max(0, entry.durationSeconds()));
            ps.setString(6, entry.thumbnailUrl());
            ps.setLong(7, addedBy.guestId());
            ps.setString(8, state);
            ps.setBoolean(9, fallback);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Track(rs.getLong(1), entry.videoId(), entry.title(),
                        entry.channel() == null ? "" : entry.channel(), Math.max(0, entry.durationSeconds()),
                        entry.thumbnailUrl(), addedBy.guestId(), addedBy.nickname(), rs.getTimestamp(2).getTime(), 0);
            }
        }
    }

    /** Moves a track to another state (queued → playing/removed, playing → played). */
    public void setTrackState(long trackId, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE track SET state = ?, state_changed_at = now() WHERE id = ? AND room_id = ?")) {
            ps.setString(1, state);
            ps.setLong(2, trackId);
            ps.setLong(3, roomId);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("track " + trackId + " is not in room " + roomId);
            }
        }
    }

    /** Sets (or clears, with null) the now-playing track; returns the start time in epoch ms. */
    public long setNowPlaying(Long trackId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE room SET now_playing_id = ?,"
                + " now_playing_started = CASE WHEN ?::bigint IS NULL THEN NULL"
                + " ELSE date_trunc('milliseconds', clock_timestamp()) END"
                + " WHERE id = ? RETURNING now_playing_started")) {
            if (trackId == null) {
                ps.setNull(1, Types.BIGINT);
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(1, trackId);
                ps.setLong(2, trackId);
            }
            ps.setLong(3, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp started = rs.getTimestamp(1);
                return started == null ? 0 : started.getTime();
            }
        }
    }

    /** The host's own member row. */
    public Member host() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, nickname FROM guest WHERE room_id = ? AND role = 'host' ORDER BY id LIMIT 1")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("room " + roomId + " has no host member");
                }
                return new Member(roomId, rs.getLong(1), rs.getString(2), Role.HOST, false);
            }
        }
    }

    /** A returning guest by token, or null when the token is not one of this room's. Updates the nickname if given. */
    public Member returningGuest(String guestToken, String newNickname) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE guest SET last_seen = now(),"
                + " nickname = COALESCE(?, nickname) WHERE room_id = ? AND token_hash = ?"
                + " RETURNING id, nickname, role, banned")) {
            ps.setString(1, newNickname);
            ps.setLong(2, roomId);
            ps.setString(3, Tokens.hash(guestToken));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Member(roomId, rs.getLong(1), rs.getString(2), Role.fromWire(rs.getString(3)),
                        rs.getBoolean(4));
            }
        }
    }

    /** A new guest with the given token. */
    public Member newGuest(String nickname, String guestToken) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO guest (room_id, nickname, token_hash) VALUES (?, ?, ?) RETURNING id")) {
            ps.setLong(1, roomId);
            ps.setString(2, nickname);
            ps.setString(3, Tokens.hash(guestToken));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Member(roomId, rs.getLong(1), nickname, Role.GUEST, false);
            }
        }
    }

    /** Every member's non-zero vote on the room's queued tracks. */
    public List<VoteInput> queuedVotes() throws SQLException {
        List<VoteInput> votes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT v.guest_id, v.track_id, v.value FROM vote v"
                + " JOIN track t ON t.id = v.track_id WHERE t.room_id = ? AND t.state = 'queued' AND v.value <> 0")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    votes.add(new VoteInput(rs.getLong(1), rs.getLong(2), rs.getInt(3)));
                }
            }
        }
        return votes;
    }

    public Map<Long, Integer> myVotes(long guestId) throws SQLException {
        return RoomStore.myVotes(c, guestId);
    }

    /**
     * Appends the batch's events, remembers its outcomes and moves the room's last seq in one round trip: every
     * commit of a busy room pays for each statement.
     */
    public void finish(List<Long> seqs, List<String> frames, List<Long> guestIds, List<String> requestIds,
                       List<Long> outcomeSeqs, List<String> results, long lastSeq) throws SQLException {
        if (seqs.isEmpty() && guestIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(FINISH)) {
            ps.setLong(1, roomId);
            ps.setArray(2, c.createArrayOf("bigint", seqs.toArray()));
            ps.setArray(3, c.createArrayOf("text", frames.toArray()));
            ps.setArray(4, c.createArrayOf("bigint", guestIds.toArray()));
            ps.setArray(5, c.createArrayOf("text", requestIds.toArray()));
            ps.setArray(6, c.createArrayOf("bigint", outcomeSeqs.toArray()));
            ps.setArray(7, c.createArrayOf("text", results.toArray()));
            ps.setLong(8, lastSeq);
            ps.setLong(9, roomId);
            ps.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- room rules and moderation

    public void setRules(RoomRules rules) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE room SET settings = ?::jsonb WHERE id = ?")) {
            ps.setString(1, Codec.write(rules));
            ps.setLong(2, roomId);
            ps.executeUpdate();
        }
    }

    /** Any member of this room by id (banned or not), or null. */
    public Member member(long guestId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, nickname, role, banned FROM guest WHERE id = ? AND room_id = ?")) {
            ps.setLong(1, guestId);
            ps.setLong(2, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Member(roomId, rs.getLong(1), rs.getString(2), Role.fromWire(rs.getString(3)),
                        rs.getBoolean(4)) : null;
            }
        }
    }

    public List<Member> members() throws SQLException {
        List<Member> members = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, nickname, role, banned FROM guest WHERE room_id = ? ORDER BY id")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.add(new Member(roomId, rs.getLong(1), rs.getString(2), Role.fromWire(rs.getString(3)),
                            rs.getBoolean(4)));
                }
            }
        }
        return members;
    }

    public void setBanned(long guestId, boolean banned) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE guest SET banned = ? WHERE id = ? AND room_id = ? AND role <> 'host'")) {
            ps.setBoolean(1, banned);
            ps.setLong(2, guestId);
            ps.setLong(3, roomId);
            ps.executeUpdate();
        }
    }

    public void setRole(long guestId, Role role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE guest SET role = ? WHERE id = ? AND room_id = ? AND role <> 'host'")) {
            ps.setString(1, role.wire());
            ps.setLong(2, guestId);
            ps.setLong(3, roomId);
            ps.executeUpdate();
        }
    }

    /** The room's played tracks, oldest first, with their adders and final scores. */
    public List<PlayedTrack> history() throws SQLException {
        List<PlayedTrack> played = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.id, t.video_id, t.title, t.channel, t.added_by,"
                + " g.nickname, t.score, t.state_changed_at, t.fallback FROM track t JOIN guest g ON g.id = t.added_by"
                + " WHERE t.room_id = ? AND t.state = 'played' ORDER BY t.state_changed_at, t.id")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    played.add(new PlayedTrack(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5), rs.getString(6), rs.getInt(7),
                            rs.getTimestamp(8).getTime(), rs.getBoolean(9)));
                }
            }
        }
        return played;
    }

    /** Stores what plays when the queue runs dry: null for nothing, or the source and its entries. */
    public void setFallback(String source, List<CatalogEntry> entries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE room SET fallback = ?::jsonb, fallback_cursor = 0 WHERE id = ?")) {
            ps.setString(1, source == null ? null : Codec.write(new StoredFallback(source, entries)));
            ps.setLong(2, roomId);
            ps.executeUpdate();
        }
    }

    /**
     * The next fallback entry, cycling through the list (links) or through the room's guest-added played tracks
     * (history); null when there is none.
     */
    public CatalogEntry nextFallback() throws SQLException {
        String json;
        int cursor;
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE room SET fallback_cursor = fallback_cursor + 1 WHERE id = ? RETURNING fallback::text, fallback_cursor - 1")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                json = rs.getString(1);
                cursor = rs.getInt(2);
            }
        }
        if (json == null) {
            return null;
        }
        StoredFallback fallback = StoredFallback.parse(json);
        if (fallback == null) {
            return null;
        }
        if ("links".equals(fallback.source())) {
            List<CatalogEntry> entries = fallback.entries() == null ? List.of() : fallback.entries();
            return entries.isEmpty() ? null : entries.get(cursor % entries.size());
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT video_id, title, channel, duration_s, thumbnail_url"
                + " FROM (SELECT DISTINCT ON (video_id) video_id, title, channel, duration_s, thumbnail_url, id"
                + " FROM track WHERE room_id = ? AND state = 'played' AND NOT fallback ORDER BY video_id, id) t"
                + " ORDER BY id OFFSET ? LIMIT 1")) {
            ps.setLong(1, roomId);
            int count = countPlayedVideos();
            if (count == 0) {
                return null;
            }
            ps.setInt(2, cursor % count);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new CatalogEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5)) : null;
            }
        }
    }

    /** How many different guest-added videos this room has played (the size of the "history" fallback). */
    public int countPlayedVideos() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT video_id) FROM track"
                + " WHERE room_id = ? AND state = 'played' AND NOT fallback")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A fallback track, straight to playing (it never queues). */
    public Track insertFallbackTrack(CatalogEntry entry, Member host) throws SQLException {
        return insertTrack(entry, host, "playing", true);
    }

    public void closeRoom() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE room SET closed_at = now() WHERE id = ?")) {
            ps.setLong(1, roomId);
            ps.executeUpdate();
        }
    }

    /** @throws CommitOutcomeUnknownException when the connection was lost during the commit */
    public void commit() throws SQLException {
        try {
            c.commit();
        } catch (SQLException e) {
            throw Database.isConnectionLoss(e) ? new CommitOutcomeUnknownException(e) : e;
        }
        committed = true;
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!committed) {
                c.rollback();
            }
            c.setAutoCommit(true);
        } finally {
            c.close();
        }
    }

}
