package app.queued.room;

import app.queued.protocol.Change;
import app.queued.protocol.RoomInfo;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A room as one client (or the server's in-memory copy) knows it: a snapshot, then events applied strictly in
 * {@code seq} order. Not thread-safe: confine it to one thread or guard it.
 */
public final class RoomState {

    /** What {@link #apply} did with an event. */
    public enum Applied {
        /** The event was the next one and is now part of the state. */
        APPLIED,
        /** Already reflected (seq at or below the current one): ignored, as after a replay overlap. */
        DUPLICATE,
        /** One or more events are missing before it: ignored; the caller must resume from {@link #seq()}. */
        GAP
    }

    private final long myGuestId;
    private long seq = -1;
    private RoomInfo room;
    private Track nowPlaying;
    private Long nowPlayingStartedAt;
    private final Map<Long, Track> queue = new HashMap<>();
    private final Map<Long, Integer> myVotes = new HashMap<>();

    /** @param myGuestId whose votes {@link #myVote} reports; 0 for a state that tracks nobody's (the server). */
    public RoomState(long myGuestId) {
        this.myGuestId = myGuestId;
    }

    /** True once a snapshot was applied. */
    public boolean hasSnapshot() {
        return seq >= 0;
    }

    public long seq() {
        return seq;
    }

    public RoomInfo room() {
        return room;
    }

    public Track nowPlaying() {
        return nowPlaying;
    }

    public Long nowPlayingStartedAt() {
        return nowPlayingStartedAt;
    }

    public Track track(long trackId) {
        return queue.get(trackId);
    }

    public int queueSize() {
        return queue.size();
    }

    /** This guest's vote on a queued track: 1, 0 or -1. */
    public int myVote(long trackId) {
        return myVotes.getOrDefault(trackId, 0);
    }

    public Map<Long, Integer> myVotes() {
        return Map.copyOf(myVotes);
    }

    /** The queue in play order (a new list each call). */
    public List<Track> orderedQueue() {
        List<Track> ordered = new ArrayList<>(queue.values());
        ordered.sort(QueueOrder.COMPARATOR);
        return ordered;
    }

    /** The track that plays next, or null. */
    public Track head() {
        Track best = null;
        for (Track track : queue.values()) {
            if (best == null || QueueOrder.COMPARATOR.compare(track, best) < 0) {
                best = track;
            }
        }
        return best;
    }

    /** Replaces everything with a snapshot. */
    public void applySnapshot(ServerMessage.Snapshot snapshot) {
        seq = snapshot.seq();
        room = snapshot.room();
        nowPlaying = snapshot.nowPlaying();
        nowPlayingStartedAt = snapshot.nowPlayingStartedAt();
        queue.clear();
        for (Track track : snapshot.queue()) {
            queue.put(track.id(), track);
        }
        myVotes.clear();
        if (snapshot.myVotes() != null) {
            snapshot.myVotes().forEach((trackId, value) -> {
                if (value != 0) {
                    myVotes.put(trackId, value);
                }
            });
        }
    }

    /** Applies the event if it is the next one; see {@link Applied}. */
    public Applied apply(ServerMessage.Event event) {
        if (event.seq() <= seq) {
            return Applied.DUPLICATE;
        }
        if (seq < 0 || event.seq() != seq + 1) {
            return Applied.GAP;
        }
        applyChange(event.change());
        seq = event.seq();
        return Applied.APPLIED;
    }

    /** Takes a snapshot of this state, with the votes of the guest it was created for. */
    public ServerMessage.Snapshot toSnapshot() {
        return new ServerMessage.Snapshot(seq, room, nowPlaying, nowPlayingStartedAt, orderedQueue(), myVotes());
    }

    private void applyChange(Change change) {
        if (change instanceof Change.TrackAdded added) {
            queue.put(added.track().id(), added.track());
        } else if (change instanceof Change.Voted voted) {
            Track track = queue.get(voted.trackId());
            if (track != null) {
                queue.put(track.id(), track.withScore(voted.score()));
            }
            if (voted.guestId() == myGuestId && myGuestId != 0) {
                if (voted.value() == 0) {
                    myVotes.remove(voted.trackId());
                } else {
                    myVotes.put(voted.trackId(), voted.value());
                }
            }
        } else if (change instanceof Change.TrackRemoved removed) {
            queue.remove(removed.trackId());
            myVotes.remove(removed.trackId());
        } else if (change instanceof Change.NowPlaying playing) {
            nowPlaying = playing.track();
            nowPlayingStartedAt = playing.track() == null ? null : playing.startedAt();
            if (playing.track() != null) {
                queue.remove(playing.track().id());
                myVotes.remove(playing.track().id());
            }
        }
        // Change.Unknown: a newer server's change this client does not understand; the seq still advances.
    }
}
