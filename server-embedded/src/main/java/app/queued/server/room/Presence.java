package app.queued.server.room;

import app.queued.server.store.PresenceRows;
import app.queued.server.store.RoomTransaction;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Who is in a room, which the {@code guestJoined}/{@code guestLeft} events follow (and vote-to-skip counts). Every
 * method runs in the room's transaction, under its row lock.
 */
public interface Presence {

    /** The guest's first connection to this node joined. */
    void arrive(RoomTransaction tx, long guestId) throws SQLException;

    /** The guest's last connection to this node closed; true when the guest is now gone from the room. */
    boolean depart(RoomTransaction tx, long guestId) throws SQLException;

    /** After the room was (re)loaded, or when asked to: every guest present, given this node's connected ones. */
    Set<Long> reconcile(RoomTransaction tx, Collection<Long> connectedHere) throws SQLException;

    /** One node: presence is this node's open connections; nothing is stored. */
    static Presence thisNodeOnly() {
        return new Presence() {
            @Override
            public void arrive(RoomTransaction tx, long guestId) {
            }

            @Override
            public boolean depart(RoomTransaction tx, long guestId) {
                return true;
            }

            @Override
            public Set<Long> reconcile(RoomTransaction tx, Collection<Long> connectedHere) {
                return new HashSet<>(connectedHere);
            }
        };
    }

    /**
     * Several nodes: a row per (room, guest, node) in PostgreSQL; a guest is present while any node holds one. The
     * rows of a node silent for {@code deadAfterSeconds} are dropped at the next reconcile (the nodes ask for one
     * in every room such a node held).
     */
    static Presence shared(String nodeId, double deadAfterSeconds) {
        return new Presence() {
            @Override
            public void arrive(RoomTransaction tx, long guestId) throws SQLException {
                PresenceRows.arrive(tx, guestId, nodeId);
            }

            @Override
            public boolean depart(RoomTransaction tx, long guestId) throws SQLException {
                return PresenceRows.depart(tx, guestId, nodeId);
            }

            @Override
            public Set<Long> reconcile(RoomTransaction tx, Collection<Long> connectedHere) throws SQLException {
                return PresenceRows.reconcile(tx, nodeId, connectedHere, deadAfterSeconds);
            }
        };
    }
}
