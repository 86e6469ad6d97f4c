package app.queued.room;

import app.queued.protocol.Change;
import app.queued.protocol.Person;
import app.queued.protocol.RoomInfo;
import app.queued.protocol.RoomRules;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private RoomRules rules = RoomRules.DEFAULTS;
    private final Map<Long, Person> present = new LinkedHashMap<>();
    private final Map<Long, Integer> playedCounts = new HashMap<>();
    private final Set<Long> skipRequests = new LinkedHashSet<>();
    private boolean nowPlayingFallback;
    private boolean closed;

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

    public RoomRules rules() {
        return rules;
    }

    /** Who is in the room now, in order of arrival. */
    public List<Person> present() {
        return List.copyOf(present.values());
    }

    public Person person(long guestId) {
        return present.get(guestId);
    }

    /** How many of each guest's tracks played (fair ordering). */
    public Map<Long, Integer> playedCounts() {
        return Map.copyOf(playedCounts);
    }

    /** Present people who asked to skip the now-playing track. */
    public int skipCount() {
        int count = 0;
        for (Long guestId : skipRequests) {
            if (present.containsKey(guestId)) {
                count++;
            }
        }
        return count;
    }

    /** Who asked to skip the now-playing track, in order of asking (may hold people who left). */
    public List<Long> skipRequests() {
        return List.copyOf(skipRequests);
    }

    public boolean askedToSkip(long guestId) {
        return skipRequests.contains(guestId);
    }

    /** How many skip requests skip the current track, given who is present. */
    public int skipsNeeded() {
        return rules.skipsNeeded(present.size());
    }

    public boolean nowPlayingIsFallback() {
        return nowPlayingFallback;
    }

    /** True after the host closed the room. */
    public boolean closed() {
        return closed;
    }

    private Comparator<Track> order() {
        return QueueOrder.comparator(rules, playedCounts);
    }

    /** The queue in play order (a new list each call). */
    public List<Track> orderedQueue() {
        List<Track> ordered = new ArrayList<>(queue.values());
        ordered.sort(order());
        return ordered;
    }

    /** The queued tracks in no particular order (cheap). */
    public java.util.Collection<Track> tracks() {
        return java.util.Collections.unmodifiableCollection(queue.values());
    }

    /** The track that plays next, or null. */
    public Track head() {
        Comparator<Track> order = order();
        Track best = null;
        for (Track track : queue.values()) {
            if (best == null || order.compare(track, best) < 0) {
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
        rules = snapshot.rules();
        present.clear();
        snapshot.present().forEach(person -> present.put(person.guestId(), person));
        playedCounts.clear();
        playedCounts.putAll(snapshot.playedCounts());
        skipRequests.clear();
        skipRequests.addAll(snapshot.skipRequests());
        nowPlayingFallback = Boolean.TRUE.equals(snapshot.nowPlayingFallback());
        closed = false;
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
        return new ServerMessage.Snapshot(seq, room, nowPlaying, nowPlayingStartedAt, orderedQueue(), myVotes(),
                rules, present(), playedCounts(), List.copyOf(skipRequests), nowPlayingFallback ? true : null);
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
            nowPlayingFallback = playing.fallback() && playing.track() != null;
            skipRequests.clear();
            if (playing.track() != null) {
                queue.remove(playing.track().id());
                myVotes.remove(playing.track().id());
                if (!playing.fallback()) {
                    playedCounts.merge(playing.track().addedBy(), 1, Integer::sum);
                }
            }
        } else if (change instanceof Change.RulesChanged changed) {
            rules = changed.rules();
        } else if (change instanceof Change.GuestJoined joined) {
            present.put(joined.person().guestId(), joined.person());
        } else if (change instanceof Change.GuestLeft left) {
            present.remove(left.guestId());
        } else if (change instanceof Change.GuestBanned banned) {
            present.remove(banned.guestId());
            skipRequests.remove(banned.guestId());
        } else if (change instanceof Change.RoleChanged changed) {
            Person person = present.get(changed.guestId());
            if (person != null) {
                present.put(person.guestId(), new Person(person.guestId(), person.nickname(), changed.role()));
            }
        } else if (change instanceof Change.SkipRequested asked) {
            if (nowPlaying != null && nowPlaying.id() == asked.trackId()) {
                skipRequests.add(asked.guestId());
            }
        } else if (change instanceof Change.RoomClosed) {
            closed = true;
        }
        // Change.Unknown: a newer server's change this client does not understand; the seq still advances.
    }
}
