package app.queued.server.cluster;

import java.time.Duration;

/**
 * How a node takes part when several share one PostgreSQL and Redis (external mode only).
 *
 * @param nodeId    this node's name in logs and in the database; null: host name and process id
 * @param heartbeat how often the node tells PostgreSQL it is alive
 * @param deadAfter a node silent this long is dead: the others drop its guests' presence
 * @param reapEvery how often a node looks for presence held by dead nodes
 * @param pollEvery how often a node compares the rooms it follows with PostgreSQL's last seq, to notice events
 *                  the fan-out lost (a room behind for a whole period is caught up from the event log)
 */
public record ClusterSettings(String nodeId, Duration heartbeat, Duration deadAfter, Duration reapEvery,
                              Duration pollEvery) {

    public ClusterSettings {
        if (nodeId != null && !nodeId.matches("[A-Za-z0-9._:@-]{1,100}")) {
            throw new IllegalArgumentException("A node id is 1 to 100 letters, digits and . _ : @ -, not '" + nodeId
                    + "'");
        }
        requirePositive("heartbeat", heartbeat);
        requirePositive("deadAfter", deadAfter);
        requirePositive("reapEvery", reapEvery);
        requirePositive("pollEvery", pollEvery);
        if (deadAfter.compareTo(heartbeat.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("deadAfter must be at least three heartbeats");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
        }
    }

    public static ClusterSettings defaults() {
        return new ClusterSettings(null, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(1));
    }

    public ClusterSettings withNodeId(String id) {
        return new ClusterSettings(id, heartbeat, deadAfter, reapEvery, pollEvery);
    }

    public ClusterSettings withTiming(Duration newHeartbeat, Duration newDeadAfter, Duration newReapEvery,
                                      Duration newPollEvery) {
        return new ClusterSettings(nodeId, newHeartbeat, newDeadAfter, newReapEvery, newPollEvery);
    }

    public double deadAfterSeconds() {
        return deadAfter.toMillis() / 1000.0;
    }
}
