package app.queued.bench;

import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Protocol;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.room.RoomState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One guest's (or the host's) screen: a real WebSocket (the JDK's asynchronous client, sharing one
 * {@link HttpClient} and its executor with every other connection), every frame parsed with {@link Codec} and
 * applied to its own {@link RoomState}. A gap in the seqs is counted and repaired with {@code resume}.
 */
final class BenchClient implements WebSocket.Listener {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Told about what this client saw; called on the client's receiving thread. */
    interface Observer {
        /** The client applied the event with this seq at {@code nanos} (System.nanoTime). */
        void applied(BenchClient client, long seq, long nanos);

        /** The answer to a vote this client sent. */
        void voteAnswered(VoteRecord vote, ServerMessage answer, long nanos);
    }

    private static final Observer NONE = new Observer() {
        @Override
        public void applied(BenchClient client, long seq, long nanos) {
        }

        @Override
        public void voteAnswered(VoteRecord vote, ServerMessage answer, long nanos) {
        }
    };

    private final String name;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<String, CompletableFuture<ServerMessage>> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, VoteRecord> pendingVotes = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final Object sendLock = new Object();
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;
    private volatile Observer observer = NONE;
    private volatile boolean closedByServer;
    private volatile String joinRequestId;

    // Guarded by this: the state is applied on the receiving thread and read by the bench at the end.
    private RoomState state;
    private long guestId;
    private long gaps;
    private long unreadable;
    private long otherErrors;
    private long rateLimited;
    private boolean resuming;

    private BenchClient(String name) {
        this.name = name;
    }

