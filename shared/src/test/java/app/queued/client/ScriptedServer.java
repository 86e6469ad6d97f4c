package app.queued.client;

import app.queued.protocol.Change;
import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import app.queued.protocol.RoomInfo;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.room.RoomState;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A vote server stand-in on the real transport: answers hello, join, resume and everything else with acks, keeps
 * one room's event log for snapshots and replays, and can be told to stay silent, refuse, or drop connections.
 */
final class ScriptedServer extends WebSocketServer {
    static final RoomInfo ROOM = new RoomInfo(11, "Party", "ABCD");
    static final long GUEST_ID = 7;
    static final String GUEST_TOKEN = "tok-7";

    /** A request as it arrived, with the number of the connection that carried it (1, 2, ...). */
    record Received(int connection, Request request) {
    }

    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<Class<? extends Request>> silent = ConcurrentHashMap.newKeySet();
    private final Map<Class<? extends Request>, ServerMessage.Error> failing = new ConcurrentHashMap<>();
    private final Set<WebSocket> joined = ConcurrentHashMap.newKeySet();
    private final Map<Class<? extends Request>, Long> rateLimitedOnce = new ConcurrentHashMap<>();
    private final Set<Received> answered = ConcurrentHashMap.newKeySet();
    private final Map<Integer, WebSocket> connectionsByNumber = new ConcurrentHashMap<>();
    private volatile boolean refusingConnections;
    private volatile ServerMessage.Error joinRefusal;

    // Guarded by this: the room, so a join's snapshot and a concurrent publish cannot interleave.
    private final RoomState room = new RoomState(0);
    private final List<ServerMessage.Event> log = new ArrayList<>();
    private long logStartsAfter;

    private ScriptedServer() {
        super(new InetSocketAddress("127.0.0.1", 0));
        setReuseAddr(true);
        setConnectionLostTimeout(0);
        setDaemon(true);
        seed(0, List.of());
    }

