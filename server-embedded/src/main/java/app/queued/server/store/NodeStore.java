package app.queued.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The nodes sharing this database (table {@code server_node}): each says it is alive every few seconds; the
 * presence of one that stopped is reaped by the others. Times are PostgreSQL's {@code now()}, so the nodes' clocks
 * need not agree.
 */
public final class NodeStore {
    private final Database db;

    public NodeStore(Database db) {
        this.db = db;
    }

    /**
     * Says this node is alive. Returns the seconds since it last said so, or empty when the database had no row for
     * it (first start, or another node's clean-up removed it).
     */
    public OptionalDouble heartbeat(String nodeId) throws SQLException {
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE server_node n SET seen_at = now() FROM server_node old
                    WHERE n.node_id = ? AND old.node_id = n.node_id
                    RETURNING extract(epoch FROM now() - old.seen_at)
                    """)) {
                ps.setString(1, nodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return OptionalDouble.of(rs.getDouble(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO server_node (node_id) VALUES (?)"
                    + " ON CONFLICT (node_id) DO UPDATE SET seen_at = now()")) {
                ps.setString(1, nodeId);
                ps.executeUpdate();
            }
            return OptionalDouble.empty();
        }
    }

    /** Rooms where a node that has not said it is alive for {@code deadAfterSeconds} still holds presence. */
    public List<Long> roomsHeldByDeadNodes(String nodeId, double deadAfterSeconds) throws SQLException {
        List<Long> rooms = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("""
                SELECT DISTINCT p.room_id FROM presence p
                WHERE p.node_id <> ? AND NOT EXISTS (SELECT 1 FROM server_node n WHERE n.node_id = p.node_id
                      AND n.seen_at > now() - make_interval(secs => ?))
                """)) {
            ps.setString(1, nodeId);
            ps.setDouble(2, deadAfterSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rooms.add(rs.getLong(1));
                }
            }
        }
        return rooms;
    }

    /** Rooms where this node id holds presence (left by an earlier process with the same id). */
    public List<Long> roomsHeldBy(String nodeId) throws SQLException {
        List<Long> rooms = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT room_id FROM presence WHERE node_id = ?")) {
            ps.setString(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rooms.add(rs.getLong(1));
                }
            }
        }
        return rooms;
    }

    /** Forgets nodes dead for a day that hold nothing any more. */
    public int forgetLongDeadNodes() throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM server_node n WHERE n.seen_at < now() - interval '1 day'"
                        + " AND NOT EXISTS (SELECT 1 FROM presence p WHERE p.node_id = n.node_id)")) {
            return ps.executeUpdate();
        }
    }

    /** A clean stop: the others reap this node's presence at their next look instead of after the time-out. */
    public void leave(String nodeId) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM server_node WHERE node_id = ?")) {
            ps.setString(1, nodeId);
            ps.executeUpdate();
        }
    }

    /** The rooms' last seqs as PostgreSQL has them now (rooms that do not exist are left out). */
    public Map<Long, Long> lastSeqs(Collection<Long> roomIds) throws SQLException {
        Map<Long, Long> seqs = new HashMap<>();
        if (roomIds.isEmpty()) {
            return seqs;
        }
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT id, last_seq FROM room WHERE id = ANY (?::bigint[])")) {
            ps.setArray(1, c.createArrayOf("bigint", roomIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seqs.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return seqs;
    }
}