    /** Opens the WebSocket and says hello. */
    static CompletableFuture<BenchClient> connect(HttpClient http, URI uri, String name) {
        BenchClient client = new BenchClient(name);
        return http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, client)
                .thenCompose(ws -> {
                    client.socket = ws;
                    return client.request(new Request.Hello(client.nextId(), Protocol.VERSION, "queued-bench/0.1"));
                })
                .thenApply(reply -> {
                    requireAck(reply, "hello");
                    return client;
                });
    }

    String name() {
        return name;
    }

    String nextId() {
        return name + "-" + ids.incrementAndGet();
    }

    void observe(Observer newObserver) {
        this.observer = newObserver == null ? NONE : newObserver;
    }

    /** Creates a room with the server's admin token (does not join it). */
    CompletableFuture<Results.RoomCreated> createRoom(String roomName, String adminToken) {
        return request(new Request.CreateRoom(nextId(), roomName, adminToken))
                .thenApply(reply -> Codec.result(requireAck(reply, "createRoom"), Results.RoomCreated.class));
    }

    /** Joins as host (hostToken) or as a new guest (code + nickname); completes once the snapshot is applied. */
    CompletableFuture<Results.Joined> join(String code, String nickname, String hostToken) {
        String id = nextId();
        joinRequestId = id;
        Request.Join join = hostToken != null
                ? new Request.Join(id, null, null, null, hostToken, null)
                : new Request.Join(id, code, nickname, null, null, null);
        return request(join).thenApply(reply -> Codec.result(requireAck(reply, "join"), Results.Joined.class));
    }

    CompletableFuture<Results.Added> add(String videoId) {
        return request(new Request.Add(nextId(), videoId))
                .thenApply(reply -> Codec.result(requireAck(reply, "add"), Results.Added.class));
    }

    /** Sends a vote; its answer goes to the observer. */
    void sendVote(VoteRecord vote) {
        pendingVotes.put(vote.requestId, vote);
        vote.sentNanos = System.nanoTime();
        send(Codec.write(new Request.Vote(vote.requestId, vote.trackId, vote.value)));
    }

    CompletableFuture<ServerMessage> request(Request request) {
        CompletableFuture<ServerMessage> reply = new CompletableFuture<>();
        pending.put(request.requestId(), reply);
        send(Codec.write(request));
        return reply.orTimeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> pending.remove(request.requestId()));
    }

    /** JDK WebSockets allow one outstanding send: chain them. Never blocks the caller. */
    private void send(String text) {
        synchronized (sendLock) {
            sendChain = sendChain.handle((v, e) -> null).thenCompose(v -> {
                WebSocket ws = socket;
                if (ws == null || ws.isOutputClosed()) {
                    return CompletableFuture.completedFuture(null);
                }
                return ws.sendText(text, true);
            });
        }
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        if (!last) {
            partial.append(data);
            return null;
        }
        String frame;
        if (partial.length() > 0) {
            partial.append(data);
            frame = partial.toString();
            partial.setLength(0);
        } else {
            frame = data.toString();
        }
        ServerMessage message;
        try {
            message = Codec.readServer(frame);
        } catch (IllegalArgumentException e) {
            synchronized (this) {
                unreadable++;
            }
            return null;
        }
        handle(message, now);
        return null;
    }

    private void handle(ServerMessage message, long now) {
        if (message instanceof ServerMessage.Event event) {
            onEvent(event, now);
        } else if (message instanceof ServerMessage.Events events) {
            // one commit's events in one frame: applied in order, as if each came alone
            for (ServerMessage.Event event : events.events()) {
                onEvent(event, now);
            }
        } else if (message instanceof ServerMessage.Snapshot snapshot) {
            synchronized (this) {
                RoomState fresh = new RoomState(guestId);
                fresh.applySnapshot(snapshot);
                state = fresh;
            }
        } else if (message instanceof ServerMessage.Ack ack) {
            if (ack.requestId() != null && ack.requestId().equals(joinRequestId) && ack.result() != null) {
                synchronized (this) {
                    guestId = ack.result().path("guestId").asLong();
                }
            }
            answer(ack.requestId(), message, now);
        } else if (message instanceof ServerMessage.Error error) {
            if (error.requestId() == null) {
                synchronized (this) {
                    if (error.code() == ErrorCode.RATE_LIMITED) {
                        rateLimited++;
                    } else {
                        otherErrors++;
                    }
                }
                return;
            }
            answer(error.requestId(), message, now);
        }
    }

    private void answer(String requestId, ServerMessage message, long now) {
        if (requestId == null) {
            return;
        }
        VoteRecord vote = pendingVotes.remove(requestId);
        if (vote != null) {
            observer.voteAnswered(vote, message, now);
            return;
        }
        CompletableFuture<ServerMessage> reply = pending.get(requestId);
        if (reply != null) {
            reply.complete(message);
        }
    }

    private void onEvent(ServerMessage.Event event, long now) {
        RoomState.Applied applied;
        boolean askResume = false;
        long from = 0;
        synchronized (this) {
            if (state == null) {
                return; // before the snapshot: the join ack's seq covers it
            }
            applied = state.apply(event);
            if (applied == RoomState.Applied.GAP && !resuming) {
                gaps++;
                resuming = true;
                askResume = true;
                from = state.seq();
            } else if (applied == RoomState.Applied.APPLIED) {
                resuming = false;
            }
        }
        if (applied == RoomState.Applied.APPLIED) {
            observer.applied(this, event.seq(), now);
        } else if (askResume) {
            request(new Request.Resume(nextId(), from)).whenComplete((r, e) -> {
                synchronized (this) {
                    resuming = false;
                }
            });
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closedByServer = true;
        pending.values().forEach(f -> f.completeExceptionally(
                new IllegalStateException(name + " closed by the server: " + statusCode + " " + reason)));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closedByServer = true;
        pending.values().forEach(f -> f.completeExceptionally(error));
    }

    // ---------------------------------------------------------------- state for the checks

    synchronized long seq() {
        return state == null ? -1 : state.seq();
    }

    synchronized List<Track> orderedQueue() {
        return state == null ? List.of() : state.orderedQueue();
    }

    synchronized long guestId() {
        return guestId;
    }

    synchronized long gaps() {
        return gaps;
    }

    synchronized long unreadable() {
        return unreadable;
    }

    synchronized long rateLimited() {
        return rateLimited;
    }

    synchronized long otherErrors() {
        return otherErrors;
    }

    boolean closedByServer() {
        return closedByServer;
    }

    int unansweredVotes() {
        return pendingVotes.size();
    }

    /** Closes the connection (normal closure) without waiting long for the server's answer. */
    void close() {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((r, e) -> ws.abort());
        } catch (RuntimeException e) {
            ws.abort();
        }
    }

    private static ServerMessage.Ack requireAck(ServerMessage reply, String what) {
        if (reply instanceof ServerMessage.Ack ack) {
            return ack;
        }
        ServerMessage.Error error = (ServerMessage.Error) reply;
        throw new IllegalStateException(what + " refused: " + error.code() + " " + error.message());
    }
}
