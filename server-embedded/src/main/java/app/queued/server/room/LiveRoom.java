package app.queued.server.room;

import app.queued.protocol.Change;
import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Person;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.room.RoomState;
import app.queued.server.cache.RoomCache;
import app.queued.server.store.Member;
import app.queued.server.store.RoomStore;
import app.queued.server.store.RoomTransaction;
import app.queued.server.store.Tokens;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room in this node's memory: its {@link RoomState} (the same clients use), its members, their votes, this
 * node's connections by guest and a ring of recent event frames for fast resume; how it is loaded and how it
 * catches up with what other writers committed. Confined to the room's worker (one thread at a time).
 */
final class LiveRoom {
    private static final Logger log = LoggerFactory.getLogger(LiveRoom.class);
    private static final int REPLAY_FRAME_EVENTS = 100;
    // How far behind the database this node's picture may be and still catch up event by event from the log
    // (another node committed meanwhile); beyond it the room is read again and each connection here gets a
    // snapshot. Far more than a client's replay window: the node must not make its clients skip.
    static final int CATCH_UP_LIMIT = 10_000;
    static final String DATABASE_AWAY =
            "The party's server cannot reach its database right now; try again in a moment.";

    private final long roomId;
    private final RoomStore store;
    private final RoomCache cache;
    private final RoomSettings settings;
    private final PeerGroup peers;
    private final NodeCounters counters;

    private RoomState state;
    // The picture may differ from the database (a failed transaction touched it): read it again before use.
    private boolean stale = true;
    private final ArrayDeque<String> ring = new ArrayDeque<>();
    private long ringFirstSeq = 1;
    // The seq of the snapshot last written to the cache (-1: none known).
    private long cachedSnapshotSeq = -1;
    // Everyone who ever joined (current role and ban), loaded with the room; and this node's open connections.
    private final Map<Long, Member> members = new HashMap<>();
    private boolean membersLoaded;
    private final Map<Long, List<Peer>> peersByGuest = new HashMap<>();
    // Members' votes on queued tracks: for a rejoin's snapshot while PostgreSQL is away.
    private final RoomVotes votes = new RoomVotes();
    // After a (re)load the stored presence may not match the connections: reconcile in the next transaction.
    private boolean presenceChecked;
    // Sticky: once the room ended here it takes no more commands, even if a reload reads it otherwise.
    private boolean closed;
    // The newest seq this room's connections were sent (broadcast, or in their join's snapshot or replay); -1
    // until the room is loaded. A reload past it (a commit whose answer was lost went through after all) sends
    // them the events in between, so nobody stays behind until the next write; a reload from behind it (an older
    // cached snapshot) does not send them again what they already have.
    private long deliveredSeq = -1;
    // Guest tokens (hashed) of members who joined through this node: lets them rejoin while the database is away.
    private final Map<String, Long> knownTokens = new HashMap<>();

    LiveRoom(long roomId, RoomStore store, RoomCache cache, RoomSettings settings, PeerGroup peers,
             NodeCounters counters) {
        this.roomId = roomId;
        this.store = store;
        this.cache = cache;
        this.settings = settings;
        this.peers = peers;
        this.counters = counters;
    }

    long roomId() {
        return roomId;
    }

    RoomState state() {
        return state;
    }

    PeerGroup peers() {
        return peers;
    }

    RoomVotes votes() {
        return votes;
    }

    /** Loaded and believed to match the database. */
    boolean upToDate() {
        return state != null && !stale;
    }

    /** The picture may differ from the database: it is read again before its next use. */
    void markStale() {
        stale = true;
    }

    /** Whether presence was reconciled since the last (re)load and nothing since put it in doubt. */
    boolean presenceChecked() {
        return presenceChecked;
    }

    void presenceChecked(boolean checked) {
        presenceChecked = checked;
    }

    /** The room ended: no more commands. */
    boolean ended() {
        return closed || (state != null && state.closed());
    }

    /** Whether this node saw the room end (after the commit or the remote event that ended it). */
    boolean closed() {
        return closed;
    }

    /** After a commit or another node's events: the room ended if its state says so. */
    void closeIfEnded() {
        closed = ended();
    }

    /** The newest seq this room's connections were sent. */
    long deliveredSeq() {
        return deliveredSeq;
    }

    void delivered(long seq) {
        deliveredSeq = seq;
    }

    long cachedSnapshotSeq() {
        return cachedSnapshotSeq;
    }

