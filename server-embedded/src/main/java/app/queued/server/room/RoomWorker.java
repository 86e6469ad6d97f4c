package app.queued.server.room;

import app.queued.protocol.Change;
import app.queued.protocol.Person;
import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.ProtocolException;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.room.RoomState;
import app.queued.server.cache.RoomCache;
import app.queued.server.events.EventFanout;
import app.queued.server.store.CommitOutcomeUnknownException;
import app.queued.server.store.Member;
import app.queued.server.store.RoomStore;
import app.queued.server.store.RoomTransaction;
import app.queued.server.store.StoredOutcome;
import app.queued.server.store.Tokens;
import app.queued.server.store.VoteCommit;
import app.queued.server.store.VoteInput;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one room on this node: an actor whose commands run one batch at a time on a shared pool,
 * so a room's events keep their order without any global lock, and rooms proceed in parallel.
 *
 * <p>A batch is one PostgreSQL transaction (group commit): while one commits, new commands queue up and form the
 * next batch. Nothing is acknowledged or broadcast before the commit that holds it. The worker keeps the room's
 * state in memory (the same {@link RoomState} clients use), a ring of recent event frames for fast resume, and
 * the room's connections.
 */
final class RoomWorker {
    private static final Logger log = LoggerFactory.getLogger(RoomWorker.class);
    private static final int REPLAY_FRAME_EVENTS = 100;
    // How far behind the database this node's picture may be and still catch up event by event from the log
    // (another node committed meanwhile); beyond it the room is read again and each connection here gets a
    // snapshot. Far more than a client's replay window: the node must not make its clients skip.
    private static final int CATCH_UP_LIMIT = 10_000;
    // How long another node's message may wait behind a gap for the missing one before the log fills it.
    private static final long GAP_WAIT_MS = 20;
    private static final String SAVE_FAILED = "The party's server could not save that right now; please try again.";
    private static final String DATABASE_AWAY =
            "The party's server cannot reach its database right now; try again in a moment.";
    private static final String OUTCOME_UNKNOWN = "The party's server could not find out whether that was saved; "
            + "send it again with the same requestId to get the true answer.";
    /** How long requests whose commit's answer was lost wait for the database to tell what became of them. */
    static final long IN_DOUBT_LIMIT_MS = 3_000;
    /** How often requests in doubt are tried again while they wait. */
    private static final long RECHECK_MS = 250;
    private static final int MAX_UNRESOLVED = 10_000;

    private final long roomId;
    private final RoomStore store;
    private final RoomCache cache;
    private final EventFanout fanout;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final RoomSettings settings;
    private final PeerGroup peers;
    private final Presence presence;
    private final NodeCounters counters;

    private final ConcurrentLinkedQueue<Command> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inboxSize = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    // When the next batch may run (RoomSettings#broadcastSpacingNanos); written by the worker, read by submitters.
    private volatile long nextBatchNanos = System.nanoTime();

    // Confined to the batch being run (one thread at a time, handed over through the executor).
    private RoomState state;
    private boolean stale = true;
    private final ArrayDeque<String> ring = new ArrayDeque<>();
    private long ringFirstSeq = 1;
    private long cachedSnapshotSeq = -1;
    private long lastSnapshotWriteNanos;
    private boolean flushScheduled;
    // Everyone who ever joined (current role and ban), loaded with the room; and this node's open connections.
    private final Map<Long, Member> members = new HashMap<>();
    private boolean membersLoaded;
    private final Map<Long, List<Peer>> peersByGuest = new HashMap<>();
    // Members' votes on queued tracks: for a rejoin's snapshot while PostgreSQL is away.
    private final RoomVotes roomVotes = new RoomVotes();
    // After a (re)load the stored presence may not match the connections: reconcile in the next transaction.
    private boolean presenceChecked;
    private boolean closed;
    private final List<Peer> toClose = new ArrayList<>();
    private String closeReason;
    // The newest seq this room's connections were sent (broadcast, or in their join's snapshot or replay); -1
    // until the room is loaded. A reload past it (a commit whose answer was lost went through after all) sends
    // them the events in between, so nobody stays behind until the next write; a reload from behind it (an older
    // cached snapshot) does not send them again what they already have.
    private long deliveredSeq = -1;
    // Requests whose commit's answer was lost, oldest first, waiting for the database to answer again.
    private final List<Command.InDoubt> inDoubt = new ArrayList<>();
    private boolean recheckScheduled;
    // "guestId/requestId" of requests answered outcome_unknown: while the database is away a resend gets the same.
    private final Set<String> unresolved = new HashSet<>();
    // Guest tokens (hashed) of members who joined through this worker: lets them rejoin while the database is away.
    private final Map<String, Long> knownTokens = new HashMap<>();
    // Whether this node listens to the room's events from other nodes (while it has connections in the room).
    private boolean following;
    // The room was read again in a transaction: after its commit every connection here gets a snapshot.
    private boolean snapshotEveryoneAfterCommit;
    // The seq this node's picture has reached, for the poll that notices events the fan-out lost (-1: none).
    private volatile long appliedSeq = -1;
    private volatile boolean followingNow;
    // Other nodes' messages that arrived beyond a gap, by first seq; and whether the wait for the gap is on.
    private final java.util.TreeMap<Long, List<String>> heldBack = new java.util.TreeMap<>();
    private volatile boolean gapCheckScheduled;

    RoomWorker(long roomId, RoomStore store, RoomCache cache, EventFanout fanout, Executor executor,
               ScheduledExecutorService timer, RoomSettings settings, PeerGroup peers, Presence presence,
               NodeCounters counters) {
        this.roomId = roomId;
        this.store = store;
        this.cache = cache;
        this.fanout = fanout;
        this.executor = executor;
        this.timer = timer;
        this.settings = settings;
        this.peers = peers;
        this.presence = presence;
        this.counters = counters;
    }

    long roomId() {
        return roomId;
    }

