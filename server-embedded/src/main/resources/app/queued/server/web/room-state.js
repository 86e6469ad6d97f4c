// The room as this page knows it: a snapshot, then events applied strictly in seq order
// (docs/protocol.md §5–§8, §12–§13). Mirrors shared's app.queued.room.RoomState and QueueOrder line for line, so
// the page shows the same order as the server and the desktop apps; WebGuestParityTest checks that it does.

export const VOTES = 'votes';
export const FAIR = 'fair';

/** The rules of a new room, as a snapshot sends them (§12.1). */
export const DEFAULT_RULES = Object.freeze({
  ordering: VOTES, downvotes: true, addingLocked: false, votingLocked: false, voteOnly: false, skipShare: 0.5,
});

/** Fills left-out fields with their defaults, as the Java RoomRules record does. */
export function normalizeRules(rules) {
  const r = rules || {};
  return Object.freeze({
    ordering: r.ordering === FAIR ? FAIR : VOTES,
    maxQueuedPerGuest: r.maxQueuedPerGuest ?? null,
    maxTrackSeconds: r.maxTrackSeconds ?? null,
    downvotes: r.downvotes !== false,
    autoRemoveAt: r.autoRemoveAt ?? null,
    addingLocked: r.addingLocked === true,
    votingLocked: r.votingLocked === true,
    voteOnly: r.voteOnly === true,
    skipShare: typeof r.skipShare === 'number' ? r.skipShare : 0.5,
  });
}

/** How many skip requests of present people skip the current track (§13.2, with the same 1e-9 tolerance). */
export function skipsNeeded(rules, present) {
  return Math.max(1, Math.ceil(rules.skipShare * present - 1e-9));
}

/** §7.1: score highest first, then added earliest, then lowest id. */
export function votesOrder(a, b) {
  return (b.score - a.score) || (a.addedAt - b.addedAt) || (a.id - b.id);
}

/** The order for a room's rules (§7.2 adds the adder's played count, lowest first, after the score). */
export function queueOrder(rules, playedCounts) {
  if (!rules || rules.ordering !== FAIR) {
    return votesOrder;
  }
  const played = (t) => playedCounts.get(t.addedBy) ?? 0;
  return (a, b) => (b.score - a.score) || (played(a) - played(b)) || (a.addedAt - b.addedAt) || (a.id - b.id);
}

/** What apply() did with an event (RoomState.Applied). */
export const APPLIED = 'applied';
export const DUPLICATE = 'duplicate';
export const GAP = 'gap';

const numberKeyed = (object) => {
  const map = new Map();
  for (const [key, value] of Object.entries(object || {})) {
    map.set(Number(key), value);
  }
  return map;
};

export class RoomState {
  /** @param {number} myGuestId whose votes myVote() reports; 0 tracks nobody's. */
  constructor(myGuestId = 0) {
    this.myGuestId = myGuestId;
    this.seq = -1;
    this.room = null;
    this.nowPlaying = null;
    this.nowPlayingStartedAt = null;
    this.queue = new Map();
    this.myVotes = new Map();
    this.rules = normalizeRules(null);
    this.present = new Map();
    this.playedCounts = new Map();
    this.skipRequests = new Set();
    this.nowPlayingFallback = false;
    this.closed = false;
    this.closedReason = null;
  }

  hasSnapshot() {
    return this.seq >= 0;
  }

  myVote(trackId) {
    return this.myVotes.get(trackId) ?? 0;
  }

  /** Present people who asked to skip the now-playing track. */
  skipCount() {
    let count = 0;
    for (const guestId of this.skipRequests) {
      if (this.present.has(guestId)) {
        count++;
      }
    }
    return count;
  }

  skipsNeeded() {
    return skipsNeeded(this.rules, this.present.size);
  }

  order() {
    return queueOrder(this.rules, this.playedCounts);
  }

  /** The queue in play order (a new array each call). */
  orderedQueue() {
    return [...this.queue.values()].sort(this.order());
  }

  /** Replaces everything with a snapshot (§5.3). */
  applySnapshot(s) {
    this.seq = s.seq;
    this.room = s.room ?? null;
    this.nowPlaying = s.nowPlaying ?? null;
    this.nowPlayingStartedAt = s.nowPlayingStartedAt ?? null;
    this.queue = new Map((s.queue || []).map((t) => [t.id, t]));
    this.myVotes = new Map([...numberKeyed(s.myVotes)].filter(([, value]) => value !== 0));
    this.rules = normalizeRules(s.rules);
    this.present = new Map((s.present || []).map((p) => [p.guestId, p]));
    this.playedCounts = numberKeyed(s.playedCounts);
    this.skipRequests = new Set(s.skipRequests || []);
    this.nowPlayingFallback = s.nowPlayingFallback === true;
    this.closed = false;
    this.closedReason = null;
  }

  /** Applies the event if it is the next one; returns APPLIED, DUPLICATE or GAP (§8.2). */
  apply(event) {
    if (event.seq <= this.seq) {
      return DUPLICATE;
    }
    if (this.seq < 0 || event.seq !== this.seq + 1) {
      return GAP;
    }
    this.applyChange(event.change || {});
    this.seq = event.seq;
    return APPLIED;
  }

  applyChange(c) {
    switch (c.kind) {
      case 'trackAdded':
        this.queue.set(c.track.id, c.track);
        break;
      case 'voted': {
        const track = this.queue.get(c.trackId);
        if (track) {
          this.queue.set(track.id, { ...track, score: c.score });
        }
        if (c.guestId === this.myGuestId && this.myGuestId !== 0) {
          if (c.value === 0) {
            this.myVotes.delete(c.trackId);
          } else {
            this.myVotes.set(c.trackId, c.value);
          }
        }
        break;
      }
      case 'trackRemoved':
        this.queue.delete(c.trackId);
        this.myVotes.delete(c.trackId);
        break;
      case 'nowPlaying': {
        const track = c.track ?? null;
        this.nowPlaying = track;
        this.nowPlayingStartedAt = track === null ? null : c.startedAt;
        this.nowPlayingFallback = c.fallback === true && track !== null;
        this.skipRequests.clear();
        if (track !== null) {
          this.queue.delete(track.id);
          this.myVotes.delete(track.id);
          if (c.fallback !== true) {
            this.playedCounts.set(track.addedBy, (this.playedCounts.get(track.addedBy) ?? 0) + 1);
          }
        }
        break;
      }
      case 'rulesChanged':
        this.rules = normalizeRules(c.rules);
        break;
      case 'guestJoined':
        this.present.set(c.person.guestId, c.person);
        break;
      case 'guestLeft':
        this.present.delete(c.guestId);
        break;
      case 'guestBanned':
        this.present.delete(c.guestId);
        this.skipRequests.delete(c.guestId);
        break;
      case 'roleChanged': {
        const person = this.present.get(c.guestId);
        if (person) {
          this.present.set(c.guestId, { ...person, role: c.role });
        }
        break;
      }
      case 'skipRequested':
        if (this.nowPlaying !== null && this.nowPlaying.id === c.trackId) {
          this.skipRequests.add(c.guestId);
        }
        break;
      case 'roomClosed':
        this.closed = true;
        this.closedReason = c.reason ?? null;
        break;
      default:
        // guestUnbanned changes nothing; an unknown kind from a newer server neither (§6): the seq still advances.
        break;
    }
  }
}