    void snapshotCached(long seq) {
        cachedSnapshotSeq = seq;
    }

    Map<Long, Member> members() {
        return members;
    }

    /** Loaded, believed current, and fully known (members, presence): what the one-statement vote commit needs. */
    boolean fullyKnown() {
        return state != null && !stale && membersLoaded && presenceChecked;
    }

    /** In the room as its events say (connected to any node). */
    boolean isPresent(long guestId) {
        return state.person(guestId) != null;
    }

    /** The member as this room knows them now (role changes and bans apply at once), not as they joined. */
    Member current(Peer peer) {
        Member known = members.get(peer.member().guestId());
        return known != null ? known : peer.member();
    }

    Member host() {
        for (Member member : members.values()) {
            if (member.role() == Role.HOST) {
                return member;
            }
        }
        throw new IllegalStateException("room " + roomId + " has no host member");
    }

    /** Keeps each connection's idea of its member current after a role change. */
    void refreshMember(Member member) {
        members.put(member.guestId(), member);
        for (Peer peer : peersByGuest.getOrDefault(member.guestId(), List.of())) {
            peer.joined(member);
        }
    }

    void setBanned(long guestId, boolean banned) {
        Member known = members.get(guestId);
        if (known != null) {
            members.put(guestId, new Member(roomId, guestId, known.nickname(), known.role(), banned));
        } else {
            membersLoaded = false; // someone this node never heard of: read the members again
        }
    }

    // ---------------------------------------------------------------- connections

    boolean connectedHere(long guestId) {
        return peersByGuest.containsKey(guestId);
    }

    Set<Long> guestsConnectedHere() {
        return peersByGuest.keySet();
    }

    List<Peer> windowsOf(long guestId) {
        return peersByGuest.getOrDefault(guestId, List.of());
    }

    List<Peer> everyWindow() {
        List<Peer> all = new ArrayList<>();
        peersByGuest.values().forEach(all::addAll);
        return all;
    }

    private void connect(Peer peer, Member member) {
        peer.joined(member);
        peersByGuest.computeIfAbsent(member.guestId(), id -> new ArrayList<>()).add(peer);
    }

    void disconnect(Peer peer) {
        peers.remove(peer);
        if (peer.member() != null) {
            List<Peer> own = peersByGuest.get(peer.member().guestId());
            if (own != null) {
                own.remove(peer);
                if (own.isEmpty()) {
                    peersByGuest.remove(peer.member().guestId());
                }
            }
        }
    }

    /** Closes the connections a batch let go (bans, the room's end), after its events went out. */
    void closeAll(List<Peer> toClose, String reason) {
        for (Peer peer : List.copyOf(toClose)) {
            disconnect(peer);
            peer.close(reason);
        }
    }

    /** A join that committed: the connection joins the room and gets its ack, then a replay or a snapshot. */
    void admit(Pending p) {
        Command.Join join = (Command.Join) p.command;
        Peer peer = join.peer();
        Member member = p.joinedAs;
        connect(peer, member);
        if (p.guestToken != null) {
            knownTokens.put(Tokens.hash(p.guestToken), member.guestId());
        }
        p.ack(state.seq(), joined(member, p.guestToken));
        peer.send(p.reply);
        Optional<List<String>> replay = positionHere(join.request(), p).flatMap(this::replayFrames);
        if (replay.isPresent()) {
            sendReplay(peer, replay.get());
        } else {
            peer.send(snapshotFrame(p.myVotes));
        }
        peers.add(peer);
        deliveredSeq = Math.max(deliveredSeq, state.seq());
    }

    private Results.Joined joined(Member member, String guestToken) {
        return new Results.Joined(roomId, state.room().name(), state.room().joinCode(), member.guestId(),
                member.nickname(), guestToken, member.role());
    }

    /**
     * The join's {@code lastSeq} if it is a position in this room's state: not when the client says its state is of
     * another room ({@code lastRoomId}), nor when this join made a new guest, who cannot hold this room's state.
     */
    private Optional<Long> positionHere(Request.Join request, Pending p) {
        if (request.lastSeq() == null || p.newMember
                || (request.lastRoomId() != null && request.lastRoomId() != roomId)) {
            return Optional.empty();
        }
        return Optional.of(request.lastSeq());
    }

