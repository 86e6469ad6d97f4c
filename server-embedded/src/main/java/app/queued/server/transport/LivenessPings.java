package app.queued.server.transport;

import java.time.Duration;
import java.util.Collection;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;

/**
 * Finds connections that died without a goodbye (a phone that left the Wi-Fi): once a round each open WebSocket is
 * closed if its last pong (or, before its first, its opening) is more than 1.5 rounds old, and sent a ping
 * otherwise. Java-WebSocket's own checker does this to every connection in the same instant; with 10,000
 * connections that burst of pings and pongs held up every room's votes for 100-350 ms once per round (bench
 * {@code hosted}: vote p99 141-361 ms with it, 15 ms without). Here a connection's turn is one of
 * {@link #TICKS_PER_ROUND} ticks, so each tick handles its share and the round's pings are spread evenly.
 */
final class LivenessPings {
    static final int TICKS_PER_ROUND = 60;

    private final long roundNanos;
    private long ticks;

    LivenessPings(Duration round) {
        this.roundNanos = round.toNanos();
    }

    /** How often {@link #tick} must run so every connection has its turn once a round. */
    Duration tickEvery() {
        return Duration.ofNanos(roundNanos / TICKS_PER_ROUND);
    }

    /** Checks the connections whose turn this tick is. */
    void tick(Collection<WebSocket> connections, long nowNanos) {
        int turn = (int) (ticks++ % TICKS_PER_ROUND);
        for (WebSocket socket : connections) {
            if (!(socket instanceof FrontConnection connection) || !connection.isOpen()
                    || Math.floorMod(System.identityHashCode(connection), TICKS_PER_ROUND) != turn
                    || connection.getAttachment() instanceof Session session && session.isCut()) {
                continue; // not its turn, or already sent our Close (nothing may follow it: BadInputTest)
            }
            if (nowNanos - connection.lastPongNanos() > roundNanos * 3 / 2) {
                connection.closeConnection(CloseFrame.ABNORMAL_CLOSE,
                        "no answer to pings for " + Duration.ofNanos(nowNanos - connection.lastPongNanos()).toSeconds()
                                + " s", false);
            } else {
                connection.sendPing();
            }
        }
    }
}
