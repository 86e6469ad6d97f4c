package app.queued.server.room;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What this node's room workers did, for the health answer and the periodic log line. */
public final class NodeCounters {
    final AtomicLong fastPathCommits = new AtomicLong();
    final AtomicLong fastPathCaughtUp = new AtomicLong();
    final AtomicLong fastPathBlocked = new AtomicLong();
    final AtomicLong fastPathRefused = new AtomicLong();
    final AtomicLong lockedCommits = new AtomicLong();
    final AtomicLong remoteEvents = new AtomicLong();
    final AtomicLong remoteAlreadyApplied = new AtomicLong();
    final AtomicLong logReads = new AtomicLong();
    final AtomicLong reloads = new AtomicLong();

    /** Name → count, in a fixed order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> all = new LinkedHashMap<>();
        all.put("fastPathCommits", fastPathCommits.get());
        // one-statement vote commits that brought back another node's events committed meanwhile (and still committed)
        all.put("fastPathCaughtUp", fastPathCaughtUp.get());
        // ... refused because another node committed something votes do not commute with (a rule, a ban...)
        all.put("fastPathBlocked", fastPathBlocked.get());
        all.put("fastPathRefused", fastPathRefused.get());
        all.put("lockedCommits", lockedCommits.get());
        all.put("remoteEvents", remoteEvents.get());
        all.put("remoteAlreadyApplied", remoteAlreadyApplied.get());
        all.put("logReads", logReads.get());
        all.put("reloads", reloads.get());
        return all;
    }
}
