package app.queued.server.room;

import app.queued.server.store.RoomTransaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Requests whose commit's answer was lost (PostgreSQL restarted right after committing, or the network dropped its
 * reply), oldest first, waiting for the database to tell what became of them; and the requests already answered
 * {@code outcome_unknown}, so a resend while the database is away gets the same. Confined to the room's worker.
 */
final class RequestsInDoubt {
    /** How long requests whose commit's answer was lost wait for the database to tell what became of them. */
    static final long IN_DOUBT_LIMIT_MS = 3_000;
    private static final int MAX_UNRESOLVED = 10_000;

    private final List<Command.InDoubt> waiting = new ArrayList<>();
    // "guestId/requestId" of requests answered outcome_unknown
    private final Set<String> unresolved = new HashSet<>();

    static long deadlineFromNow() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IN_DOUBT_LIMIT_MS);
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    void keep(Command command, Long deadlineNanos) {
        waiting.add(new Command.InDoubt(command, deadlineNanos != null ? deadlineNanos : deadlineFromNow()));
    }

    void keep(Command.InDoubt doubt) {
        waiting.add(doubt);
    }

    /**
     * Moves the requests in doubt to the front of the batch when the database answers again, and gives up (through
     * {@code giveUp}) on those past their deadline. Their order is kept: a guest's later vote never overtakes one in
     * doubt.
     */
    void takeInto(List<Command> batch, boolean databaseDown, Consumer<Command> giveUp) {
        long now = System.nanoTime();
        for (Iterator<Command.InDoubt> it = waiting.iterator(); it.hasNext(); ) {
            Command.InDoubt doubt = it.next();
            if (now - doubt.deadlineNanos() >= 0) {
                it.remove();
                giveUp.accept(doubt.original());
            } else if (!databaseDown) {
                it.remove();
                batch.add(doubt);
            }
        }
    }

    /** A write answered {@code outcome_unknown}: a resend of it may be saved already. */
    void unresolved(Command.Write write) {
        if (unresolved.size() >= MAX_UNRESOLVED) {
            unresolved.clear();
        }
        unresolved.add(key(write));
    }

    /** A write whose fate the database decided (it ran in a committed batch). */
    void resolved(Command.Write write) {
        if (!unresolved.isEmpty()) {
            unresolved.remove(key(write));
        }
    }

    /** Whether a resend of this write may be saved already (it waits in doubt, or was answered so). */
    boolean doubted(Command.Write write) {
        String key = key(write);
        if (unresolved.contains(key)) {
            return true;
        }
        for (Command.InDoubt doubt : waiting) {
            if (doubt.original() instanceof Command.Write w && key.equals(key(w))) {
                return true;
            }
        }
        return false;
    }

    private static String key(Command.Write write) {
        return RoomTransaction.key(write.peer().member().guestId(), write.request().requestId());
    }
}
