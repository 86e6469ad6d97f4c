package app.queued.client;

import app.queued.protocol.Person;
import app.queued.protocol.RoomInfo;
import app.queued.protocol.RoomRules;
import app.queued.protocol.Track;
import app.queued.room.RoomState;
import java.util.List;
import java.util.Map;

/**
 * An immutable copy of the room as this client knows it. {@code seq} is -1 and {@code room} null until the first
 * snapshot; {@code queue} is in play order; {@code myVotes} holds this guest's non-zero votes on queued tracks.
 * {@code present} is who is in the room now (arrival order), {@code skipCount} how many of them asked to skip the
 * now-playing track and {@code skipsNeeded} how many requests skip it; {@code closed} is true after the host closed
 * the room. {@code skipRequests} are the guest ids that asked to skip the now-playing track (may hold people who left).
 */
public record RoomView(long seq, RoomInfo room, Track nowPlaying, Long nowPlayingStartedAt, List<Track> queue,
                       Map<Long, Integer> myVotes, RoomRules rules, List<Person> present, int skipCount,
                       int skipsNeeded, boolean nowPlayingFallback, boolean closed, List<Long> skipRequests) {

    public static final RoomView EMPTY = new RoomView(-1, null, null, null, List.of(), Map.of());

    public RoomView {
        queue = List.copyOf(queue);
        myVotes = Map.copyOf(myVotes);
        rules = rules == null ? RoomRules.DEFAULTS : rules;
        present = present == null ? List.of() : List.copyOf(present);
        skipRequests = skipRequests == null ? List.of() : List.copyOf(skipRequests);
    }

    /** A view without skip requests (as before they were part of it). */
    public RoomView(long seq, RoomInfo room, Track nowPlaying, Long nowPlayingStartedAt, List<Track> queue,
                    Map<Long, Integer> myVotes, RoomRules rules, List<Person> present, int skipCount,
                    int skipsNeeded, boolean nowPlayingFallback, boolean closed) {
        this(seq, room, nowPlaying, nowPlayingStartedAt, queue, myVotes, rules, present, skipCount, skipsNeeded,
                nowPlayingFallback, closed, List.of());
    }

    /** A view with default rules and nobody present (as before rules and presence were part of it). */
    public RoomView(long seq, RoomInfo room, Track nowPlaying, Long nowPlayingStartedAt, List<Track> queue,
                    Map<Long, Integer> myVotes) {
        this(seq, room, nowPlaying, nowPlayingStartedAt, queue, myVotes, RoomRules.DEFAULTS, List.of(), 0, 1, false,
                false);
    }

    static RoomView of(RoomState state) {
        if (!state.hasSnapshot()) {
            return EMPTY;
        }
        return new RoomView(state.seq(), state.room(), state.nowPlaying(), state.nowPlayingStartedAt(),
                state.orderedQueue(), state.myVotes(), state.rules(), state.present(), state.skipCount(),
                state.skipsNeeded(), state.nowPlayingIsFallback(), state.closed(), state.skipRequests());
    }

    public boolean hasSnapshot() {
        return seq >= 0;
    }

    /** Whether {@code guestId} asked to skip the now-playing track. */
    public boolean askedToSkip(long guestId) {
        return skipRequests.contains(guestId);
    }

    /** This guest's vote on a queued track: 1, 0 or -1. */
    public int myVote(long trackId) {
        return myVotes.getOrDefault(trackId, 0);
    }
}
