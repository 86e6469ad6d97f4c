package app.queued.server.transport;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.java_websocket.framing.CloseFrame;

/**
 * Connections accepted but not (yet) WebSockets: a silent TCP connection, a slowloris head sent a byte at a time,
 * a browser being sent a file. Each must finish its handshake within {@code handshake} (a file answer gets
 * {@code answer} more to be written), or it is closed; one address may hold at most {@code perAddress} of them at
 * once (local programs excepted: the benchmark opens a thousand screens from 127.0.0.1 at once).
 */
final class HalfOpenConnections {
    private record Entry(InetAddress address, long deadlineNanos) {
    }

    private final Duration handshake;
    private final Duration answer;
    private final int perAddress;
    private final Map<FrontConnection, Entry> open = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> perAddressCount = new ConcurrentHashMap<>();

    HalfOpenConnections(Duration handshake, Duration answer, int perAddress) {
        this.handshake = handshake;
        this.answer = answer;
        this.perAddress = perAddress;
    }

    /** A new connection from {@code address}; false when that address already holds its share. */
    boolean admit(FrontConnection connection, InetAddress address, long nowNanos) {
        boolean[] admitted = {true};
        perAddressCount.compute(address, (a, count) -> {
            int n = count == null ? 0 : count;
            if (n >= perAddress && !address.isLoopbackAddress()) {
                admitted[0] = false;
                return count;
            }
            return n + 1;
        });
        if (admitted[0]) {
            open.put(connection, new Entry(address, nowNanos + handshake.toNanos()));
        }
        return admitted[0];
    }

    /** The connection is sending a file: it has a little longer to be written. */
    void answering(FrontConnection connection, long nowNanos) {
        open.computeIfPresent(connection, (c, e) -> new Entry(e.address(), nowNanos + answer.toNanos()));
    }

    /** It became a WebSocket, or closed: it no longer counts. */
    void done(FrontConnection connection) {
        Entry entry = open.remove(connection);
        if (entry != null) {
            perAddressCount.computeIfPresent(entry.address(), (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Closes every connection past its deadline; returns how many. */
    int closeOverdue(long nowNanos) {
        int closed = 0;
        for (Map.Entry<FrontConnection, Entry> e : open.entrySet()) {
            if (nowNanos - e.getValue().deadlineNanos() > 0) {
                FrontConnection connection = e.getKey();
                connection.closeConnection(CloseFrame.NEVER_CONNECTED, "no handshake in time", false);
                done(connection); // also when the library had already closed it
                closed++;
            }
        }
        return closed;
    }

    int size() {
        return open.size();
    }
}
