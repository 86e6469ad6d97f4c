package app.queued.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Presence shared by several nodes (table {@code presence}): a row per (room, guest, node) while the guest has a
 * connection to that node. Every method runs inside the room's transaction, after {@link RoomTransaction#lockRoom()},
 * so the rows of a room change in the same order as its events.
 */
public final class PresenceRows {
    private PresenceRows() {
    }

    /** The guest's first connection to this node. */
    public static void arrive(RoomTransaction tx, long guestId, String nodeId) throws SQLException {
        Connection c = tx.connection();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO presence (room_id, guest_id, node_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setLong(1, tx.roomId());
            ps.setLong(2, guestId);
            ps.setString(3, nodeId);
            ps.executeUpdate();
        }
    }

    /** The guest's last connection to this node closed; true when no node holds the guest any more. */
    public static boolean depart(RoomTransaction tx, long guestId, String nodeId) throws SQLException {
        Connection c = tx.connection();
        try (PreparedStatement ps = c.prepareStatement("""
                WITH gone AS (
                    DELETE FROM presence WHERE room_id = ? AND guest_id = ? AND node_id = ?
                )
                SELECT NOT EXISTS (SELECT 1 FROM presence WHERE room_id = ? AND guest_id = ? AND node_id <> ?)
                """)) {
            ps.setLong(1, tx.roomId());
            ps.setLong(2, guestId);
            ps.setString(3, nodeId);
            ps.setLong(4, tx.roomId());
            ps.setLong(5, guestId);
            ps.setString(6, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Makes this node's rows of the room exactly its connected guests, drops the rows of nodes that stopped saying
     * they are alive ({@code deadAfterSeconds}), and returns every guest still held by some node.
     */
    public static Set<Long> reconcile(RoomTransaction tx, String nodeId, Collection<Long> connectedHere,
                                      double deadAfterSeconds) throws SQLException {
        Connection c = tx.connection();
        Long[] here = connectedHere.toArray(Long[]::new);
        try (PreparedStatement ps = c.prepareStatement("""
                DELETE FROM presence p WHERE p.room_id = ? AND (
                    (p.node_id = ? AND NOT p.guest_id = ANY (?::bigint[]))
                    OR (p.node_id <> ? AND NOT EXISTS (SELECT 1 FROM server_node n WHERE n.node_id = p.node_id
                            AND n.seen_at > now() - make_interval(secs => ?))))
                """)) {
            ps.setLong(1, tx.roomId());
            ps.setString(2, nodeId);
            ps.setArray(3, c.createArrayOf("bigint", here));
            ps.setString(4, nodeId);
            ps.setDouble(5, deadAfterSeconds);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO presence (room_id, guest_id, node_id)"
                + " SELECT ?, g, ? FROM unnest(?::bigint[]) AS g ON CONFLICT DO NOTHING")) {
            ps.setLong(1, tx.roomId());
            ps.setString(2, nodeId);
            ps.setArray(3, c.createArrayOf("bigint", here));
            ps.executeUpdate();
        }
        Set<Long> present = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT guest_id FROM presence WHERE room_id = ?")) {
            ps.setLong(1, tx.roomId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    present.add(rs.getLong(1));
                }
            }
        }
        return present;
    }
}
