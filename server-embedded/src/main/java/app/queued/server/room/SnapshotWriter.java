package app.queued.server.room;

import app.queued.protocol.Codec;
import app.queued.room.RoomState;
import app.queued.server.cache.RoomCache;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Writes the room's snapshot to the cache at most every {@code snapshotIntervalMs} (a busy room commits far more
 * often: never a rebuild per vote); a write that has to wait is queued as a {@link Command.FlushCache}. Confined
 * to the room's worker.
 */
final class SnapshotWriter {
    private final LiveRoom room;
    private final RoomCache cache;
    private final RoomSettings settings;
    private final ScheduledExecutorService timer;
    private final Predicate<Command> submit;
    private long lastWriteNanos;
    private boolean flushScheduled;

    SnapshotWriter(LiveRoom room, RoomCache cache, RoomSettings settings, ScheduledExecutorService timer,
                   Predicate<Command> submit) {
        this.room = room;
        this.cache = cache;
        this.settings = settings;
        this.timer = timer;
        this.submit = submit;
    }

    /** After a commit: now if the last write is old enough, else once the interval is over. */
    void writeSoon() {
        if (!cache.available()) {
            return;
        }
        long sinceLast = System.nanoTime() - lastWriteNanos;
        long interval = TimeUnit.MILLISECONDS.toNanos(settings.snapshotIntervalMs());
        if (sinceLast >= interval) {
            write();
        } else if (!flushScheduled) {
            flushScheduled = true;
            try {
                timer.schedule(() -> submit.test(new Command.FlushCache(false, true)), interval - sinceLast,
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                flushScheduled = false; // the server is stopping: the cache is derived, nothing is lost
            }
        }
    }

    /** The queued write (or, forced, the rewrite after a cache outage), if the cache is behind the room. */
    void flush(Command.FlushCache flush) {
        if (flush.scheduled()) {
            flushScheduled = false;
        }
        if (room.upToDate() && (flush.force() || room.cachedSnapshotSeq() < room.state().seq())) {
            write();
        }
    }

    private void write() {
        lastWriteNanos = System.nanoTime();
        RoomState state = room.state();
        room.snapshotCached(state.seq());
        cache.storeSnapshot(room.roomId(), state.seq(), Codec.write(state.toSnapshot()));
    }
}
