package app.queued.client;

import app.queued.protocol.RoomInfo;
import app.queued.protocol.Track;
import app.queued.room.RoomState;
import java.util.List;
import java.util.Map;

/**
 * An immutable copy of the room as this client knows it. {@code seq} is -1 and {@code room} null until the first
 * snapshot; {@code queue} is in play order; {@code myVotes} holds this guest's non-zero votes on queued tracks.
 */
public record RoomView(long seq, RoomInfo room, Track nowPlaying, Long nowPlayingStartedAt, List<Track> queue,
                       Map<Long, Integer> myVotes) {

    public static final RoomView EMPTY = new RoomView(-1, null, null, null, List.of(), Map.of());

    public RoomView {
        queue = List.copyOf(queue);
        myVotes = Map.copyOf(myVotes);
    }

    static RoomView of(RoomState state) {
        if (!state.hasSnapshot()) {
            return EMPTY;
        }
        return new RoomView(state.seq(), state.room(), state.nowPlaying(), state.nowPlayingStartedAt(),
                state.orderedQueue(), state.myVotes());
    }

    public boolean hasSnapshot() {
        return seq >= 0;
    }

    /** This guest's vote on a queued track: 1, 0 or -1. */
    public int myVote(long trackId) {
        return myVotes.getOrDefault(trackId, 0);
    }
}
