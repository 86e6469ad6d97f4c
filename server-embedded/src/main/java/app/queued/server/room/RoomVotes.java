package app.queued.server.room;

import app.queued.protocol.Change;
import app.queued.server.store.VoteInput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every member's current vote on the room's queued tracks, as the worker knows it: what lets a batch of votes
 * have its events (with each score after) built before the one statement that commits them. Kept up to date from
 * the room's own events; forgotten whenever the worker's picture of the room is replaced.
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

    int value(long guestId, long trackId) {
        Map<Long, Integer> votes = byTrack.get(trackId);
        return votes == null ? 0 : votes.getOrDefault(guestId, 0);
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