    /** Queues a command; false when the room is overloaded (the caller answers {@code unavailable}). */
    boolean submit(Command command) {
        if (inboxSize.incrementAndGet() > settings.maxInbox() && !(command instanceof Command.Leave)
                && !(command instanceof Command.Refresh)) {
            inboxSize.decrementAndGet();
            return false;
        }
        inbox.add(command);
        schedule();
        return true;
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            long wait = nextBatchNanos - System.nanoTime();
            try {
                if (wait > 0) {
                    timer.schedule(this::startDrain, wait, TimeUnit.NANOSECONDS);
                } else {
                    startDrain();
                }
            } catch (RejectedExecutionException e) {
                stopping();
            }
        }
    }

    private void startDrain() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            stopping();
        }
    }

    private void stopping() {
        // the server is stopping: commands still queued (e.g. the leaves of closing connections) are dropped
        scheduled.set(false);
        log.debug("room {}: server stopping; {} queued command(s) dropped", roomId, inbox.size());
    }

    private void drain() {
        try {
            List<Command> batch = new ArrayList<>();
            takeDoubts(batch);
            Command next;
            while (batch.size() < settings.maxBatch() && (next = inbox.poll()) != null) {
                inboxSize.decrementAndGet();
                if (next instanceof Command.Refresh) {
                    recheckScheduled = false;
                    if (batch.stream().anyMatch(c -> c instanceof Command.Refresh)) {
                        continue; // once per batch is enough
                    }
                }
                batch.add(next);
            }
            run(batch);
        } catch (RuntimeException | Error e) {
            log.error("room {}: batch failed unexpectedly; reloading the room", roomId, e);
            stale = true;
        } finally {
            afterBatch();
            scheduled.set(false);
            if (!inbox.isEmpty()) {
                schedule();
            }
        }
    }

    private void run(List<Command> commands) {
        List<Command> batch = applyRemoteFirst(commands);
        int i = 0;
        while (i < batch.size()) {
            Command command = batch.get(i);
            if (transactional(command)) {
                int end = i;
                while (end < batch.size() && transactional(batch.get(end))) {
                    end++;
                }
                runTransaction(batch.subList(i, end));
                i = end;
            } else {
                runAlone(command);
                i++;
            }
        }
    }

    private static boolean transactional(Command command) {
        return command instanceof Command.Write || command instanceof Command.Join || command instanceof Command.Leave
                || command instanceof Command.InDoubt || command instanceof Command.Refresh;
    }

    // ---------------------------------------------------------------- requests in doubt (commit answer lost)

    /**
     * Puts the requests in doubt first into the batch when the database answers again; gives up on those past
     * their deadline. Their order is kept: a guest's later vote never overtakes one in doubt.
     */
    private void takeDoubts(List<Command> batch) {
        if (inDoubt.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        boolean down = store.databaseDown();
        for (java.util.Iterator<Command.InDoubt> it = inDoubt.iterator(); it.hasNext(); ) {
            Command.InDoubt doubt = it.next();
            if (now - doubt.deadlineNanos() >= 0) {
                it.remove();
                giveUp(doubt.original());
            } else if (!down) {
                it.remove();
                batch.add(doubt);
            }
        }
        if (!inDoubt.isEmpty()) {
            scheduleRecheck();
        }
    }

    private void keepInDoubt(Command command, Long deadlineNanos) {
        long deadline = deadlineNanos != null ? deadlineNanos
                : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IN_DOUBT_LIMIT_MS);
        inDoubt.add(new Command.InDoubt(command, deadline));
        scheduleRecheck();
    }

    private void scheduleRecheck() {
        if (!recheckScheduled) {
            recheckScheduled = true;
            try {
                timer.schedule(() -> submit(new Command.Refresh()), RECHECK_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                recheckScheduled = false; // stopping
            }
        }
    }

    /** The database stayed away: the request may or may not be saved, and the requester is told exactly that. */
    private void giveUp(Command command) {
        Peer peer = command instanceof Command.Write w ? w.peer() : ((Command.Join) command).peer();
        String requestId = command instanceof Command.Write w ? w.request().requestId()
                : ((Command.Join) command).request().requestId();
        if (command instanceof Command.Write w) {
            if (unresolved.size() >= MAX_UNRESOLVED) {
                unresolved.clear();
            }
            unresolved.add(RoomTransaction.key(w.peer().member().guestId(), requestId));
        }
        log.info("room {}: request {} is still in doubt after {} ms; answering outcome_unknown", roomId, requestId,
                IN_DOUBT_LIMIT_MS);
        peer.send(Codec.write(new ServerMessage.Error(requestId, ErrorCode.OUTCOME_UNKNOWN, OUTCOME_UNKNOWN)));
    }

    /**
     * PostgreSQL is known to be away: every request is answered at once, from memory where that is exact (a
     * member's rejoin), {@code unavailable} where it needed the database; nothing in memory changes, so the room
     * stays as its connections last saw it. Requests in doubt keep waiting.
     */
    private void answerWhileDown(List<Command> commands) {
        for (Command command : commands) {
            if (command instanceof Command.InDoubt doubt) {
                inDoubt.add(doubt);
            } else if (command instanceof Command.Leave leave) {
                disconnect(leave.peer());
                presenceChecked = false; // its guestLeft follows once the database is back
            } else if (command instanceof Command.Join join) {
                joinWhileDown(join);
            } else if (command instanceof Command.Write w) {
                String key = RoomTransaction.key(w.peer().member().guestId(), w.request().requestId());
                // a resend of a request in doubt (its first connection dropped meanwhile) may be saved already
                boolean doubted = unresolved.contains(key) || inDoubt(key);
                w.peer().send(Codec.write(new ServerMessage.Error(w.request().requestId(),
                        doubted ? ErrorCode.OUTCOME_UNKNOWN : ErrorCode.UNAVAILABLE,
                        doubted ? OUTCOME_UNKNOWN : DATABASE_AWAY)));
            }
        }
        if (!inDoubt.isEmpty()) {
            scheduleRecheck();
        }
    }

    private boolean inDoubt(String key) {
        for (Command.InDoubt doubt : inDoubt) {
            if (doubt.original() instanceof Command.Write w
                    && key.equals(RoomTransaction.key(w.peer().member().guestId(), w.request().requestId()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A member comes back while PostgreSQL is away (their connection dropped too): the room is in memory, so they
     * are let in as who they were — the host by the host token the service checked, a guest by a token this worker
     * saw — and sent what the others were sent. Their presence is reconciled once the database is back. A new
     * guest, or a room whose picture in memory is in doubt with nothing to replay, has to wait.
     */
    private void joinWhileDown(Command.Join join) {
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
        peer.joined(member);
        peersByGuest.computeIfAbsent(member.guestId(), id -> new ArrayList<>()).add(peer);
        long seq = stale ? deliveredSeq : state.seq();
        peer.send(Codec.write(new ServerMessage.Ack(request.requestId(), seq, Codec.tree(new Results.Joined(roomId,
                state.room().name(), state.room().joinCode(), member.guestId(), member.nickname(),
                request.guestToken(), member.role())))));
        if (replay.isPresent()) {
            sendReplay(peer, replay.get());
        } else {
            peer.send(snapshotFrame(roomVotes.loaded() ? roomVotes.of(member.guestId()) : Map.of()));
        }
        peers.add(peer);
        presenceChecked = false; // its guestJoined follows once the database is back
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

    /** PostgreSQL is back: catch the room up (missed events, presence) and settle requests in doubt. */
    void databaseRecovered() {
        submit(new Command.Refresh());
    }

    private void runAlone(Command command) {
        if (command instanceof Command.CheckPresence) {
            presenceChecked = false;
            runTransaction(List.of());
        } else if (command instanceof Command.Resume resume) {
            resume(resume.peer(), resume.request());
        } else if (command instanceof Command.FlushCache flush) {
            flushScheduled = flush.scheduled() ? false : flushScheduled;
            if (state != null && !stale && (flush.force() || cachedSnapshotSeq < state.seq())) {
                writeSnapshotToCache();
            }
        }
    }

    // ---------------------------------------------------------------- the writing transaction (group commit)

    /** The fate of one command in a batch. */
    static final class Pending {
        final Command command;
        final Long doubtDeadline;     // set while the request is in doubt (an earlier commit's answer was lost)
        String reply;                 // ack or error frame for the requester
        boolean logged;               // remember the outcome for retries (I3)
        Long seq;
        String resultJson;
        Member joinedAs;
        boolean held;                 // no answer yet: kept in doubt until the database tells
        boolean newMember;
        String guestToken;
        Map<Long, Integer> myVotes;
        Pending duplicateOf;

        Pending(Command command) {
            if (command instanceof Command.InDoubt doubt) {
                this.command = doubt.original();
                this.doubtDeadline = doubt.deadlineNanos();
            } else {
                this.command = command;
                this.doubtDeadline = null;
            }
        }

        /** Whether the requester waits for an answer (a write or a join; not a leave or a refresh). */
        boolean answered() {
            return command instanceof Command.Write || command instanceof Command.Join;
        }

        Peer peer() {
            if (command instanceof Command.Write w) {
                return w.peer();
            }
            if (command instanceof Command.Join j) {
                return j.peer();
            }
            return command instanceof Command.Leave l ? l.peer() : null;
        }

        String requestId() {
            if (command instanceof Command.Write w) {
                return w.request().requestId();
            }
            return command instanceof Command.Join j ? j.request().requestId() : null;
        }

        void ack(Long seq, Object result) {
            this.seq = seq;
            this.resultJson = result == null ? null : Codec.write(result);
            this.reply = Codec.write(new ServerMessage.Ack(requestId(), seq,
                    result == null ? null : Codec.tree(result)));
        }

        void fail(ErrorCode code, String message) {
            this.reply = Codec.write(new ServerMessage.Error(requestId(), code, message));
        }
    }

    /** Votes waiting to be applied by one set-based statement; each (guest, track) at most once. */
    private final List<Pending> voteOwners = new ArrayList<>();
    private final List<VoteInput> votes = new ArrayList<>();
    private final Set<String> votePairs = new HashSet<>();
    private final List<Long> newSeqs = new ArrayList<>();
    private final List<String> newFrames = new ArrayList<>();

    private void runTransaction(List<Command> commands) {
        if (store.databaseDown()) {
            answerWhileDown(commands);
            return;
        }
        List<Command> toRun = commands;
        if (!commands.isEmpty() && onlyVotes(commands)) {
            VoteCommitResult result = commitVotesAlone(commands);
            if (result == VoteCommitResult.COMMITTED) {
                return;
            }
            if (result == VoteCommitResult.UNKNOWN) {
                // the request log will tell which were stored; the general path below reads it
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IN_DOUBT_LIMIT_MS);
                toRun = new ArrayList<>(commands.size());
                for (Command command : commands) {
                    toRun.add(new Command.InDoubt(command, deadline));
                }
                if (store.databaseDown()) {
                    answerWhileDown(toRun);
                    return;
                }
            }
        }
        if (onlyRefreshes(toRun) && (state == null || (!stale && presenceChecked))) {
            return; // nothing is behind
        }
        List<Pending> pendings = new ArrayList<>(toRun.size());
        for (Command command : toRun) {
            pendings.add(new Pending(command));
        }
        List<String> caughtUp = new ArrayList<>();
        newSeqs.clear();
        newFrames.clear();
        voteOwners.clear();
        votes.clear();
        votePairs.clear();
        toClose.clear();
        boolean committed = false;
        boolean began = false;
        Exception failure = null;
        try {
            ensureLoaded();
            try (RoomTransaction tx = store.begin(roomId)) {
                began = true;
                long dbSeq = tx.lockRoom();
                if (deliveredSeq >= 0 && deliveredSeq < state.seq()
                        && state.seq() - deliveredSeq <= settings.replayWindow()) {
                    // reloaded past what the connections were sent: a commit whose answer was lost went through
                    caughtUp.addAll(tx.eventFrames(deliveredSeq, state.seq()));
                }
                if (dbSeq != state.seq()) {
                    catchUp(tx, dbSeq, caughtUp);
                }
                if (!membersLoaded) {
                    members.clear();
                    tx.members().forEach(m -> members.put(m.guestId(), m));
                    membersLoaded = true;
                }
                if (!roomVotes.loaded()) {
                    roomVotes.load(tx.queuedVotes());
                }
                if (!presenceChecked) {
                    reconcilePresence(tx);
                }
                Map<String, StoredOutcome> prior = priorOutcomes(tx, pendings);
                Map<String, Pending> seenInBatch = new HashMap<>();
                for (Pending p : pendings) {
                    if (p.command instanceof Command.Refresh) {
                        continue;
                    }
                    if (p.command instanceof Command.Write w) {
                        String key = RoomTransaction.key(w.peer().member().guestId(), w.request().requestId());
                        StoredOutcome before = prior.get(key);
                        if (before != null) {
                            p.reply = Codec.write(new ServerMessage.Ack(p.requestId(), before.seq(),
                                    before.resultJson() == null ? null : Codec.mapper().readTree(before.resultJson())));
                            continue;
                        }
                        Pending first = seenInBatch.putIfAbsent(key, p);
                        if (first != null) {
                            p.duplicateOf = first;
                            continue;
                        }
                    }
                    try {
                        process(tx, p);
                    } catch (ProtocolException e) {
                        p.fail(e.code(), e.getMessage());
                    }
                }
                flushVotes(tx);
                for (Pending p : pendings) {
                    if (p.joinedAs != null) {
                        p.myVotes = tx.myVotes(p.joinedAs.guestId());
                    }
                }
                finish(tx, pendings);
                tx.commit();
                committed = true;
                presenceChecked = true;
                counters.lockedCommits.incrementAndGet();
            }
        } catch (SQLException | JsonProcessingException | RuntimeException e) {
            failure = e;
            store.failed(e);
            toClose.clear();
            snapshotEveryoneAfterCommit = false;
        }
        if (failure != null && !began && store.databaseDown()) {
            answerWhileDown(toRun); // found out just now, before anything was touched
            return;
        }
        if (failure != null) {
            if (!(failure instanceof CommitOutcomeUnknownException)) {
                log.warn("room {}: transaction of {} commands failed{}: {}", roomId, toRun.size(),
                        committed ? " after its commit" : "", failure.toString());
            }
            if (!newSeqs.isEmpty() || failure instanceof RuntimeException) {
                stale = true; // the room in memory holds changes that may not be saved
            }
        }
        if (!committed) {
            // A commit whose answer was lost (or a retry of one) may have been saved: hold those answers until the
            // database tells. Anything else in the batch surely was not saved.
            boolean unknown = failure instanceof CommitOutcomeUnknownException;
            for (Pending p : pendings) {
                if (p.command instanceof Command.Leave leave) {
                    disconnect(leave.peer()); // its guestLeft follows with the next transaction
                    presenceChecked = false;
                }
                if (!p.answered()) {
                    continue;
                }
                Pending decides = p.duplicateOf != null ? p.duplicateOf : p;
                boolean dependsOnCommit = decides.reply == null || decides.logged || decides.joinedAs != null
                        || decides.held;
                if (!dependsOnCommit) {
                    continue;
                }
                p.joinedAs = null;
                if (unknown || p.doubtDeadline != null || decides.held) {
                    p.held = true;
                    p.reply = null;
                    keepInDoubt(p.command, p.doubtDeadline);
                } else if (p.duplicateOf == null) {
                    p.fail(ErrorCode.UNAVAILABLE, SAVE_FAILED);
                }
            }
            if (unknown) {
                log.warn("room {}: the answer to a commit was lost ({}); {} request(s) in doubt, asking the request "
                        + "log", roomId, failure.getCause(), pendings.stream().filter(p -> p.held).count());
            }
            caughtUp.clear();
            newFrames.clear();
            newSeqs.clear();
        }
        afterCommit(pendings, caughtUp, committed);
    }

    private static boolean onlyRefreshes(List<Command> commands) {
        for (Command command : commands) {
            if (!(command instanceof Command.Refresh)) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyVotes(List<Command> commands) {
        for (Command command : commands) {
            if (!(command instanceof Command.Write w && w.request() instanceof Request.Vote)) {
                return false;
            }
        }
        return true;
    }

    private record VoteKey(long guestId, long trackId) {
    }

    /**
     * The hot path: a batch of nothing but votes, on a room this worker knows fully, committed by one statement
     * ({@link VoteCommit}) in which PostgreSQL gives the votes their seqs and their scores. Events other nodes
     * committed since this node's picture come back with it and are applied first, so nodes voting in one room do
     * not make each other fail or retry. Unless COMMITTED nothing was answered; the room in memory is as it was,
     * or marked stale when the statement's answer was lost (it may have committed).
     */
    private VoteCommitResult commitVotesAlone(List<Command> commands) {
        if (state == null || stale || !membersLoaded || !presenceChecked || state.rules().autoRemoveAt() != null) {
            return VoteCommitResult.GENERAL_PATH;
        }
        Set<String> requestKeys = new HashSet<>();
        Set<VoteKey> pairs = new HashSet<>();
        for (Command command : commands) {
            Command.Write w = (Command.Write) command;
            long guestId = w.peer().member().guestId();
            if (!requestKeys.add(RoomTransaction.key(guestId, w.request().requestId()))
                    || !pairs.add(new VoteKey(guestId, ((Request.Vote) w.request()).trackId()))) {
                // the general path answers a request sent twice in one batch once, and applies one guest's two
                // votes on one track one after the other
                return VoteCommitResult.GENERAL_PATH;
            }
        }
        long fromSeq = state.seq();
        newSeqs.clear();
        newFrames.clear();
        toClose.clear();
        List<Pending> pendings = new ArrayList<>(commands.size());
        List<Pending> voting = new ArrayList<>(commands.size());
        List<VoteCommit.Vote> votes = new ArrayList<>(commands.size());
        for (Command command : commands) {
            Pending p = new Pending(command);
            pendings.add(p);
            Command.Write write = (Command.Write) command;
            Request.Vote vote = (Request.Vote) write.request();
            try {
                Member member = current(write.peer());
                checkMayWrite(member);
                Track track = requireQueued(vote.trackId());
                Rules.checkVote(state.rules(), member, track, vote.value(), members);
                votes.add(new VoteCommit.Vote(member.guestId(), track.id(), vote.value(), vote.requestId()));
                voting.add(p);
            } catch (ProtocolException e) {
                p.fail(e.code(), e.getMessage());
            }
        }
        List<String> caughtUp = new ArrayList<>();
        if (!votes.isEmpty()) {
            VoteCommit.Outcome outcome;
            try {
                outcome = store.commitVotes(roomId, fromSeq, votes);
            } catch (SQLException | RuntimeException e) {
                store.failed(e);
                if (e instanceof CommitOutcomeUnknownException) {
                    // the statement may have committed: the general path asks the request log (in doubt)
                    stale = true;
                    log.warn("room {}: the answer to a vote commit was lost ({}); {} request(s) in doubt, asking the "
                            + "request log", roomId, e.getCause().toString(), commands.size());
                    return VoteCommitResult.UNKNOWN;
                }
                counters.fastPathRefused.incrementAndGet();
                if (e instanceof SQLException sql && VoteCommit.MISPREDICTED.equals(sql.getSQLState())) {
                    log.warn("room {}: the room in memory differed from the database; reloading it", roomId);
                    stale = true;
                } else { // typically a resent request id (its outcome is remembered), or the database is away
                    log.debug("room {}: one-statement vote commit refused ({}); taking the general path", roomId,
                            e.toString());
                }
                return VoteCommitResult.GENERAL_PATH;
            }
            if (outcome.refused()) {
                counters.fastPathBlocked.incrementAndGet();
                log.debug("room {}: another writer committed a {} meanwhile; taking the locked path", roomId,
                        outcome.refusedBy());
                return VoteCommitResult.GENERAL_PATH;
            }
            for (String frame : outcome.frames()) {
                ServerMessage.Event event = (ServerMessage.Event) Codec.readServer(frame);
                if (event.seq() < outcome.firstOwnSeq()) {
                    applyFrame(frame, caughtUp); // another node's, committed before ours
                } else {
                    state.apply(event);
                    roomVotes.apply(event.change());
                    newSeqs.add(event.seq());
                    newFrames.add(frame);
                }
            }
            if (state.seq() != outcome.firstOwnSeq() + votes.size() - 1) {
                log.warn("room {}: the votes committed, but the room in memory did not follow; reloading it", roomId);
                stale = true;
            }
            for (int i = 0; i < voting.size(); i++) {
                voting.get(i).logged = true;
                voting.get(i).ack(outcome.firstOwnSeq() + i, null);
            }
            counters.fastPathCommits.incrementAndGet();
            if (!caughtUp.isEmpty()) {
                counters.fastPathCaughtUp.incrementAndGet();
            }
        }
        afterCommit(pendings, caughtUp, true);
        return VoteCommitResult.COMMITTED;
    }

    /** How the one-statement vote commit ended. */
    private enum VoteCommitResult {
        COMMITTED,
        /** Nothing was answered and nothing saved: the general path must run the batch. */
        GENERAL_PATH,
        /** The connection was lost while the statement ran: it may have been saved. */
        UNKNOWN
    }

    private Map<String, StoredOutcome> priorOutcomes(RoomTransaction tx, List<Pending> pendings) throws SQLException {
        List<Long> guests = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Pending p : pendings) {
            if (p.command instanceof Command.Write w) {
                guests.add(w.peer().member().guestId());
                ids.add(w.request().requestId());
            }
        }
        return tx.priorOutcomes(guests, ids);
    }

    private void finish(RoomTransaction tx, List<Pending> pendings) throws SQLException {
        List<Long> guests = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        List<String> results = new ArrayList<>();
        for (Pending p : pendings) {
            if (p.logged) {
                guests.add(p.peer().member().guestId());
                ids.add(p.requestId());
                seqs.add(p.seq);
                results.add(p.resultJson);
            }
        }
        tx.finish(newSeqs, newFrames, guests, ids, seqs, results, state.seq());
    }

    private void process(RoomTransaction tx, Pending p) throws SQLException {
        if (p.command instanceof Command.Join join) {
            join(tx, p, join.request());
            return;
        }
        if (p.command instanceof Command.Leave leave) {
            leave(tx, leave.peer());
            return;
        }
        Command.Write write = (Command.Write) p.command;
        Member member = current(write.peer());
        checkMayWrite(member);
        Request request = write.request();
        if (request instanceof Request.Vote vote) {
            Track track = requireQueued(vote.trackId());
            Rules.checkVote(state.rules(), member, track, vote.value(), members);
            queueVote(tx, p, new VoteInput(member.guestId(), vote.trackId(), vote.value()));
        } else if (request instanceof Request.Add) {
            add(tx, p, member, write);
        } else if (request instanceof Request.Remove remove) {
            Track track = requireQueued(remove.trackId());
            if (!member.role().moderates() && track.addedBy() != member.guestId()) {
                throw new ProtocolException(ErrorCode.FORBIDDEN,
                        "Only the host or the guest who added a track can remove it.");
            }
            flushVotes(tx);
            tx.setTrackState(track.id(), "removed");
            p.logged = true;
            p.ack(emit(new Change.TrackRemoved(track.id(), "removed")), null);
        } else if (request instanceof Request.Skip skip) {
            skip(tx, p, member, skip);
        } else if (request instanceof Request.SkipVote skipVote) {
            skipVote(tx, p, member, skipVote);
        } else {
            flushVotes(tx);
            Moderation.apply(this, tx, p, member, write);
        }
    }

    private void checkMayWrite(Member member) {
        if (closed || state.closed()) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "This party has ended.");
        }
        if (member.banned()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "The host has removed you from this party.");
        }
    }

    /** The member as this room knows them now (role changes and bans apply at once), not as they joined. */
    private Member current(Peer peer) {
        Member known = members.get(peer.member().guestId());
        return known != null ? known : peer.member();
    }

    private Track requireQueued(long trackId) {
        Track track = state.track(trackId);
        if (track == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "That track is not in the queue.");
        }
        return track;
    }

    private void queueVote(RoomTransaction tx, Pending p, VoteInput vote) throws SQLException {
        if (!votePairs.add(vote.guestId() + "/" + vote.trackId())) {
            // The same guest changes the same vote twice in one batch: apply the first group before it.
            flushVotes(tx);
            votePairs.add(vote.guestId() + "/" + vote.trackId());
        }
        voteOwners.add(p);
        votes.add(vote);
    }

    private void flushVotes(RoomTransaction tx) throws SQLException {
        if (votes.isEmpty()) {
            return;
        }
        int[] scoreAfter = tx.applyVotes(votes);
        for (int i = 0; i < votes.size(); i++) {
            VoteInput vote = votes.get(i);
            Pending owner = voteOwners.get(i);
            long seq = emit(new Change.Voted(vote.trackId(), vote.guestId(), vote.value(), scoreAfter[i]));
            owner.logged = true;
            if (owner.command instanceof Command.Write w && w.request() instanceof Request.Add) {
                owner.ack(seq, new Results.Added(vote.trackId(), "upvoted"));
            } else {
                owner.ack(seq, null);
            }
        }
        Integer line = state.rules().autoRemoveAt();
        if (line != null) {
            for (VoteInput vote : votes) {
                Track track = state.track(vote.trackId());
                if (track != null && track.score() <= line) {
                    tx.setTrackState(track.id(), "removed");
                    emit(new Change.TrackRemoved(track.id(), "votes"));
                }
            }
        }
        votes.clear();
        voteOwners.clear();
        votePairs.clear();
    }

    /** Removes every queued track whose score is at or below the auto-remove line (after the rules changed). */
    void autoRemoveAll(RoomTransaction tx) throws SQLException {
        Integer line = state.rules().autoRemoveAt();
        if (line == null) {
            return;
        }
        for (Track track : List.copyOf(state.tracks())) {
            if (track.score() <= line) {
                tx.setTrackState(track.id(), "removed");
                emit(new Change.TrackRemoved(track.id(), "votes"));
            }
        }
    }

    private void add(RoomTransaction tx, Pending p, Member member, Command.Write write) throws SQLException {
        String videoId = write.entry().videoId();
        for (Track queued : state.tracks()) {
            if (queued.videoId().equals(videoId)) {
                Rules.checkVote(state.rules(), member, queued, 1, members);
                queueVote(tx, p, new VoteInput(member.guestId(), queued.id(), 1));
                return;
            }
        }
        if (state.nowPlaying() != null && state.nowPlaying().videoId().equals(videoId)
                && !state.nowPlayingIsFallback()) {
            throw new ProtocolException(ErrorCode.CONFLICT, "That song is playing right now.");
        }
        int queuedByMember = 0;
        for (Track queued : state.tracks()) {
            if (queued.addedBy() == member.guestId()) {
                queuedByMember++;
            }
        }
        Rules.checkAdd(state.rules(), member, write.entry(), queuedByMember);
        flushVotes(tx);
        Track track = tx.insertTrack(write.entry(), member);
        p.logged = true;
        p.ack(emit(new Change.TrackAdded(track)), new Results.Added(track.id(), "added"));
        if (state.nowPlayingIsFallback()) {
            advance(tx); // a real track displaces the fallback at once
        }
    }

    private void skip(RoomTransaction tx, Pending p, Member member, Request.Skip skip) throws SQLException {
        if (!member.role().moderates()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "Only the host or a co-host can skip tracks; ask to skip instead.");
        }
        Track current = state.nowPlaying();
        if (skip.currentTrackId() != null && (current == null || current.id() != skip.currentTrackId())) {
            throw new ProtocolException(ErrorCode.CONFLICT, "That track is no longer playing.");
        }
        flushVotes(tx);
        p.logged = true;
        p.ack(advance(tx), null);
    }

    /**
     * Ends the now-playing track and starts the head of the queue — or, when the queue is empty, the next track of
     * the fallback list. Returns the seq of the nowPlaying event.
     */
    long advance(RoomTransaction tx) throws SQLException {
        Track current = state.nowPlaying();
        if (current != null) {
            tx.setTrackState(current.id(), "played");
        }
        Track next = state.head();
        boolean fallback = false;
        if (next != null) {
            tx.setTrackState(next.id(), "playing");
        } else {
            app.queued.protocol.CatalogEntry entry = tx.nextFallback();
            if (entry != null) {
                next = tx.insertFallbackTrack(entry, host());
                fallback = true;
            }
        }
        long startedAt = tx.setNowPlaying(next == null ? null : next.id());
        return emit(new Change.NowPlaying(next, startedAt, fallback));
    }

    private Member host() {
        for (Member member : members.values()) {
            if (member.role() == Role.HOST) {
                return member;
            }
        }
        throw new IllegalStateException("room " + roomId + " has no host member");
    }

    private void skipVote(RoomTransaction tx, Pending p, Member member, Request.SkipVote request)
            throws SQLException {
        Track current = state.nowPlaying();
        if (current == null || current.id() != request.trackId()) {
            throw new ProtocolException(ErrorCode.CONFLICT, "That track is no longer playing.");
        }
        if (state.person(member.guestId()) == null) {
            throw new ProtocolException(ErrorCode.CONFLICT, "Only people in the room can ask to skip.");
        }
        flushVotes(tx);
        p.logged = true;
        if (state.askedToSkip(member.guestId())) {
            p.ack(state.seq(), null); // asking twice counts once
            return;
        }
        p.ack(emit(new Change.SkipRequested(current.id(), member.guestId())), null);
        skipIfEnoughAsked(tx);
    }

    /** Skips when the share of present people who asked reaches the room's line (also after people leave). */
    void skipIfEnoughAsked(RoomTransaction tx) throws SQLException {
        if (state.nowPlaying() != null && state.skipCount() > 0 && state.skipCount() >= state.skipsNeeded()) {
            advance(tx);
        }
    }

    private void leave(RoomTransaction tx, Peer peer) throws SQLException {
        disconnect(peer);
        if (peer.member() == null) {
            return;
        }
        long guestId = peer.member().guestId();
        if (!peersByGuest.containsKey(guestId) && presence.depart(tx, guestId) && state.person(guestId) != null) {
            flushVotes(tx);
            emit(new Change.GuestLeft(guestId));
            skipIfEnoughAsked(tx);
        }
    }

    /**
     * After a load, or when asked (a node died): presence follows the connections — this node's alone, or every
     * live node's ({@link Presence}). A banned guest still connected here (the ban was missed) is let go.
     */
    private void reconcilePresence(RoomTransaction tx) throws SQLException {
        Set<Long> present = presence.reconcile(tx, peersByGuest.keySet());
        for (Person person : state.present()) {
            if (!present.contains(person.guestId())) {
                emit(new Change.GuestLeft(person.guestId()));
            }
        }
        for (Long guestId : present) {
            Member member = members.get(guestId);
            if (state.person(guestId) == null && member != null && !member.banned()) {
                emit(new Change.GuestJoined(new Person(guestId, member.nickname(), member.role())));
            }
        }
        for (Long guestId : List.copyOf(peersByGuest.keySet())) {
            Member member = members.get(guestId);
            if (member != null && member.banned()) {
                closeAfterCommit(guestId, Moderation.BANNED);
            }
        }
        skipIfEnoughAsked(tx);
    }

    private void join(RoomTransaction tx, Pending p, Request.Join request) throws SQLException {
        Member member;
        String guestToken = null;
        if (request.hostToken() != null) {
            member = tx.host(); // the room was found by this host token
        } else {
            member = request.guestToken() == null ? null : tx.returningGuest(request.guestToken(), request.nickname());
            if (member != null) {
                guestToken = request.guestToken();
            } else if (request.nickname() != null) {
                guestToken = Tokens.newToken();
                member = tx.newGuest(request.nickname(), guestToken);
                p.newMember = true;
            } else {
                throw new ProtocolException(ErrorCode.UNAUTHORIZED,
                        "That guest pass is not valid for this room; join again with a nickname.");
            }
            if (member.banned()) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "The host has removed you from this party.");
            }
        }
        if (closed || state.closed()) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "This party has ended.");
        }
        Member before = members.put(member.guestId(), member);
        if (before != null && !before.nickname().equals(member.nickname())) {
            renameAdder(member.guestId(), member.nickname());
        }
        if (!peersByGuest.containsKey(member.guestId())) {
            presence.arrive(tx, member.guestId());
        }
        if (state.person(member.guestId()) == null) {
            flushVotes(tx);
            emit(new Change.GuestJoined(new Person(member.guestId(), member.nickname(), member.role())));
        }
        p.joinedAs = member;
        p.guestToken = guestToken;
    }

    /**
     * A member came back under another nickname: the tracks they added show it in every snapshot from now on
     * (protocol 5.5). No event says so — clients that are here already keep the name they have until their next
     * snapshot. A rare thing, so the state is simply rebuilt.
     */
    private void renameAdder(long guestId, String nickname) {
        java.util.function.UnaryOperator<Track> rename = track -> track != null && track.addedBy() == guestId
                ? track.withAddedByName(nickname) : track;
        ServerMessage.Snapshot s = state.toSnapshot();
        state.applySnapshot(new ServerMessage.Snapshot(s.seq(), s.room(), rename.apply(s.nowPlaying()),
                s.nowPlayingStartedAt(), s.queue().stream().map(rename).toList(), s.myVotes(), s.rules(), s.present(),
                s.playedCounts(), s.skipRequests(), s.nowPlayingFallback()));
    }

    /** Appends an event to the room's state and to this batch's new events; returns its seq. */
    long emit(Change change) {
        long seq = state.seq() + 1;
        ServerMessage.Event event = new ServerMessage.Event(seq, change);
        state.apply(event);
        roomVotes.apply(change);
        newSeqs.add(seq);
        newFrames.add(Codec.write(event));
        return seq;
    }

    /** Another writer (another node, or a transaction this node lost track of) moved the room on. */
    private void catchUp(RoomTransaction tx, long dbSeq, List<String> caughtUp) throws SQLException {
        if (dbSeq > state.seq() && dbSeq - state.seq() <= CATCH_UP_LIMIT) {
            for (String frame : tx.eventFrames(state.seq(), dbSeq)) {
                ServerMessage.Event event = (ServerMessage.Event) Codec.readServer(frame);
                if (state.apply(event) == RoomState.Applied.APPLIED) {
                    roomVotes.apply(event.change());
                    followMembers(event.change());
                    caughtUp.add(frame);
                }
            }
        }
        if (state.seq() != dbSeq) {
            state = new RoomState(0);
            state.applySnapshot(tx.snapshot());
            roomVotes.load(tx.queuedVotes());
            resetRing();
            counters.reloads.incrementAndGet();
            // the stored snapshot holds no presence, and members may have changed meanwhile: read both again
            membersLoaded = false;
            presenceChecked = false;
            snapshotEveryoneAfterCommit = true;
        }
    }

    private void afterCommit(List<Pending> pendings, List<String> caughtUp, boolean committed) {
        for (Pending p : pendings) {
            if (p.joinedAs == null && p.answered() && !p.held) {
                String reply = p.duplicateOf != null ? p.duplicateOf.reply : p.reply;
                p.peer().send(reply);
            }
            if (committed && p.command instanceof Command.Write w && !unresolved.isEmpty()) {
                unresolved.remove(RoomTransaction.key(w.peer().member().guestId(), w.request().requestId()));
            }
        }
        if (snapshotEveryoneAfterCommit) {
            snapshotEveryoneAfterCommit = false;
            // the snapshot already holds this commit's events: the clients skip the frames that follow as seen
            snapshotEveryoneHere();
            caughtUp = List.of();
        }
        List<String> frames = new ArrayList<>(caughtUp.size() + newFrames.size());
        frames.addAll(caughtUp);
        frames.addAll(newFrames);
        long firstSeq = state.seq() - frames.size() + 1;
        // A reload from an older cached snapshot catches up through events the connections already got (a resent
        // request makes the fast vote path give up and reload, for one): those are not sent again.
        int alreadySent = (int) Math.min(frames.size(), Math.max(0, deliveredSeq - firstSeq + 1));
        if (frames.size() > alreadySent) {
            // one frame per commit: a busy room's clients get a batch, not a flood of tiny frames
            peers.broadcast(ServerMessage.Events.frameOf(frames.subList(alreadySent, frames.size())));
            deliveredSeq = state.seq();
            nextBatchNanos = System.nanoTime() + settings.broadcastSpacingNanos(peers.size());
        }
        if (!frames.isEmpty()) {
            remember(firstSeq, frames);
            cache.appendEvents(roomId, firstSeq, frames);
            if (!newFrames.isEmpty()) {
                fanout.publish(roomId, state.seq() - newFrames.size() + 1, List.copyOf(newFrames));
            }
            snapshotToCacheSoon();
        }
        if (committed) {
            deliveredSeq = state.seq();
        }
        for (Pending p : pendings) {
            if (p.joinedAs != null) {
                finishJoin(p);
            }
        }
        closed = closed || state.closed();
        for (Peer peer : List.copyOf(toClose)) {
            disconnect(peer);
            peer.close(closeReason);
        }
        toClose.clear();
    }

    private void disconnect(Peer peer) {
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

    private void finishJoin(Pending p) {
        Command.Join join = (Command.Join) p.command;
        Peer peer = join.peer();
        Member member = p.joinedAs;
        peer.joined(member);
        peersByGuest.computeIfAbsent(member.guestId(), id -> new ArrayList<>()).add(peer);
        if (p.guestToken != null) {
            knownTokens.put(Tokens.hash(p.guestToken), member.guestId());
        }
        Results.Joined joined = new Results.Joined(roomId, state.room().name(), state.room().joinCode(),
                member.guestId(), member.nickname(), p.guestToken, member.role());
        p.ack(state.seq(), joined);
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

    // ---------------------------------------------------------------- reads: resume, replay, snapshots

    private void resume(Peer peer, Request.Resume request) {
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
                peer.send(snapshotFrame(roomVotes.loaded() ? roomVotes.of(guestId) : store.myVotes(guestId)));
            }
            peer.send(Codec.write(new ServerMessage.Ack(requestId, state.seq(), null)));
        } catch (SQLException | RuntimeException e) {
            log.warn("room {}: resume failed: {}", roomId, e.toString());
            store.failed(e);
            if (e instanceof RuntimeException) {
                stale = true;
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

    private void remember(long firstSeq, List<String> frames) {
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

    /** Loads the room into memory: the cache first, PostgreSQL on a miss; the transaction catches up the rest. */
    private void ensureLoaded() throws SQLException {
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
        roomVotes.forget();
        resetRing();
    }

    /** Writes the snapshot at most every few hundred ms per room: never a rebuild per vote. */
    private void snapshotToCacheSoon() {
        if (!cache.available()) {
            return;
        }
        long sinceLast = System.nanoTime() - lastSnapshotWriteNanos;
        long interval = TimeUnit.MILLISECONDS.toNanos(settings.snapshotIntervalMs());
        if (sinceLast >= interval) {
            writeSnapshotToCache();
        } else if (!flushScheduled) {
            flushScheduled = true;
            try {
                timer.schedule(() -> submit(new Command.FlushCache(false, true)), interval - sinceLast,
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                flushScheduled = false; // the server is stopping: the cache is derived, nothing is lost
            }
        }
    }

    private void writeSnapshotToCache() {
        lastSnapshotWriteNanos = System.nanoTime();
        cachedSnapshotSeq = state.seq();
        cache.storeSnapshot(roomId, state.seq(), Codec.write(state.toSnapshot()));
    }

    // ---------------------------------------------------------------- events committed by other nodes

    /**
     * Applies the batch's remote events and catch-ups before its other commands: they only bring the room up to
     * what PostgreSQL already committed, so they may go first, and the commands keep their group commit. Returns
     * the other commands, in order.
     */
    private List<Command> applyRemoteFirst(List<Command> batch) {
        List<Command> rest = null;
        List<String> applied = null;
        for (int i = 0; i < batch.size(); i++) {
            Command command = batch.get(i);
            if (command instanceof Command.Remote || command instanceof Command.CatchUp
                    || command instanceof Command.GapCheck) {
                if (rest == null) {
                    rest = new ArrayList<>(batch.subList(0, i));
                    applied = new ArrayList<>();
                }
                if (command instanceof Command.Remote remote) {
                    applyRemote(remote.firstSeq(), remote.frames(), applied);
                } else if (command instanceof Command.GapCheck) {
                    checkGap(applied);
                } else {
                    catchUpFromLog(applied);
                }
            } else if (rest != null) {
                rest.add(command);
            }
        }
        if (rest == null) {
            return batch;
        }
        finishRemote(applied);
        return rest;
    }

    /**
     * Another node's commit, from the fan-out: applied in seq order. Beyond a gap it waits a moment — two nodes'
     * messages may cross on the way, the missing one is usually in flight — and then the log fills the gap.
     */
    private void applyRemote(long firstSeq, List<String> frames, List<String> applied) {
        if (state == null || closed) {
            return; // not loaded here: the first load reads the room as it is
        }
        long last = firstSeq + frames.size() - 1;
        if (!stale && last <= state.seq()) {
            counters.remoteAlreadyApplied.incrementAndGet(); // a transaction of ours caught up on it first
            return;
        }
        try {
            ensureLoaded();
            if (firstSeq > state.seq() + 1) {
                heldBack.put(firstSeq, frames);
                checkGapSoon();
                return;
            }
            applyFrames(firstSeq, frames, applied);
            applyHeldBack(applied);
        } catch (SQLException | RuntimeException e) {
            log.warn("room {}: cannot apply another node's events: {}", roomId, e.toString());
            stale = true;
        }
    }

    private void applyFrames(long firstSeq, List<String> frames, List<String> applied) {
        for (int i = 0; i < frames.size(); i++) {
            if (firstSeq + i == state.seq() + 1) {
                applyFrame(frames.get(i), applied);
            }
        }
    }

    /** Messages held back behind a gap that now follow on (or that something else already covered). */
    private void applyHeldBack(List<String> applied) {
        while (!heldBack.isEmpty()) {
            Map.Entry<Long, List<String>> next = heldBack.firstEntry();
            if (next.getKey() > state.seq() + 1) {
                return;
            }
            heldBack.pollFirstEntry();
            applyFrames(next.getKey(), next.getValue(), applied);
        }
    }

    private void checkGapSoon() {
        if (gapCheckScheduled) {
            return;
        }
        gapCheckScheduled = true;
        try {
            timer.schedule(() -> {
                if (!submit(new Command.GapCheck())) {
                    gapCheckScheduled = false; // overloaded: the next message (or the poll) tries again
                }
            }, GAP_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            gapCheckScheduled = false; // stopping
        }
    }

    /** The wait for a missing message is over: whatever gap is still there, the log fills. */
    private void checkGap(List<String> applied) {
        gapCheckScheduled = false;
        if (state == null || closed) {
            return;
        }
        applyHeldBack(applied);
        if (!heldBack.isEmpty()) {
            catchUpFromLog(applied);
        }
    }

    /** Deliveries may have been lost: reads whatever the log holds beyond this node's picture. */
    private void catchUpFromLog(List<String> applied) {
        if (state == null || closed) {
            return;
        }
        try {
            ensureLoaded();
            readLog(applied);
            applyHeldBack(applied);
        } catch (SQLException | RuntimeException e) {
            log.warn("room {}: cannot catch up from the event log: {}", roomId, e.toString());
            stale = true;
        }
    }

    /** Reads the events after this node's picture from the log (no lock: committed events never change). */
    private void readLog(List<String> applied) throws SQLException {
        counters.logReads.incrementAndGet();
        long from = state.seq();
        List<String> missed = store.eventFrames(roomId, from, from + CATCH_UP_LIMIT + 1);
        if (missed.size() > CATCH_UP_LIMIT) {
            reloadFromDatabase(applied);
            return;
        }
        for (String frame : missed) {
            applyFrame(frame, applied);
        }
    }

    /** Too far behind to replay: the room from PostgreSQL, and a fresh snapshot for each connection here. */
    private void reloadFromDatabase(List<String> applied) throws SQLException {
        counters.reloads.incrementAndGet();
        RoomState fresh = new RoomState(0);
        fresh.applySnapshot(store.loadSnapshot(roomId));
        state = fresh;
        membersLoaded = false;
        presenceChecked = false;
        roomVotes.forget();
        resetRing();
        applied.clear();
        snapshotEveryoneHere();
        deliveredSeq = state.seq();
    }

    /** The room as it is now to each connection here, which cannot follow by events from where it was. */
    private void snapshotEveryoneHere() {
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

    private void applyFrame(String frame, List<String> applied) {
        ServerMessage.Event event = (ServerMessage.Event) Codec.readServer(frame);
        if (state.apply(event) != RoomState.Applied.APPLIED) {
            return;
        }
        roomVotes.apply(event.change());
        followMembers(event.change());
        counters.remoteEvents.incrementAndGet();
        applied.add(frame);
    }

    /**
     * Keeps the members and this node's connections in step with an event another node committed: a guest who
     * joined there becomes a member here, a role change reaches the guest's connections here, a ban or the end of
     * the room closes them (after the broadcast).
     */
    private void followMembers(Change change) {
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
            closeAfterCommit(banned.guestId(), Moderation.BANNED);
        } else if (change instanceof Change.GuestUnbanned unbanned) {
            setBanned(unbanned.guestId(), false);
        } else if (change instanceof Change.RoomClosed roomClosed) {
            closeRoomAfterCommit(roomClosed.reason());
        }
    }

    private void setBanned(long guestId, boolean banned) {
        Member known = members.get(guestId);
        if (known != null) {
            members.put(guestId, new Member(roomId, guestId, known.nickname(), known.role(), banned));
        } else {
            membersLoaded = false; // someone this node never heard of: read the members again
        }
    }

    /** One frame to this node's connections for everything another node committed; then the closes it implied. */
    private void finishRemote(List<String> applied) {
        if (!applied.isEmpty()) {
            peers.broadcast(ServerMessage.Events.frameOf(applied));
            remember(state.seq() - applied.size() + 1, applied);
            deliveredSeq = Math.max(deliveredSeq, state.seq());
        }
        closed = closed || (state != null && state.closed());
        for (Peer peer : List.copyOf(toClose)) {
            disconnect(peer);
            peer.close(closeReason);
        }
        toClose.clear();
    }

    /** After each batch: listen to the room's events from other nodes while it has connections here. */
    private void afterBatch() {
        boolean want = peers.size() > 0 && !closed;
        if (want != following) {
            following = want;
            followingNow = want;
            fanout.follow(roomId, want);
        }
        appliedSeq = state == null || stale ? -1 : state.seq();
    }

    /** Whether this node follows the room's events from other nodes; any thread. */
    boolean following() {
        return followingNow;
    }

    /** The seq this node's picture of the room has reached (-1 when none); any thread. */
    long appliedSeq() {
        return appliedSeq;
    }

    RoomState state() {
        return state;
    }

    Map<Long, Member> members() {
        return members;
    }

    /** In the room as its events say (connected to any node). */
    boolean isPresent(long guestId) {
        return state.person(guestId) != null;
    }

    /** Disconnects every window of a guest after the commit (ban). */
    void closeAfterCommit(long guestId, String reason) {
        closeReason = reason;
        toClose.addAll(peersByGuest.getOrDefault(guestId, List.of()));
    }

    /** Disconnects everyone after the commit (room closed); the room takes no more commands. */
    void closeRoomAfterCommit(String reason) {
        closeReason = reason;
        peersByGuest.values().forEach(toClose::addAll);
    }

    /** Keeps each connection's idea of its member current after a role change. */
    void refreshMember(Member member) {
        members.put(member.guestId(), member);
        for (Peer peer : peersByGuest.getOrDefault(member.guestId(), List.of())) {
            peer.joined(member);
        }
    }

    /** After a cache outage: rewrite the snapshot (events there may have holes; readers check for them). */
    void cacheRecovered() {
        submit(new Command.FlushCache(true, false));
    }
}