    /**
     * A member comes back while PostgreSQL is away (their connection dropped too): the room is in memory, so they
     * are let in as who they were — the host by the host token the service checked, a guest by a token this node
     * saw — and sent what the others were sent. Their presence is reconciled once the database is back. A new
     * guest, or a room whose picture in memory is in doubt with nothing to replay, has to wait.
     */
    void joinWhileDown(Command.Join join) {
        Peer peer = join.peer();
        Request.Join request = join.request();
        Member member = null;
        if (state != null && !closed && !state.closed()) {
            if (request.hostToken() != null) {
                member = members.values().stream().filter(m -> m.role() == Role.HOST).findFirst().orElse(null);
            } else if (request.guestToken() != null) {
                Long guestId = knownTokens.get(Tokens.hash(request.guestToken()));
                member = guestId == null ? null : members.get(guestId);
            }
        }
        if (member != null && member.banned()) {
            peer.send(Codec.write(new ServerMessage.Error(request.requestId(), ErrorCode.FORBIDDEN,
                    "The host has removed you from this party.")));
            return;
        }
        Optional<List<String>> replay = Optional.empty();
        if (member != null && request.lastSeq() != null) {
            replay = stale ? ringFrames(request.lastSeq(), deliveredSeq) : replayFrames(request.lastSeq());
        }
        if (member == null || (stale && replay.isEmpty())) {
            peer.send(Codec.write(new ServerMessage.Error(request.requestId(), ErrorCode.UNAVAILABLE, DATABASE_AWAY)));
            return;
        }
        connect(peer, member);
        long seq = stale ? deliveredSeq : state.seq();
        peer.send(Codec.write(new ServerMessage.Ack(request.requestId(), seq,
                Codec.tree(joined(member, request.guestToken())))));
        if (replay.isPresent()) {
            sendReplay(peer, replay.get());
        } else {
            peer.send(snapshotFrame(votes.loaded() ? votes.of(member.guestId()) : Map.of()));
        }
        peers.add(peer);
        presenceChecked = false; // its guestJoined follows once the database is back
    }

    // ---------------------------------------------------------------- reads: resume, replay, snapshots

    void resume(Peer peer, Request.Resume request) {
        String requestId = request.requestId();
        if (!peers.contains(peer)) {
            peer.send(Codec.write(new ServerMessage.Error(requestId, ErrorCode.UNAUTHORIZED, "Join the room first.")));
            return;
        }
        try {
            ensureLoaded();
            Optional<List<String>> replay = replayFrames(request.lastSeq());
            if (replay.isPresent()) {
                sendReplay(peer, replay.get());
            } else {
                long guestId = peer.member().guestId();
                peer.send(snapshotFrame(votes.loaded() ? votes.of(guestId) : store.myVotes(guestId)));
            }
            peer.send(Codec.write(new ServerMessage.Ack(requestId, state.seq(), null)));
        } catch (SQLException | RuntimeException e) {
            if (e instanceof RuntimeException) {
                log.error("room {}: resume failed unexpectedly; reloading the room", roomId, e);
                stale = true;
            } else {
                log.warn("room {}: resume failed: {}", roomId, e.toString());
                store.failed(e);
            }
            peer.send(Codec.write(new ServerMessage.Error(requestId, ErrorCode.UNAVAILABLE,
                    "The party's server cannot catch you up right now; retrying.")));
        }
    }

    /** Missed events as a few {@code events} frames rather than one frame each. */
    private static void sendReplay(Peer peer, List<String> frames) {
        for (int from = 0; from < frames.size(); from += REPLAY_FRAME_EVENTS) {
            peer.send(ServerMessage.Events.frameOf(frames.subList(from, Math.min(frames.size(),
                    from + REPLAY_FRAME_EVENTS))));
        }
    }

    /** Events after lastSeq up to upTo from the ring of delivered frames alone, or empty when it lacks some. */
    private Optional<List<String>> ringFrames(long lastSeq, long upTo) {
        if (lastSeq > upTo || lastSeq + 1 < ringFirstSeq || upTo - ringFirstSeq + 1 > ring.size()) {
            return Optional.empty();
        }
        List<String> frames = new ArrayList<>((int) (upTo - lastSeq));
        long seq = ringFirstSeq;
        for (String frame : ring) {
            if (seq > lastSeq && seq <= upTo) {
                frames.add(frame);
            }
            seq++;
        }
        return Optional.of(frames);
    }

