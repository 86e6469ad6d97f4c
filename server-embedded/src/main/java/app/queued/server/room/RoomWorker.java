package app.queued.server.room;

import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.ServerMessage;
import app.queued.room.RoomState;
import app.queued.server.cache.RoomCache;
import app.queued.server.events.EventFanout;
import app.queued.server.store.CommitOutcomeUnknownException;
import app.queued.server.store.NoSuchRoomException;
import app.queued.server.store.RoomStore;
import app.queued.server.store.RoomTransaction;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
 * next batch. Nothing is acknowledged or broadcast before the commit that holds it. The room itself is a
 * {@link LiveRoom}; a commit's context a {@link Batch}; the rules {@link RoomCommands} and {@link Moderation}; a
 * batch of nothing but votes takes the {@link VoteFastPath}; other nodes' events go through {@link RemoteEvents}. The worker keeps the mailbox, the spacing between
 * broadcasts, the transaction around the rules, and what happens after a commit.
 */
final class RoomWorker {
    private static final Logger log = LoggerFactory.getLogger(RoomWorker.class);
    private static final String SAVE_FAILED = "The party's server could not save that right now; please try again.";
    private static final String OUTCOME_UNKNOWN = "The party's server could not find out whether that was saved; "
            + "send it again with the same requestId to get the true answer.";
    /** How often requests in doubt are tried again while they wait. */
    private static final long RECHECK_MS = 250;
    /** A batch that waited for a thread and ran this long in all is logged: the first place to look for a stall. */
    private static final long SLOW_BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(30);
    // Time the batch being run spent in its transactions (a slow batch says how much of it was PostgreSQL's).
    private long databaseNanos;

    private final long roomId;
    private final RoomStore store;
    private final RoomCache cache;
    private final EventFanout fanout;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final RoomSettings settings;
    private final PeerGroup peers;
    private final NodeCounters counters;

    private final ConcurrentLinkedQueue<Command> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inboxSize = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    // When the next batch may run (RoomSettings#broadcastSpacingNanos); written by the worker, read by submitters.
    private volatile long nextBatchNanos = System.nanoTime();
    // When the batch being scheduled was due to start (after the spacing): how late a thread took it up.
    private volatile long batchDueNanos;

