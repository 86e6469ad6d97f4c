package app.queued.bench;

import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Protocol;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.room.RoomState;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One guest's (or the host's) screen: a real WebSocket (Netty's client; every connection of the run shares one
 * small event-loop group, as a thousand screens must share the generator's two cores), every frame parsed with
 * {@link Codec} and applied to its own {@link RoomState}. A gap in the seqs is counted and repaired with
 * {@code resume}. Everything a connection receives is handled on its event-loop thread, in order.
 *
 * <p>Given several nodes, a screen whose connection drops (its node was killed) reconnects to the next node,
 * rejoins with its token and last seq, and resends its unanswered votes with their ids — as the client library
 * does. The handler is shared by its successive connections and ignores a connection it left.
 */
@ChannelHandler.Sharable
final class BenchClient extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_FRAME_BYTES = 64 * 1024 * 1024; // a big room's snapshot names every guest

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

    private static final long RECONNECT_DELAY_MS = 100;
    private static final int MAX_RECONNECT_ATTEMPTS = 100;

    private final String name;
    private final SharedParses parses;
    private final EventLoopGroup group;
    private final List<URI> nodes;
    private volatile int node;
    private volatile boolean rejoining;
    private volatile int reconnectAttempts;
    private volatile String joinCode;
    private volatile String guestToken;
    private volatile String hostToken;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<String, CompletableFuture<ServerMessage>> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, VoteRecord> pendingVotes = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> handshake = new CompletableFuture<>();
    private volatile Channel channel;
    private volatile Observer observer = NONE;
    private volatile boolean closedByServer;
    private volatile boolean closedByUs;
    private volatile String joinRequestId;

    // Guarded by this: the state is applied on the receiving thread and read by the bench at the end.
    private RoomState state;
    private long guestId;
    private long gaps;
    private long unreadable;
    private long otherErrors;
    private long rateLimited;
    private boolean resuming;
    private long reconnects;

    private BenchClient(String name, SharedParses parses, EventLoopGroup group, List<URI> nodes, int first) {
        this.name = name;
        this.parses = parses;
        this.group = group;
        this.nodes = List.copyOf(nodes);
        this.node = first % nodes.size();
    }

    /** Opens the WebSocket and says hello. */
    static CompletableFuture<BenchClient> connect(EventLoopGroup group, SharedParses parses, URI uri, String name) {
        return connect(group, parses, List.of(uri), 0, name);
    }

    /** Opens the WebSocket to node {@code first} of several (the next ones when it dies) and says hello. */
    static CompletableFuture<BenchClient> connect(EventLoopGroup group, SharedParses parses, List<URI> nodes,
                                                  int first, String name) {
        BenchClient client = new BenchClient(name, parses, group, nodes, first);
        client.open();
        return client.handshake
                .thenCompose(v -> client.request(new Request.Hello(client.nextId(), Protocol.VERSION,
                        "queued-bench/0.1")))
                .thenApply(reply -> {
                    requireAck(reply, "hello");
                    return client;
                });
    }

    /** Connects to the current node; the handshake's end says hello (first time) or rejoins (after a drop). */
    private void open() {
        URI uri = nodes.get(node);
        BenchClient client = this;
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .maxFramePayloadLength(MAX_FRAME_BYTES)
                .handshakeTimeoutMillis(10_000)
                .build();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new HttpClientCodec(),
                                new HttpObjectAggregator(64 * 1024),
                                new WebSocketClientProtocolHandler(config),
                                new WebSocketFrameAggregator(MAX_FRAME_BYTES),
                                client);
                    }
                });
        bootstrap.connect(uri.getHost(), uri.getPort()).addListener((ChannelFutureListener) connected -> {
            if (connected.isSuccess()) {
                client.channel = connected.channel();
            } else if (rejoining) {
                reconnectLater();
            } else {
                client.handshake.completeExceptionally(connected.cause());
            }
        });
    }

    /** The node went away: the next one, after a short pause (bounded attempts). */
    private void reconnectLater() {
        if (closedByUs || ++reconnectAttempts > MAX_RECONNECT_ATTEMPTS) {
            return;
        }
        node = (node + 1) % nodes.size();
        group.next().schedule(this::open, RECONNECT_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    /** Hello, then join as the same person with the last seq seen, then every unanswered vote again. */
    private void rejoin() {
        request(new Request.Hello(nextId(), Protocol.VERSION, "queued-bench/0.1")).thenCompose(hello -> {
            requireAck(hello, "hello");
            String id = nextId();
            joinRequestId = id;
            long last = seq();
            Long lastSeq = last >= 0 ? last : null;
            return request(hostToken != null ? new Request.Join(id, null, null, null, hostToken, lastSeq)
                    : new Request.Join(id, joinCode, null, guestToken, null, lastSeq));
        }).whenComplete((joined, failure) -> {
            if (failure != null || !(joined instanceof ServerMessage.Ack)) {
                Channel ch = channel;
                if (ch != null) {
                    ch.close(); // and on to the next node
                }
                return;
            }
            rejoining = false;
            reconnectAttempts = 0;
            synchronized (this) {
                reconnects++;
            }
            pendingVotes.values().stream().sorted(java.util.Comparator.comparingLong(v -> v.dueNanos))
                    .forEach(vote -> send(Codec.write(new Request.Vote(vote.requestId, vote.trackId, vote.value))));
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
        this.joinCode = code;
        this.hostToken = hostToken;
        Request.Join join = hostToken != null
                ? new Request.Join(id, null, null, null, hostToken, null)
                : new Request.Join(id, code, nickname, null, null, null);
        return request(join).thenApply(reply -> {
            Results.Joined joined = Codec.result(requireAck(reply, "join"), Results.Joined.class);
            guestToken = joined.guestToken();
            return joined;
        });
    }

    CompletableFuture<Results.Added> add(String videoId) {
        return request(new Request.Add(nextId(), videoId))
                .thenApply(reply -> Codec.result(requireAck(reply, "add"), Results.Added.class));
    }

    /** Sends a vote; its answer goes to the observer. */
    void sendVote(VoteRecord vote) {
        pendingVotes.put(vote.requestId, vote);
        vote.sentNanos = System.nanoTime();
        if (!rejoining) { // else it goes out with the others once this screen has joined again
            send(Codec.write(new Request.Vote(vote.requestId, vote.trackId, vote.value)));
        }
    }

    CompletableFuture<ServerMessage> request(Request request) {
        CompletableFuture<ServerMessage> reply = new CompletableFuture<>();
        pending.put(request.requestId(), reply);
        send(Codec.write(request));
        return reply.orTimeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> pending.remove(request.requestId()));
    }

    /** Never blocks the caller: from another thread Netty hands the write to the connection's event loop. */
    private void send(String text) {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(new TextWebSocketFrame(text), ch.voidPromise());
        }
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            channel = ctx.channel();
            if (rejoining) {
                rejoin();
            } else {
                handshake.complete(null);
            }
        } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            handshake.completeExceptionally(new IllegalStateException(name + ": WebSocket handshake timed out"));
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        if (ctx.channel() != channel) {
            return; // a connection this client already left
        }
        long now = System.nanoTime();
        ServerMessage message;
        try {
            message = parses.parse(ByteBufUtil.getBytes(frame.content()));
        } catch (IllegalArgumentException e) {
            synchronized (this) {
                unreadable++;
            }
            return;
        }
        handle(message, now);
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
            long before;
            synchronized (this) {
                // the first snapshot (after the join) is where this screen starts: nothing to count before it
                before = state == null ? snapshot.seq() : state.seq();
                RoomState fresh = new RoomState(guestId);
                fresh.applySnapshot(snapshot);
                state = fresh;
            }
            // after a rejoin too far behind for a replay: the screen now shows every event up to the snapshot
            for (long seq = before + 1; seq <= snapshot.seq(); seq++) {
                observer.applied(this, seq, now);
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
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel() != channel) {
            super.channelInactive(ctx);
            return;
        }
        if (!closedByUs && nodes.size() > 1 && (guestToken != null || hostToken != null)) {
            // its node died (or refused the rejoin): carry on through the next one
            rejoining = true;
            IllegalStateException dropped = new IllegalStateException(name + ": connection dropped");
            pending.values().forEach(f -> f.completeExceptionally(dropped));
            reconnectLater();
            super.channelInactive(ctx);
            return;
        }
        closedByServer = !closedByUs;
        IllegalStateException closed = new IllegalStateException(name + ": connection closed");
        handshake.completeExceptionally(closed);
        pending.values().forEach(f -> f.completeExceptionally(closed));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable error) {
        if (ctx.channel() != channel) {
            ctx.close();
            return;
        }
        handshake.completeExceptionally(error);
        pending.values().forEach(f -> f.completeExceptionally(error));
        ctx.close();
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

    /** Times this screen came back through another node after its connection dropped. */
    synchronized long reconnects() {
        return reconnects;
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

    /**
     * Closes the connection (normal closure); the channel goes when the server answers or after 2 s. Completes
     * when it is gone.
     */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            closed.complete(null);
            return closed;
        }
        closedByUs = true;
        ch.closeFuture().addListener(f -> closed.complete(null));
        ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE, "bench done"));
        ch.eventLoop().schedule(() -> ch.close(), 2, TimeUnit.SECONDS);
        return closed;
    }

    private static ServerMessage.Ack requireAck(ServerMessage reply, String what) {
        if (reply instanceof ServerMessage.Ack ack) {
            return ack;
        }
        ServerMessage.Error error = (ServerMessage.Error) reply;
        throw new IllegalStateException(what + " refused: " + error.code() + " " + error.message());
    }
}
