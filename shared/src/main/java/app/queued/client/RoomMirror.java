package app.queued.client;

import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.room.QueueOrder;
import app.queued.room.RoomState;
import java.util.Comparator;

/**
 * The client's {@link RoomState} behind a lock: the client thread writes it, any thread may take a {@link RoomView}.
 */
final class RoomMirror {
    private final Object lock = new Object();
    private RoomState state = new RoomState(0);
    private long roomId;
    private long guestId;

    /** Starts over when the membership changed (another room or person): the old state says nothing about it. */
    boolean adopt(long newRoomId, long newGuestId) {
        synchronized (lock) {
            if (newRoomId == roomId && newGuestId == guestId) {
                return false;
            }
            roomId = newRoomId;
            guestId = newGuestId;
            state = new RoomState(newGuestId);
            return true;
        }
    }

    /** Applies the snapshot unless it is older than what we have (a stale cache must not move us backwards). */
    boolean applySnapshot(ServerMessage.Snapshot snapshot) {
        synchronized (lock) {
            if (state.hasSnapshot() && snapshot.seq() < state.seq()) {
                return false;
            }
            state.applySnapshot(snapshot);
            return true;
        }
    }

    RoomState.Applied apply(ServerMessage.Event event) {
        synchronized (lock) {
            return state.apply(event);
        }
    }

    boolean hasSnapshot() {
        synchronized (lock) {
            return state.hasSnapshot();
        }
    }

    long seq() {
        synchronized (lock) {
            return state.seq();
        }
    }

    /** What to send as {@code lastSeq} when rejoining: null asks for a snapshot. */
    Long lastSeqOrNull() {
        synchronized (lock) {
            return state.hasSnapshot() ? state.seq() : null;
        }
    }

    /** What to send as {@code lastRoomId} with {@link #lastSeqOrNull}: the room the state is of. */
    Long roomIdOrNull() {
        synchronized (lock) {
            return state.hasSnapshot() ? roomId : null;
        }
    }

    /** The order this room uses now: its rules, and whose tracks played (fair mode). */
    Comparator<Track> order() {
        synchronized (lock) {
            return QueueOrder.comparator(state.rules(), state.playedCounts());
        }
    }

    RoomView view() {
        synchronized (lock) {
            return RoomView.of(state);
        }
    }
}