    // Confined to the batch being run (one thread at a time, handed over through the executor).
    private final LiveRoom room;
    private final RoomCommands commands;
    private final VoteFastPath fastPath;
    private final RemoteEvents remote;
    private final RequestsInDoubt inDoubt = new RequestsInDoubt();
    private final SnapshotWriter snapshots;
    private boolean recheckScheduled;
    // Whether this node listens to the room's events from other nodes (while it has connections in the room).
    private boolean following;
    // The seq this node's picture has reached, for the poll that notices events the fan-out lost (-1: none).
    private volatile long appliedSeq = -1;
    private volatile boolean followingNow;

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
        this.counters = counters;
        this.room = new LiveRoom(roomId, store, cache, settings, peers, counters);
        this.commands = new RoomCommands(room, presence);
        this.fastPath = new VoteFastPath(room, commands, store, counters);
        this.remote = new RemoteEvents(room, timer, counters, this::submit);
        this.snapshots = new SnapshotWriter(room, cache, settings, timer, this::submit);
    }

    long roomId() {
        return roomId;
    }

    // ---------------------------------------------------------------- mailbox

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
            long now = System.nanoTime();
            long wait = nextBatchNanos - now;
            batchDueNanos = now + Math.max(0, wait);
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
        long start = System.nanoTime();
        databaseNanos = 0;
        int size = 0;
        try {
            List<Command> batch = new ArrayList<>();
            if (!inDoubt.isEmpty()) {
                inDoubt.takeInto(batch, store.databaseDown(), this::giveUp);
                if (!inDoubt.isEmpty()) {
                    scheduleRecheck();
                }
            }
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
            size = batch.size();
            run(batch);
        } catch (RuntimeException | Error e) {
            log.error("room {}: batch failed unexpectedly; reloading the room", roomId, e);
            room.markStale();
        } finally {
            afterBatch();
            logIfSlow(start, size);
            scheduled.set(false);
            if (!inbox.isEmpty()) {
                schedule();
            }
        }
    }

    private void logIfSlow(long start, int size) {
        long end = System.nanoTime();
        long late = Math.max(0, start - batchDueNanos);
        if (late + (end - start) >= SLOW_BATCH_NANOS) {
            log.info("room {}: slow batch: {} command(s) ran {} ms ({} ms of it in its transactions) after waiting {} "
                    + "ms for a thread", roomId, size, (end - start) / 1_000_000, databaseNanos / 1_000_000,
                    late / 1_000_000);
        }
    }

    private void run(List<Command> commands) {
        List<Command> batch = remote.applyFirst(commands);
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

    private void runAlone(Command command) {
        if (command instanceof Command.CheckPresence) {
            room.presenceChecked(false);
            runTransaction(List.of());
        } else if (command instanceof Command.Resume resume) {
            room.resume(resume.peer(), resume.request());
        } else if (command instanceof Command.FlushCache flush) {
            snapshots.flush(flush);
        }
    }

    // ---------------------------------------------------------------- requests in doubt (commit answer lost)

    private void keepInDoubt(Command command, Long deadlineNanos) {
        inDoubt.keep(command, deadlineNanos);
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
            inDoubt.unresolved(w);
        }
        log.info("room {}: request {} is still in doubt after {} ms; answering outcome_unknown", roomId, requestId,
                RequestsInDoubt.IN_DOUBT_LIMIT_MS);
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
                inDoubt.keep(doubt);
            } else if (command instanceof Command.Leave leave) {
                room.disconnect(leave.peer());
                room.presenceChecked(false); // its guestLeft follows once the database is back
            } else if (command instanceof Command.Join join) {
                room.joinWhileDown(join);
            } else if (command instanceof Command.Write w) {
                // a resend of a request in doubt (its first connection dropped meanwhile) may be saved already
                boolean doubted = inDoubt.doubted(w);
                w.peer().send(Codec.write(new ServerMessage.Error(w.request().requestId(),
                        doubted ? ErrorCode.OUTCOME_UNKNOWN : ErrorCode.UNAVAILABLE,
                        doubted ? OUTCOME_UNKNOWN : LiveRoom.DATABASE_AWAY)));
            }
        }
        if (!inDoubt.isEmpty()) {
            scheduleRecheck();
        }
    }

    /** PostgreSQL is back: catch the room up (missed events, presence) and settle requests in doubt. */
    void databaseRecovered() {
        submit(new Command.Refresh());
    }

    // ---------------------------------------------------------------- the writing transaction (group commit)

    private void runTransaction(List<Command> commands) {
        if (store.databaseDown()) {
            answerWhileDown(commands);
            return;
        }
        List<Command> toRun = commands;
        if (VoteFastPath.onlyVotes(commands)) {
            Batch batch = new Batch(room, pendingsOf(commands));
            VoteFastPath.Result result;
            long sent = System.nanoTime();
            try {
                result = fastPath.commit(batch);
            } catch (RuntimeException e) {
                // a bug; the request log answers anything it may have saved, and the room is read again
                log.error("room {}: the one-statement vote commit failed unexpectedly; taking the general path",
                        roomId, e);
                room.markStale();
                result = VoteFastPath.Result.GENERAL_PATH;
            } finally {
                databaseNanos += System.nanoTime() - sent;
            }
            if (result == VoteFastPath.Result.COMMITTED) {
                afterCommit(batch, true);
                return;
            }
            if (result == VoteFastPath.Result.UNKNOWN) {
                // the request log will tell which were stored; the general path below reads it
                long deadline = RequestsInDoubt.deadlineFromNow();
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
        if (onlyRefreshes(toRun) && (room.state() == null || (room.upToDate() && room.presenceChecked()))) {
            return; // nothing is behind
        }
        runLocked(toRun);
    }

    /** Every batch but a plain vote batch: one transaction under the room row's lock. */
    private void runLocked(List<Command> toRun) {
        Batch batch = new Batch(room, pendingsOf(toRun));
        boolean committed = false;
        boolean began = false;
        Exception failure = null;
        long sent = System.nanoTime();
        try {
            room.ensureLoaded();
            try (RoomTransaction tx = store.begin(roomId)) {
                began = true;
                batch.begin(tx);
                long dbSeq = tx.lockRoom();
                room.catchUpLocked(tx, dbSeq, batch);
                if (!room.presenceChecked()) {
                    commands.reconcilePresence(batch);
                }
                commands.runAll(batch);
                for (Pending p : batch.pendings) {
                    if (p.joinedAs != null) {
                        p.myVotes = batch.tx().myVotes(p.joinedAs.guestId());
                    }
                }
                batch.finish();
                tx.commit();
                committed = true;
                room.presenceChecked(true);
                counters.lockedCommits.incrementAndGet();
            }
        } catch (SQLException e) {
            failure = e;
            store.failed(e);
        } catch (RuntimeException e) {
            // a bug: to the error log with its trace; the requesters are told it was not saved
            log.error("room {}: transaction of {} commands failed unexpectedly{}", roomId, toRun.size(),
                    committed ? " after its commit" : "", e);
            failure = e;
        }
        databaseNanos += System.nanoTime() - sent;
        if (failure != null) {
            batch.failed();
            if (!began && store.databaseDown()) {
                answerWhileDown(toRun); // found out just now, before anything was touched
                return;
            }
            if (failure instanceof SQLException && !(failure instanceof CommitOutcomeUnknownException)) {
                log.warn("room {}: transaction of {} commands failed{}: {}", roomId, toRun.size(),
                        committed ? " after its commit" : "", failure.toString());
            }
            if (!batch.newSeqs.isEmpty() || failure instanceof RuntimeException) {
                room.markStale(); // the room in memory holds changes that may not be saved
            }
        }
        if (!committed) {
            settleUncommitted(batch, failure);
        }
        afterCommit(batch, committed);
    }

    private static List<Pending> pendingsOf(List<Command> commands) {
        List<Pending> pendings = new ArrayList<>(commands.size());
        for (Command command : commands) {
            pendings.add(new Pending(command));
        }
        return pendings;
    }

    /**
     * A commit whose answer was lost (or a retry of one) may have been saved: those answers wait until the database
     * tells. Anything else in the batch surely was not saved.
     */
    private void settleUncommitted(Batch batch, Exception failure) {
        boolean unknown = failure instanceof CommitOutcomeUnknownException;
        for (Pending p : batch.pendings) {
            if (p.command instanceof Command.Leave leave) {
                room.disconnect(leave.peer()); // its guestLeft follows with the next transaction
                room.presenceChecked(false);
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
                if (failure instanceof NoSuchRoomException) {
                    p.fail(ErrorCode.NOT_FOUND, "That room does not exist.");
                } else {
                    p.fail(ErrorCode.UNAVAILABLE, SAVE_FAILED);
                }
            }
        }
        if (unknown) {
            log.warn("room {}: the answer to a commit was lost ({}); {} request(s) in doubt, asking the request "
                    + "log", roomId, failure.getCause(), batch.pendings.stream().filter(p -> p.held).count());
        }
        batch.discardEvents();
    }

    private static boolean onlyRefreshes(List<Command> commands) {
        for (Command command : commands) {
            if (!(command instanceof Command.Refresh)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- after the commit

    /** Answers, one broadcast of the commit's events, the ring, the cache, the other nodes; joins; closes. */
    private void afterCommit(Batch batch, boolean committed) {
        for (Pending p : batch.pendings) {
            if (p.joinedAs == null && p.answered() && !p.held) {
                String reply = p.duplicateOf != null ? p.duplicateOf.reply : p.reply;
                p.peer().send(reply);
            }
            if (committed && p.command instanceof Command.Write w) {
                inDoubt.resolved(w);
            }
        }
        List<String> caughtUp = batch.caughtUp;
        if (batch.snapshotEveryone) {
            batch.snapshotEveryone = false;
            // the snapshot already holds this commit's events: the clients skip the frames that follow as seen
            room.snapshotEveryoneHere();
            caughtUp = List.of();
        }
        RoomState state = room.state();
        if (state == null) {
            return; // never loaded (the load failed): nothing was applied, nothing goes out
        }
        List<String> newFrames = batch.newFrames;
        List<String> frames = new ArrayList<>(caughtUp.size() + newFrames.size());
        frames.addAll(caughtUp);
        frames.addAll(newFrames);
        long firstSeq = state.seq() - frames.size() + 1;
        // A reload from an older cached snapshot catches up through events the connections already got (a resent
        // request makes the fast vote path give up and reload, for one): those are not sent again.
        int alreadySent = (int) Math.min(frames.size(), Math.max(0, room.deliveredSeq() - firstSeq + 1));
        if (frames.size() > alreadySent) {
            // one frame per commit: a busy room's clients get a batch, not a flood of tiny frames
            peers.broadcast(ServerMessage.Events.frameOf(frames.subList(alreadySent, frames.size())));
            room.delivered(state.seq());
            nextBatchNanos = System.nanoTime() + settings.broadcastSpacingNanos(peers.size());
        }
        if (!frames.isEmpty()) {
            room.remember(firstSeq, frames);
            cache.appendEvents(roomId, firstSeq, frames);
            if (!newFrames.isEmpty()) {
                fanout.publish(roomId, state.seq() - newFrames.size() + 1, List.copyOf(newFrames));
            }
            snapshots.writeSoon();
        }
        if (committed) {
            room.delivered(state.seq());
        }
        for (Pending p : batch.pendings) {
            if (p.joinedAs != null) {
                room.admit(p);
            }
        }
        room.closeIfEnded();
        batch.closeConnections();
    }

    /** After a cache outage: rewrite the snapshot (events there may have holes; readers check for them). */
    void cacheRecovered() {
        submit(new Command.FlushCache(true, false));
    }

    /** After each batch: listen to the room's events from other nodes while it has connections here. */
    private void afterBatch() {
        boolean want = peers.size() > 0 && !room.closed();
        if (want != following) {
            following = want;
            followingNow = want;
            fanout.follow(roomId, want);
        }
        appliedSeq = room.upToDate() ? room.state().seq() : -1;
    }

    /** Whether this node follows the room's events from other nodes; any thread. */
    boolean following() {
        return followingNow;
    }

    /** The seq this node's picture of the room has reached (-1 when none); any thread. */
    long appliedSeq() {
        return appliedSeq;
    }
}
