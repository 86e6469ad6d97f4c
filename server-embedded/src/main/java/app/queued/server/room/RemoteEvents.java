package app.queued.server.room;

import app.queued.protocol.ServerMessage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events other nodes committed, as they reach this node (the fan-out, or the log when deliveries may be lost):
 * applied to the {@link LiveRoom} in seq order before a batch's own commands — they only bring the room up to what
 * PostgreSQL already committed — and sent to this node's connections in one frame. A message beyond a gap waits a
 * moment (two nodes' messages may cross on the way) before the log fills the gap.
 */
final class RemoteEvents {
    private static final Logger log = LoggerFactory.getLogger(RemoteEvents.class);
    // How long another node's message may wait behind a gap for the missing one before the log fills it.
    private static final long GAP_WAIT_MS = 20;

    private final LiveRoom room;
    private final ScheduledExecutorService timer;
    private final NodeCounters counters;
    private final Predicate<Command> submit;
    // Other nodes' messages that arrived beyond a gap, by first seq.
    private final TreeMap<Long, List<String>> heldBack = new TreeMap<>();
    private volatile boolean gapCheckScheduled;

    RemoteEvents(LiveRoom room, ScheduledExecutorService timer, NodeCounters counters, Predicate<Command> submit) {
        this.room = room;
        this.timer = timer;
        this.counters = counters;
        this.submit = submit;
    }

    /**
     * Applies the batch's remote events and catch-ups before its other commands, so the commands keep their group
     * commit. Returns the other commands, in order.
     */
    List<Command> applyFirst(List<Command> commands) {
        List<Command> rest = null;
        Batch remote = null;
        for (int i = 0; i < commands.size(); i++) {
            Command command = commands.get(i);
            if (command instanceof Command.Remote || command instanceof Command.CatchUp
                    || command instanceof Command.GapCheck) {
                if (rest == null) {
                    rest = new ArrayList<>(commands.subList(0, i));
                    remote = new Batch(room);
                }
                if (command instanceof Command.Remote r) {
                    apply(r.firstSeq(), r.frames(), remote);
                } else if (command instanceof Command.GapCheck) {
                    checkGap(remote);
                } else {
                    catchUpFromLog(remote);
                }
            } else if (rest != null) {
                rest.add(command);
            }
        }
        if (rest == null) {
            return commands;
        }
        finish(remote);
        return rest;
    }

    /** Another node's commit, from the fan-out: applied in seq order, or held back beyond a gap. */
    private void apply(long firstSeq, List<String> frames, Batch batch) {
        if (room.state() == null || room.closed()) {
            return; // not loaded here: the first load reads the room as it is
        }
        long last = firstSeq + frames.size() - 1;
        if (room.upToDate() && last <= room.state().seq()) {
            counters.remoteAlreadyApplied.incrementAndGet(); // a transaction of ours caught up on it first
            return;
        }
        try {
            room.ensureLoaded();
            if (firstSeq > room.state().seq() + 1) {
                heldBack.put(firstSeq, frames);
                checkGapSoon();
                return;
            }
            applyFrames(firstSeq, frames, batch);
            applyHeldBack(batch);
        } catch (SQLException e) {
            log.warn("room {}: cannot apply another node's events: {}", room.roomId(), e.toString());
            room.markStale();
        } catch (RuntimeException e) {
            log.error("room {}: applying another node's events failed unexpectedly; reloading the room",
                    room.roomId(), e);
            room.markStale();
        }
    }

    private void applyFrames(long firstSeq, List<String> frames, Batch batch) {
        for (int i = 0; i < frames.size(); i++) {
            if (firstSeq + i == room.state().seq() + 1) {
                room.applyFrame(frames.get(i), batch);
            }
        }
    }

    /** Messages held back behind a gap that now follow on (or that something else already covered). */
    private void applyHeldBack(Batch batch) {
        while (!heldBack.isEmpty()) {
            Map.Entry<Long, List<String>> next = heldBack.firstEntry();
            if (next.getKey() > room.state().seq() + 1) {
                return;
            }
            heldBack.pollFirstEntry();
            applyFrames(next.getKey(), next.getValue(), batch);
        }
    }

    private void checkGapSoon() {
        if (gapCheckScheduled) {
            return;
        }
        gapCheckScheduled = true;
        try {
            timer.schedule(() -> {
                if (!submit.test(new Command.GapCheck())) {
                    gapCheckScheduled = false; // overloaded: the next message (or the poll) tries again
                }
            }, GAP_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            gapCheckScheduled = false; // stopping
        }
    }

    /** The wait for a missing message is over: whatever gap is still there, the log fills. */
    private void checkGap(Batch batch) {
        gapCheckScheduled = false;
        if (room.state() == null || room.closed()) {
            return;
        }
        applyHeldBack(batch);
        if (!heldBack.isEmpty()) {
            catchUpFromLog(batch);
        }
    }

    /** Deliveries may have been lost: reads whatever the log holds beyond this node's picture. */
    private void catchUpFromLog(Batch batch) {
        if (room.state() == null || room.closed()) {
            return;
        }
        try {
            room.ensureLoaded();
            room.readLog(batch);
            applyHeldBack(batch);
        } catch (SQLException e) {
            log.warn("room {}: cannot catch up from the event log: {}", room.roomId(), e.toString());
            room.markStale();
        } catch (RuntimeException e) {
            log.error("room {}: catching up from the event log failed unexpectedly; reloading the room",
                    room.roomId(), e);
            room.markStale();
        }
    }

    /** One frame to this node's connections for everything another node committed; then the closes it implied. */
    private void finish(Batch remote) {
        List<String> applied = remote.caughtUp;
        if (!applied.isEmpty()) {
            room.peers().broadcast(ServerMessage.Events.frameOf(applied));
            room.remember(room.state().seq() - applied.size() + 1, applied);
            room.delivered(Math.max(room.deliveredSeq(), room.state().seq()));
        }
        room.closeIfEnded();
        remote.closeConnections();
    }
}