    static ScriptedServer launch() throws Exception {
        ScriptedServer server = new ScriptedServer();
        server.start();
        server.started.get(5, TimeUnit.SECONDS);
        return server;
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + getPort());
    }

    void stopQuietly() throws InterruptedException {
        stop(1000);
    }

    // ---- the room

    /** Resets the room to this queue at this seq; the log then starts after it. */
    synchronized void seed(long seq, List<Track> queue) {
        room.applySnapshot(new ServerMessage.Snapshot(seq, ROOM, null, null, queue, Map.of()));
        log.clear();
        logStartsAfter = seq;
    }

    /** Appends the next event and sends it to every joined connection. */
    synchronized ServerMessage.Event publish(Change change) {
        ServerMessage.Event event = append(change);
        joined.forEach(conn -> sendQuietly(conn, event));
        return event;
    }

    /** Appends the next event without sending it: an event the clients will miss. */
    synchronized ServerMessage.Event appendSilently(Change change) {
        return append(change);
    }

    private ServerMessage.Event append(Change change) {
        ServerMessage.Event event = new ServerMessage.Event(room.seq() + 1, change);
        room.apply(event);
        log.add(event);
        return event;
    }

    /** Sends a message (or any text) to every joined connection, outside the room's rules. */
    void sendToJoined(Object messageOrText) {
        String frame = messageOrText instanceof String text ? text : Codec.write(messageOrText);
        joined.forEach(conn -> conn.send(frame));
    }

    // ---- the script

    void stayQuietOn(Class<? extends Request> type) {
        silent.add(type);
    }

    void answer(Class<? extends Request> type) {
        silent.remove(type);
    }

    void fail(Class<? extends Request> type, ErrorCode code, String message) {
        failing.put(type, new ServerMessage.Error(null, code, message));
    }

    /** Answers the next request of this type with rate_limited and this retryAfterMs, then as usual. */
    void rateLimitNext(Class<? extends Request> type, long retryAfterMs) {
        rateLimitedOnce.put(type, retryAfterMs);
    }

    /** Answers every request of this type that {@link #stayQuietOn} kept, in the order they came, and later ones. */
    void answerHeld(Class<? extends Request> type) {
        silent.remove(type);
        for (Received held : received) {
            if (type.isInstance(held.request()) && answered.add(held)) {
                WebSocket conn = connectionsByNumber.get(held.connection());
                if (conn != null && conn.isOpen()) {
                    ack(conn, held.request(), null);
                }
            }
        }
    }

    void stopFailing(Class<? extends Request> type) {
        failing.remove(type);
    }

    void refuseJoins(ErrorCode code, String message) {
        joinRefusal = new ServerMessage.Error(null, code, message);
    }

    void refuseConnections(boolean refusing) {
        refusingConnections = refusing;
    }

    /** Drops every connection without a closing handshake, like a network that went away. */
    void killConnections() {
        getConnections().forEach(conn -> conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "killed by the test"));
    }

    // ---- what happened

    int connections() {
        return connectionCount.get();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    <T extends Request> List<T> requests(Class<T> type) {
        return received.stream().map(Received::request).filter(type::isInstance).map(type::cast).toList();
    }

    // ---- transport

    @Override
    public void onStart() {
        started.complete(null);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        int number = connectionCount.incrementAndGet();
        conn.setAttachment(number);
        connectionsByNumber.put(number, conn);
        if (refusingConnections) {
            conn.close(CloseFrame.TRY_AGAIN_LATER, "not now");
        }
    }

    @Override
    public void onMessage(WebSocket conn, String frame) {
        if (!conn.isOpen()) {
            return;
        }
        Request request = Codec.readRequest(frame);
        Received arrived = new Received(conn.<Integer>getAttachment(), request);
        received.add(arrived);
        if (silent.contains(request.getClass())) {
            return;
        }
        answered.add(arrived);
        Long retryAfterMs = rateLimitedOnce.remove(request.getClass());
        if (retryAfterMs != null) {
            sendQuietly(conn, new ServerMessage.Error(request.requestId(), ErrorCode.RATE_LIMITED,
                    "Slow down: too many messages.", retryAfterMs));
            return;
        }
        ServerMessage.Error failure = failing.get(request.getClass());
        if (failure != null) {
            sendQuietly(conn, new ServerMessage.Error(request.requestId(), failure.code(), failure.message()));
        } else if (request instanceof Request.Hello hello) {
            ack(conn, hello, new Results.Hello(1, "scripted"));
        } else if (request instanceof Request.Join join) {
            onJoin(conn, join);
        } else if (request instanceof Request.Resume resume) {
            synchronized (this) {
                ack(conn, resume, null);
                catchUp(conn, resume.lastSeq());
            }
        } else {
            ack(conn, request, null);
        }
    }

    private synchronized void onJoin(WebSocket conn, Request.Join join) {
        ServerMessage.Error refusal = joinRefusal;
        if (refusal != null) {
            sendQuietly(conn, new ServerMessage.Error(join.requestId(), refusal.code(), refusal.message()));
            return;
        }
        Role role = join.hostToken() != null ? Role.HOST : Role.GUEST;
        ack(conn, join, new Results.Joined(ROOM.id(), ROOM.name(), ROOM.joinCode(), GUEST_ID, "Ann",
                role == Role.GUEST ? GUEST_TOKEN : null, role));
        if (join.lastSeq() == null) {
            sendQuietly(conn, room.toSnapshot());
        } else {
            catchUp(conn, join.lastSeq());
        }
        joined.add(conn);
    }

    /** The events after lastSeq, or a snapshot when the log does not reach back that far. */
    private void catchUp(WebSocket conn, long lastSeq) {
        if (lastSeq < logStartsAfter) {
            sendQuietly(conn, room.toSnapshot());
            return;
        }
        log.stream().filter(event -> event.seq() > lastSeq).forEach(event -> sendQuietly(conn, event));
    }

    private void ack(WebSocket conn, Request request, Object result) {
        sendQuietly(conn, new ServerMessage.Ack(request.requestId(), null, result == null ? null : Codec.tree(result)));
    }

    private static void sendQuietly(WebSocket conn, ServerMessage message) {
        try {
            conn.send(Codec.write(message));
        } catch (RuntimeException e) {
            // A connection the test just killed; the client will catch up after reconnecting.
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        joined.remove(conn);
    }

    @Override
    public void onError(WebSocket conn, Exception error) {
        if (conn == null) {
            started.completeExceptionally(error);
        }
    }
}
