package app.queued.server.testing;

import app.queued.protocol.Codec;
import app.queued.protocol.Protocol;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.room.RoomState;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A deliberately plain test client: raw frames in, every frame out recorded, and its own {@link RoomState}.
 * Lets tests send broken input the real client library would never produce.
 */
public final class RawClient implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Object lock = new Object();
    private final WebSocketClient socket;
    private volatile RoomState state = new RoomState(0);
    private volatile int closeCode = -1;
    private final List<Long> gaps = new CopyOnWriteArrayList<>();
    private ServerMessage.Snapshot resumeFrom;
    private volatile long guestId;
    private final java.util.Map<String, ServerMessage> replies = new java.util.concurrent.ConcurrentHashMap<>();

    public RawClient(URI uri) {
        socket = new WebSocketClient(uri) {
            @Override
            public void onOpen(ServerHandshake handshake) {
            }

            @Override
            public void onMessage(String message) {
                received.add(message);
                ServerMessage parsed = Codec.readServer(message);
                if (parsed instanceof ServerMessage.Ack ack && ack.requestId() != null) {
                    replies.put(ack.requestId(), ack);
                } else if (parsed instanceof ServerMessage.Error error && error.requestId() != null) {
                    replies.put(error.requestId(), error);
                }
                synchronized (lock) {
                    if (parsed instanceof ServerMessage.Ack ack && ack.result() != null
                            && ack.result().has("guestId") && ack.result().has("roomId")) {
                        // a join ack: the snapshot or replay that follows belongs to this guest
                        guestId = ack.result().get("guestId").asLong();
                        RoomState fresh = new RoomState(guestId);
                        if (resumeFrom != null) {
                            fresh.applySnapshot(resumeFrom);
                            resumeFrom = null;
                        }
                        state = fresh;
                    } else if (parsed instanceof ServerMessage.Snapshot snapshot) {
                        state.applySnapshot(snapshot);
                    } else if (parsed instanceof ServerMessage.Event event) {
                        apply(event);
                    } else if (parsed instanceof ServerMessage.Events batch) {
                        batch.events().forEach(RawClient.this::apply);
                    }
                    lock.notifyAll();
                }
            }

            @Override
            public void onClose(int code, String reason, boolean remote) {
                closeCode = code;
                synchronized (lock) {
                    lock.notifyAll();
                }
            }

            @Override
            public void onError(Exception ex) {
            }
        };
        try {
            socket.setTcpNoDelay(true); // like the apps' client: two frames sent together arrive together
            if (!socket.connectBlocking(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("could not connect to " + uri);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void apply(ServerMessage.Event event) {
        if (state.apply(event) == RoomState.Applied.GAP) {
            gaps.add(event.seq());
        }
    }

    /** Connects and says hello. */
    public static RawClient greeted(URI uri) {
        RawClient client = new RawClient(uri);
        client.request(new Request.Hello(client.nextId(), Protocol.VERSION, "raw-test"));
        return client;
    }

    /** Connects, says hello and joins as a new guest. */
    public static RawClient guest(URI uri, String code, String nickname) {
        RawClient client = greeted(uri);
        client.join(new Request.Join(client.nextId(), code, nickname, null, null, null));
        return client;
    }

    public static RawClient host(URI uri, String hostToken) {
        RawClient client = greeted(uri);
        client.join(new Request.Join(client.nextId(), null, null, null, hostToken, null));
        return client;
    }

    public Results.Joined join(Request.Join join) {
        ServerMessage reply = request(join);
        if (!(reply instanceof ServerMessage.Ack ack)) {
            throw new AssertionError("join refused: " + reply);
        }
        Results.Joined joined = Codec.result(ack, Results.Joined.class);
        awaitState(s -> s.hasSnapshot());
        return joined;
    }

    /**
     * Joins with {@code lastSeq} from an earlier connection's state: the replay that follows continues from
     * {@code previous} (a copy of it, as a snapshot).
     */
    public Results.Joined rejoin(Request.Join join, ServerMessage.Snapshot previous) {
        synchronized (lock) {
            resumeFrom = previous;
        }
        return join(join);
    }

    /** This client's member id once joined. */
    public long guestId() {
        return guestId;
    }

    /** The guest token this client's join returned (a secret only this guest holds). */
    public String guestToken() {
        for (String frame : received) {
            if (Codec.readServer(frame) instanceof ServerMessage.Ack ack && ack.result() != null
                    && ack.result().has("guestToken")) {
                return ack.result().get("guestToken").asText();
            }
        }
        throw new AssertionError("no guest token received");
    }

    public String nextId() {
        return "r" + ids.incrementAndGet();
    }

    public void sendRaw(String frame) {
        socket.send(frame);
    }

    public void socketSendBinary(java.nio.ByteBuffer bytes) {
        socket.send(bytes);
    }

    /** Sends a request and waits for its ack or error. */
    public ServerMessage request(Request request) {
        sendRaw(Codec.write(request));
        return awaitReply(request.requestId());
    }

    /** Waits for the ack or error carrying this request id. */
    public ServerMessage awaitReply(String requestId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (lock) {
            while (true) {
                ServerMessage reply = replies.get(requestId);
                if (reply != null) {
                    return reply;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    dumpThreads();
                    throw new AssertionError("no reply to " + requestId + " within " + WAIT);
                }
                waitNanos(left);
            }
        }
    }

    /** Forgets the reply to a request id, to observe the answer to a resend. */
    public void forgetReply(String requestId) {
        replies.remove(requestId);
    }

    public ServerMessage awaitFrame(int from, Predicate<ServerMessage> match) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (lock) {
            while (true) {
                for (int i = from; i < received.size(); i++) {
                    ServerMessage message = Codec.readServer(received.get(i));
                    if (match.test(message)) {
                        return message;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    dumpThreads();
                    throw new AssertionError("no matching frame within " + WAIT + "; got " + received.subList(from,
                            received.size()));
                }
                waitNanos(left);
            }
        }
    }

    public void awaitState(Predicate<RoomState> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (lock) {
            while (!condition.test(state)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("room state condition not met within " + WAIT + " (seq " + state.seq() + ")");
                }
                waitNanos(left);
            }
        }
    }

    public void awaitClosed() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (lock) {
            while (closeCode < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("connection not closed within " + WAIT);
                }
                waitNanos(left);
            }
        }
    }

    /** A time-out here means something hung: leave every thread's stack in the test output. */
    private static void dumpThreads() {
        StringBuilder dump = new StringBuilder("thread dump at RawClient time-out\n");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
            for (StackTraceElement frame : stack) {
                dump.append("    at ").append(frame).append('\n');
            }
        });
        System.err.println(dump);
    }

    private void waitNanos(long nanos) {
        try {
            lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(nanos, 200_000_000L))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A detached copy of the client's room state. */
    public RoomState view() {
        synchronized (lock) {
            RoomState copy = new RoomState(guestId);
            if (state.hasSnapshot()) {
                copy.applySnapshot(state.toSnapshot());
            }
            return copy;
        }
    }

    public List<String> received() {
        return new ArrayList<>(received);
    }

    public int receivedCount() {
        return received.size();
    }

    public List<Long> gaps() {
        return List.copyOf(gaps);
    }

    public boolean isOpen() {
        return socket.isOpen();
    }

    public int closeCode() {
        return closeCode;
    }

    @Override
    /**
     * Starts the closing handshake and waits for it at most 5 s, then drops the connection. A server closed first
     * (a test's try-with-resources) may leave the socket open without answering; {@code closeBlocking} then waited
     * for the library's lost-connection check, two minutes (seen in YouTubeThroughTheServerTest's teardown).
     */
    public void close() {
        socket.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!socket.isClosed() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000); // polls the state, bounded by the deadline
        }
        if (!socket.isClosed()) {
            socket.closeConnection(CloseFrame.ABNORMAL_CLOSE, "the test is over");
        }
    }
}