    /** The frames after lastSeq up to now, or empty when a snapshot should be sent instead. */
    private Optional<List<String>> replayFrames(long lastSeq) {
        long now = state.seq();
        if (lastSeq == now) {
            return Optional.of(List.of());
        }
        if (lastSeq > now || now - lastSeq > settings.replayWindow()) {
            return Optional.empty();
        }
        if (lastSeq + 1 >= ringFirstSeq) {
            List<String> frames = new ArrayList<>((int) (now - lastSeq));
            long seq = ringFirstSeq;
            for (String frame : ring) {
                if (seq > lastSeq) {
                    frames.add(frame);
                }
                seq++;
            }
            return Optional.of(frames);
        }
        Optional<List<String>> cached = cache.events(roomId, lastSeq, now);
        if (cached.isPresent()) {
            return cached;
        }
        try {
            List<String> frames = store.eventFrames(roomId, lastSeq, now);
            return frames.size() == now - lastSeq ? Optional.of(frames) : Optional.empty();
        } catch (SQLException e) {
            log.warn("room {}: cannot read events for replay: {}", roomId, e.toString());
            store.failed(e);
            return Optional.empty();
        }
    }

    private String snapshotFrame(Map<Long, Integer> myVotes) {
        ServerMessage.Snapshot base = state.toSnapshot();
        return Codec.write(new ServerMessage.Snapshot(base.seq(), base.room(), base.nowPlaying(),
                base.nowPlayingStartedAt(), base.queue(), myVotes == null ? Map.of() : myVotes, base.rules(),
                base.present(), base.playedCounts(), base.skipRequests(), base.nowPlayingFallback()));
    }

    /** The room as it is now to each connection here, which cannot follow by events from where it was. */
    void snapshotEveryoneHere() {
        for (List<Peer> windows : peersByGuest.values()) {
            for (Peer peer : windows) {
                try {
                    peer.send(snapshotFrame(store.myVotes(peer.member().guestId())));
                } catch (SQLException e) {
                    log.warn("room {}: cannot read a guest's votes for a snapshot ({}); the guest resumes on the "
                            + "next event", roomId, e.toString());
                }
            }
        }
    }

    /** Keeps delivered frames for replay; the ring forgets the oldest beyond its size. */
    void remember(long firstSeq, List<String> frames) {
        if (ring.isEmpty()) {
            ringFirstSeq = firstSeq;
        }
        ring.addAll(frames);
        while (ring.size() > settings.ringSize()) {
            ring.removeFirst();
            ringFirstSeq++;
        }
    }

    private void resetRing() {
        ring.clear();
        ringFirstSeq = state.seq() + 1;
    }

    // ---------------------------------------------------------------- load and catch-up

    /** Loads the room into memory: the cache first, PostgreSQL on a miss; the transaction catches up the rest. */
    void ensureLoaded() throws SQLException {
        if (state != null && !stale) {
            return;
        }
        ServerMessage.Snapshot snapshot = null;
        Optional<RoomCache.CachedSnapshot> cached = cache.snapshot(roomId);
        if (cached.isPresent()) {
            try {
                snapshot = (ServerMessage.Snapshot) Codec.readServer(cached.get().json());
            } catch (RuntimeException e) {
                log.warn("room {}: unreadable cached snapshot, reading PostgreSQL", roomId);
            }
        }
        if (snapshot == null) {
            snapshot = store.loadSnapshot(roomId);
        }
        RoomState fresh = new RoomState(0);
        fresh.applySnapshot(snapshot);
        if (state == null) {
            deliveredSeq = fresh.seq(); // nobody was sent anything yet
        }
        state = fresh;
        stale = false;
        membersLoaded = false;
        presenceChecked = false;
        cachedSnapshotSeq = cached.map(RoomCache.CachedSnapshot::seq).orElse(-1L);
        votes.forget();
        resetRing();
    }

    /** Replaces the picture with the room as the database holds it; members and presence are read again. */
    private void replaceWith(ServerMessage.Snapshot snapshot) {
        RoomState fresh = new RoomState(0);
        fresh.applySnapshot(snapshot);
        state = fresh;
        membersLoaded = false;
        presenceChecked = false;
        votes.forget();
        resetRing();
        counters.reloads.incrementAndGet();
    }

