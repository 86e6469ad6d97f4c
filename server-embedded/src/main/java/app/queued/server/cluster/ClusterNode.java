package app.queued.server.cluster;

import app.queued.server.events.EventFanout;
import app.queued.server.room.RoomService;
import app.queued.server.store.NodeStore;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's duties when several share one PostgreSQL and Redis. There is no leader and no lease: every node commits
 * through the room row's lock, and these chores keep the shared picture honest.
 * <ul>
 *   <li><b>Heartbeat</b>: tells PostgreSQL this node is alive; its outcome is the node's health. A node that
 *   finds it was taken for dead (silent past the limit) writes its presence again in every room it has open.</li>
 *   <li><b>Reaper</b>: a node silent past the limit is dead; every room where it still holds presence reconciles,
 *   so its guests who did not come back through another node leave (a dead node's presence expires).</li>
 *   <li><b>Poll</b>: for each room this node follows, compares its picture with PostgreSQL's last seq; a room
 *   still behind where PostgreSQL was two polls ago lost a fan-out message (a late one is not lost: under load
 *   messages may take a while), and is caught up from the log. While the fan-out is connected this is only a
 *   safety net for a lost last message (a gap shows at the next one), so it runs every {@link #CONNECTED_EVERY}
 *   periods; while it is not, it is how events reach this node, every period.</li>
 * </ul>
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
    private static final long COUNTERS_EVERY_MS = 60_000;
    static final int CONNECTED_EVERY = 5;

    private final ClusterSettings settings;
    private final String nodeId;
    private final NodeStore store;
    private final RoomService rooms;
    private final EventFanout fanout;
    private final ScheduledExecutorService timer;
    private volatile boolean databaseReachable = true;
    // Since when this node's heartbeats have succeeded without a break (it reaps only after a whole time-out of
    // them: after a database outage every live node must have said it is alive again first).
    private volatile long reachableSinceNanos = System.nanoTime();
    // Confined to the timer thread.
    private Map<Long, Long> lastPolled = new HashMap<>();
    private Map<Long, Long> polledBefore = new HashMap<>();
    private Map<String, Long> lastCounters = Map.of();
    private int reaps;
    private int polls;

    private ClusterNode(ClusterSettings settings, String nodeId, NodeStore store, RoomService rooms,
                        EventFanout fanout) {
        this.settings = settings;
        this.nodeId = nodeId;
        this.store = store;
        this.rooms = rooms;
        this.fanout = fanout;
        this.timer = Executors.newSingleThreadScheduledExecutor(NodeThreads.named("queued-node", nodeId));
    }

    /** Registers the node and starts its chores. */
    public static ClusterNode start(ClusterSettings settings, String nodeId, NodeStore store, RoomService rooms,
                                    EventFanout fanout) throws SQLException {
        ClusterNode node = new ClusterNode(settings, nodeId, store, rooms, fanout);
        store.heartbeat(nodeId);
        // An earlier process with this id may have died holding presence: reconcile those rooms now.
        for (long roomId : store.roomsHeldBy(nodeId)) {
            rooms.recheckPresence(roomId);
        }
        node.schedule(node::heartbeat, settings.heartbeat().toMillis());
        node.schedule(node::reap, settings.reapEvery().toMillis());
        node.schedule(node::poll, settings.pollEvery().toMillis());
        node.schedule(node::logCounters, COUNTERS_EVERY_MS);
        return node;
    }

    private void schedule(Runnable chore, long everyMs) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                chore.run();
            } catch (RuntimeException e) {
                log.error("node {}: a cluster chore failed", nodeId, e);
            }
        }, everyMs, everyMs, TimeUnit.MILLISECONDS);
    }

    public String nodeId() {
        return nodeId;
    }

    /** False while the last heartbeat could not reach PostgreSQL: the load balancer should send nobody here. */
    public boolean databaseReachable() {
        return databaseReachable;
    }

    private void heartbeat() {
        OptionalDouble silentFor;
        try {
            silentFor = store.heartbeat(nodeId);
        } catch (SQLException e) {
            if (databaseReachable) {
                log.warn("node {}: PostgreSQL is unreachable ({}); reporting unhealthy", nodeId, e.getMessage());
            }
            databaseReachable = false;
            return;
        }
        if (!databaseReachable) {
            log.info("node {}: PostgreSQL is reachable again", nodeId);
            reachableSinceNanos = System.nanoTime();
            databaseReachable = true;
        }
        if (silentFor.isEmpty() || silentFor.getAsDouble() > settings.deadAfterSeconds()) {
            log.warn("node {}: the other nodes may have taken this one for dead; writing its presence again", nodeId);
            rooms.recheckPresenceEverywhere();
        }
    }

    private void reap() {
        if (!databaseReachable || System.nanoTime() - reachableSinceNanos < settings.deadAfter().toNanos()) {
            return;
        }
        try {
            List<Long> held = store.roomsHeldByDeadNodes(nodeId, settings.deadAfterSeconds());
            if (!held.isEmpty()) {
                log.info("node {}: {} room(s) still count guests of a dead node; reconciling their presence", nodeId,
                        held.size());
                held.forEach(rooms::recheckPresence);
            }
            if (++reaps % 720 == 0) {
                store.forgetLongDeadNodes();
            }
        } catch (SQLException e) {
            log.debug("node {}: cannot look for dead nodes' presence: {}", nodeId, e.toString());
        }
    }

    private void poll() {
        if (fanout.connected() && polls++ % CONNECTED_EVERY != 0) {
            return;
        }
        Map<Long, Long> mine = rooms.followedRooms();
        if (mine.isEmpty()) {
            lastPolled = new HashMap<>();
            polledBefore = new HashMap<>();
            return;
        }
        Map<Long, Long> database;
        try {
            database = store.lastSeqs(mine.keySet());
        } catch (SQLException e) {
            return; // the heartbeat reports it
        }
        mine.forEach((roomId, applied) -> {
            Long before = polledBefore.get(roomId);
            if (before != null && applied < before) {
                log.debug("node {}: room {} is at seq {}, PostgreSQL was at {} two polls ago; reading the log",
                        nodeId, roomId, applied, before);
                rooms.catchUp(roomId);
            }
        });
        polledBefore = lastPolled;
        lastPolled = database;
    }

    private void logCounters() {
        Map<String, Long> now = rooms.counters().snapshot();
        if (!now.equals(lastCounters)) {
            lastCounters = now;
            log.info("node {}: {}; fan-out {}", nodeId, now, fanout.connected() ? "connected" : "not connected");
        }
    }

    /** Stops as a killed process would: no goodbye, the others reap this node's presence after the time-out. */
    public void halt() {
        timer.shutdownNow();
    }

    /** A clean stop: the others reap this node's presence at their next look. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            store.leave(nodeId);
        } catch (SQLException e) {
            log.debug("node {}: could not say goodbye: {}", nodeId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        logCounters();
    }
}
