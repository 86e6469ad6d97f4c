package app.queued.server.room;

import app.queued.protocol.CatalogEntry;
import app.queued.protocol.Request;
import java.util.List;

/** Work queued for a room's worker, executed in arrival order. */
sealed interface Command {

    /**
     * A request from a joined member that runs in the room's transaction: vote, add (with its looked-up entry),
     * remove, skip, and the host's requests (setFallback with its looked-up entries).
     */
    record Write(Peer peer, Request request, CatalogEntry entry, List<CatalogEntry> entries)
            implements Command {
        Write(Peer peer, Request request, CatalogEntry entry) {
            this(peer, request, entry, List.of());
        }
    }

    /** A join whose room was already resolved. */
    record Join(Peer peer, Request.Join request) implements Command {
    }

    record Resume(Peer peer, Request.Resume request) implements Command {
    }

    record Leave(Peer peer) implements Command {
    }

    /**
     * A write or join whose commit's answer was lost (PostgreSQL restarted right after committing, or the network
     * dropped its reply): run again, before anything newer, once the database answers — the request log then tells
     * which were saved. Given up on (answered {@code outcome_unknown}) at the deadline.
     */
    record InDoubt(Command original, long deadlineNanos) implements Command {
    }

    /**
     * Brings the room up to the database when something may be behind (after PostgreSQL was away): reloads it if
     * needed, sends its connections the events they missed, reconciles presence, retries requests in doubt.
     */
    record Refresh() implements Command {
    }

    /** Write the room's snapshot to the cache if it is behind (or always, after a cache outage). */
    record FlushCache(boolean force, boolean scheduled) implements Command {
    }

    /** Events another node committed (from the fan-out): consecutive seqs from firstSeq. */
    record Remote(long firstSeq, List<String> frames) implements Command {
    }

    /** Events of this room may have been missed (fan-out reconnected, or the room fell behind): read the log. */
    record CatchUp() implements Command {
    }

    /** Another node's message waited behind a gap long enough: read the log if the gap is still there. */
    record GapCheck() implements Command {
    }

    /** Reconcile presence with every node's connections (a node died, or this one was taken for dead). */
    record CheckPresence() implements Command {
    }
}