    /**
     * In the batch's transaction, under the room row's lock: brings the picture up to the database (another writer
     * moved the room on), and reads what a (re)load left unknown — members, votes, presence is the caller's.
     */
    void catchUpLocked(RoomTransaction tx, long dbSeq, Batch batch) throws SQLException {
        if (deliveredSeq >= 0 && deliveredSeq < state.seq() && state.seq() - deliveredSeq <= settings.replayWindow()) {
            // reloaded past what the connections were sent: a commit whose answer was lost went through
            batch.caughtUp.addAll(tx.eventFrames(deliveredSeq, state.seq()));
        }
        if (dbSeq != state.seq()) {
            if (dbSeq > state.seq() && dbSeq - state.seq() <= CATCH_UP_LIMIT) {
                for (String frame : tx.eventFrames(state.seq(), dbSeq)) {
                    ServerMessage.Event event = (ServerMessage.Event) Codec.readServer(frame);
                    if (state.apply(event) == RoomState.Applied.APPLIED) {
                        votes.apply(event.change());
                        follow(event.change(), batch);
                        batch.caughtUp.add(frame);
                    }
                }
            }
            if (state.seq() != dbSeq) {
                replaceWith(tx.snapshot());
                votes.load(tx.queuedVotes());
                // the stored snapshot holds no presence, and members may have changed meanwhile: read both again
                batch.snapshotEveryone = true;
            }
        }
        if (!membersLoaded) {
            members.clear();
            tx.members().forEach(m -> members.put(m.guestId(), m));
            membersLoaded = true;
        }
        if (!votes.loaded()) {
            votes.load(tx.queuedVotes());
        }
    }

    /** Reads the events after this node's picture from the log (no lock: committed events never change). */
    void readLog(Batch batch) throws SQLException {
        counters.logReads.incrementAndGet();
        long from = state.seq();
        List<String> missed = store.eventFrames(roomId, from, from + CATCH_UP_LIMIT + 1);
        if (missed.size() > CATCH_UP_LIMIT) {
            // too far behind to replay: the room from PostgreSQL, and a fresh snapshot for each connection here
            replaceWith(store.loadSnapshot(roomId));
            batch.caughtUp.clear();
            snapshotEveryoneHere();
            deliveredSeq = state.seq();
            return;
        }
        for (String frame : missed) {
            applyFrame(frame, batch);
        }
    }

    /** One event another writer committed, applied to the picture (and followed by members and connections). */
    void applyFrame(String frame, Batch batch) {
        ServerMessage.Event event = (ServerMessage.Event) Codec.readServer(frame);
        if (state.apply(event) != RoomState.Applied.APPLIED) {
            return;
        }
        votes.apply(event.change());
        follow(event.change(), batch);
        counters.remoteEvents.incrementAndGet();
        batch.caughtUp.add(frame);
    }

    /**
     * Keeps the members and this node's connections in step with an event another node committed: a guest who
     * joined there becomes a member here, a role change reaches the guest's connections here, a ban or the end of
     * the room closes them (after the broadcast).
     */
    private void follow(Change change, Batch batch) {
        if (change instanceof Change.GuestJoined joined) {
            Person person = joined.person();
            members.put(person.guestId(), new Member(roomId, person.guestId(), person.nickname(), person.role(),
                    false));
        } else if (change instanceof Change.RoleChanged changed) {
            Member known = members.get(changed.guestId());
            if (known != null) {
                refreshMember(new Member(roomId, known.guestId(), known.nickname(), changed.role(), known.banned()));
            } else {
                membersLoaded = false;
            }
        } else if (change instanceof Change.GuestBanned banned) {
            setBanned(banned.guestId(), true);
            batch.closeGuest(banned.guestId(), Moderation.BANNED);
        } else if (change instanceof Change.GuestUnbanned unbanned) {
            setBanned(unbanned.guestId(), false);
        } else if (change instanceof Change.RoomClosed roomClosed) {
            batch.closeEveryone(roomClosed.reason());
        }
    }

    /**
     * A member came back under another nickname: the tracks they added show it in every snapshot from now on
     * (protocol 5.5). No event says so — clients that are here already keep the name they have until their next
     * snapshot. A rare thing, so the state is simply rebuilt.
     */
    void renameAdder(long guestId, String nickname) {
        UnaryOperator<Track> rename = track -> track != null && track.addedBy() == guestId
                ? track.withAddedByName(nickname) : track;
        ServerMessage.Snapshot s = state.toSnapshot();
        state.applySnapshot(new ServerMessage.Snapshot(s.seq(), s.room(), rename.apply(s.nowPlaying()),
                s.nowPlayingStartedAt(), s.queue().stream().map(rename).toList(), s.myVotes(), s.rules(), s.present(),
                s.playedCounts(), s.skipRequests(), s.nowPlayingFallback()));
    }
}
