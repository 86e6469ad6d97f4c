package app.queued.server.room;

import app.queued.protocol.Change;
import app.queued.server.store.VoteInput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every member's current vote on the room's queued tracks, as the worker knows it: what lets a member who rejoins
 * while PostgreSQL is away get a snapshot with their own votes (and a resume one without a query). Kept up to date
 * from the room's events (this node's and other nodes'); forgotten whenever the worker's picture is replaced.
 */
final class RoomVotes {
    private final Map<Long, Map<Long, Integer>> byTrack = new HashMap<>();
    private boolean loaded;

    boolean loaded() {
        return loaded;
    }

    void load(List<VoteInput> votes) {
        byTrack.clear();
        for (VoteInput vote : votes) {
            set(vote.trackId(), vote.guestId(), vote.value());
        }
        loaded = true;
    }

    void forget() {
        byTrack.clear();
        loaded = false;
    }

    /** One member's non-zero votes, by track. */
    Map<Long, Integer> of(long guestId) {
        Map<Long, Integer> mine = new HashMap<>();
        byTrack.forEach((trackId, votes) -> {
            Integer value = votes.get(guestId);
            if (value != null) {
                mine.put(trackId, value);
            }
        });
        return mine;
    }

    /** Follows one of the room's events: a vote changes, or a track leaves the queue with its votes. */
    void apply(Change change) {
        if (change instanceof Change.Voted voted) {
            set(voted.trackId(), voted.guestId(), voted.value());
        } else if (change instanceof Change.TrackRemoved removed) {
            byTrack.remove(removed.trackId());
        } else if (change instanceof Change.NowPlaying playing && playing.track() != null) {
            byTrack.remove(playing.track().id());
        }
    }

    private void set(long trackId, long guestId, int value) {
        if (value == 0) {
            Map<Long, Integer> votes = byTrack.get(trackId);
            if (votes != null) {
                votes.remove(guestId);
            }
        } else {
            byTrack.computeIfAbsent(trackId, id -> new HashMap<>()).put(guestId, value);
        }
    }
}
