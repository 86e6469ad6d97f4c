package app.queued.server.transport;

import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Protocol;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.server.room.PeerGroup;
import app.queued.server.room.RoomService;
import app.queued.server.web.HttpHead;
import app.queued.server.web.OriginPolicy;
import app.queued.server.web.WebFiles;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket endpoint (Java-WebSocket). Runs on its I/O threads, so it only parses, checks the rate limit and
 * hands requests to the {@link RoomService}; anything that blocks happens elsewhere. The same port answers plain
 * HTTP GETs with the web guest's files ({@link WebFiles}) and refuses WebSockets from other sites' pages
 * ({@link OriginPolicy}); a connection must finish its handshake within {@link #HANDSHAKE_DEADLINE}.
 */
public final class WsTransport extends WebSocketServer implements PeerGroup.Factory, FrontConnection.Door {
    private static final Logger log = LoggerFactory.getLogger(WsTransport.class);
    /**
     * Messages above this close the connection outright (abuse), also fragmented ones as soon as their fragments
     * pass it; above {@link Protocol#MAX_FRAME_CHARS} they get an error.
     */
    private static final int TRANSPORT_MAX_FRAME_BYTES = 1 << 20;
    private static final int MAX_QUEUED_FRAMES = 20_000;
    /** A connection whose unread backlog passes this is dropped (it resumes on reconnect). */
    private static final long MAX_WAITING_BYTES = 8L * 1024 * 1024;
    /** How long a cut connection has to answer our Close before we drop it outright. */
    private static final Duration CUT_DEADLINE = Duration.ofSeconds(5);
    /** How long a new connection may take to send its request head (slowloris, silent TCP). */
    static final Duration HANDSHAKE_DEADLINE = Duration.ofSeconds(5);
    /** How long a file answer may take to be written after that. */
    static final Duration ANSWER_DEADLINE = Duration.ofSeconds(15);
    /** Each connection is pinged once a round, and closed once its last pong is 1.5 rounds old (protocol.md). */
    static final Duration PING_ROUND = Duration.ofSeconds(30);
    /** Connections one (non-local) address may have open without a finished handshake. */
    static final int HALF_OPEN_PER_ADDRESS = 32;

    /** Per-connection limits. {@code closeAfter} refusals in a row close the connection. */
    public record Limits(double messagesPerSecond, int burst, int closeAfter) {
        public Limits {
            if (!(messagesPerSecond > 0) || Double.isInfinite(messagesPerSecond)) {
                throw new IllegalArgumentException("rate (messages per second per connection) must be positive, not "
                        + messagesPerSecond);
            }
            if (burst < 1) {
                throw new IllegalArgumentException("burst (messages a connection may send at once) must be at least 1,"
                        + " not " + burst);
            }
            if (closeAfter < 1) {
                throw new IllegalArgumentException("close after (refusals in a row) must be at least 1, not "
                        + closeAfter);
            }
        }

        public static Limits defaults() {
            return new Limits(50, 100, 200);
        }
    }

    private final String serverName;
    private final Limits limits;
    private final WebFiles webFiles;
    private final OriginPolicy origins;
    private final HalfOpenConnections halfOpen =
            new HalfOpenConnections(HANDSHAKE_DEADLINE, ANSWER_DEADLINE, HALF_OPEN_PER_ADDRESS);
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private LivenessPings livenessPings = new LivenessPings(PING_ROUND);
    private volatile RoomService rooms;
    private final StrandedWrites strandedWrites = new StrandedWrites(this);
    private final ScheduledExecutorService cuts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "queued-cuts");
        thread.setDaemon(true);
        return thread;
    });

    public WsTransport(InetSocketAddress address, String serverName, Limits limits) {
        this(address, serverName, limits, WebFiles.packaged(), OriginPolicy.forThisMachine(List.of()));
    }

    public WsTransport(InetSocketAddress address, String serverName, Limits limits, WebFiles webFiles,
            OriginPolicy origins) {
        super(address, Runtime.getRuntime().availableProcessors(),
                List.of(new BoundedMessagesDraft(TRANSPORT_MAX_FRAME_BYTES)));
        this.serverName = serverName;
        this.limits = limits;
        this.webFiles = webFiles;
        this.origins = origins;
        setReuseAddr(true);
        setTcpNoDelay(true);
        setWebSocketFactory(new ConnectionFactory(this, halfOpen));
        // our LivenessPings instead of the library's checker, which pings every connection in the same instant
        setConnectionLostTimeout(0);
        setDaemon(true);
    }

    private void checkLiveness() {
        try {
            livenessPings.tick(getConnections(), System.nanoTime());
        } catch (RuntimeException e) {
            log.error("checking connections' liveness failed; trying again at the next tick", e); // the timer goes on
        }
    }

    /** A shorter round than {@link #PING_ROUND} (tests); before {@link #startAndWait}. */
    void pingRound(Duration round) {
        livenessPings = new LivenessPings(round);
    }

    @Override
    public void onWebsocketPong(WebSocket socket, Framedata frame) {
        super.onWebsocketPong(socket, frame);
        if (socket instanceof FrontConnection connection) {
            connection.ponged(System.nanoTime());
        }
    }

    StrandedWrites strandedWrites() {
        return strandedWrites;
    }

    /** Must be set before {@link #startAndWait}. */
    public void setRoomService(RoomService rooms) {
        this.rooms = rooms;
    }

    /** Starts listening and waits until the port is bound, or fails with why not. */
    public void startAndWait(long timeoutMs) throws Exception {
        start();
        try {
            started.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the WebSocket server did not start within " + timeoutMs + " ms");
        }
    }

    @Override
    public PeerGroup newGroup() {
        return new WsPeerGroup();
    }

    @Override
    public void onStart() {
        strandedWrites.start();
        cuts.scheduleWithFixedDelay(() -> halfOpen.closeOverdue(System.nanoTime()), 500, 500, TimeUnit.MILLISECONDS);
        long tickNanos = livenessPings.tickEvery().toNanos();
        cuts.scheduleAtFixedRate(this::checkLiveness, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
        started.complete(null);
    }

    @Override
    public void onOpen(WebSocket socket, ClientHandshake handshake) {
        if (socket instanceof FrontConnection connection) {
            halfOpen.done(connection);
        }
        session(socket);
    }

    /** A request head read on this port: a WebSocket from an allowed origin goes on (null), the rest is answered. */
    @Override
    public byte[] answer(HttpHead head) {
        if (!head.wantsWebSocket()) {
            return webFiles.answer(head);
        }
        if (!origins.allows(head.header("origin"), head.header("host"))) {
            log.info("refused a WebSocket from the page at {}", head.header("origin"));
            return WebFiles.refusal(403, "Forbidden", "WebSockets from this page's site are not accepted.");
        }
        return null;
    }

    @Override
    public byte[] refuse(int status, String reason, String sentence) {
        return WebFiles.refusal(status, reason, sentence);
    }

    @Override
    public void answered(FrontConnection connection) {
        halfOpen.answering(connection, System.nanoTime());
    }

    @Override
    public void closed(FrontConnection connection) {
        halfOpen.done(connection);
    }

    /** Connections accepted whose handshake is not finished (tests). */
    int halfOpenCount() {
        return halfOpen.size();
    }

    /**
     * The connection's session, made on first use: a frame must never be dropped because the attachment set in
     * onOpen is not (yet) visible on the thread that decodes it — the attachment field is a plain one.
     */
    private Session session(WebSocket socket) {
        synchronized (socket) {
            Session session = socket.getAttachment();
            if (session == null) {
                session = new Session(socket,
                        new RateLimiter(limits.messagesPerSecond(), limits.burst(), System.nanoTime()), MAX_QUEUED_FRAMES,
                        MAX_WAITING_BYTES, strandedWrites);
                socket.setAttachment(session);
            }
            return session;
        }
    }

    @Override
    public void onMessage(WebSocket socket, String frame) {
        Session session = session(socket);
        if (session.isCut()) {
            return; // read only so that the close stays clean (Session#cut)
        }
        long waitMs = session.limiter.take(System.nanoTime());
        if (waitMs > 0) {
            if (session.limiter.refusedInARow() >= limits.closeAfter()) {
                session.cut("Too many messages.", cuts, CUT_DEADLINE);
                return;
            }
            // named, so that a client with several requests in flight knows which one to resend, and when
            session.send(Codec.write(new ServerMessage.Error(Codec.requestIdOf(frame), ErrorCode.RATE_LIMITED,
                    "Slow down: too many messages.", waitMs)));
            return;
        }
        Request request;
        try {
            request = Codec.readRequest(frame);
        } catch (Codec.BadRequest e) {
            session.send(Codec.write(new ServerMessage.Error(e.requestId(), ErrorCode.BAD_REQUEST, e.getMessage())));
            return;
        }
        try {
            dispatch(session, request);
        } catch (RuntimeException e) {
            log.error("request {} failed", request.getClass().getSimpleName(), e);
            session.send(Codec.write(new ServerMessage.Error(request.requestId(), ErrorCode.INTERNAL,
                    "Something went wrong on the server.")));
        }
    }

    private void dispatch(Session session, Request request) {
        if (request instanceof Request.Hello hello) {
            if (hello.protocol() != Protocol.VERSION) {
                session.send(Codec.write(new ServerMessage.Error(hello.requestId(), ErrorCode.BAD_REQUEST,
                        "This server speaks protocol " + Protocol.VERSION + "; please update the app.")));
                return;
            }
            session.greet();
            session.send(Codec.write(new ServerMessage.Ack(hello.requestId(), null,
                    Codec.tree(new Results.Hello(Protocol.VERSION, serverName)))));
        } else if (!session.greeted()) {
            session.send(Codec.write(new ServerMessage.Error(request.requestId(), ErrorCode.BAD_REQUEST,
                    "Send hello first.")));
        } else if (request instanceof Request.Ping ping) {
            session.send(Codec.write(new ServerMessage.Ack(ping.requestId(), null, null)));
        } else {
            rooms.handle(session, request);
        }
    }

    @Override
    public void onMessage(WebSocket socket, ByteBuffer message) {
        session(socket).send(Codec.write(new ServerMessage.Error(null, ErrorCode.BAD_REQUEST,
                "Only JSON text frames are accepted.")));
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean remote) {
        if (rooms != null) {
            rooms.disconnected(session(socket));
        }
    }

    @Override
    public void onError(WebSocket socket, Exception e) {
        if (socket == null) {
            // The server itself failed, typically the port could not be bound.
            if (!started.completeExceptionally(e)) {
                log.error("WebSocket server error", e);
            }
            return;
        }
        if (e instanceof java.io.IOException) {
            log.debug("connection {} error: {}", socket.getRemoteSocketAddress(), e.toString());
        } else {
            // not a network hiccup: a bug in our handler or the library, which otherwise vanishes silently
            log.warn("connection {} failed", socket.getRemoteSocketAddress(), e);
        }
    }

    /**
     * Drops every connection without a close frame (as a killed process would: the clients see the connection
     * end abnormally) and stops listening. For tests of a node's death.
     */
    public void halt() {
        for (WebSocket socket : List.copyOf(getConnections())) {
            if (socket instanceof org.java_websocket.WebSocketImpl impl) {
                impl.closeConnection(CloseFrame.ABNORMAL_CLOSE, "halted");
            }
        }
        shutdown();
    }

    /** Stops accepting, closes every connection with "going away", and waits for the I/O threads. */
    public void shutdown() {
        cuts.shutdownNow(); // no pings or cuts while the connections close
        try {
            stop(2000, "The party's server is shutting down.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedSelectorException e) {
            // The library's race: its selector thread saw the stop and closed its selector (and the connections)
            // while stop() was still queueing "going away" frames. The connections are closed either way.
            log.debug("stopped while the selector was closing: {}", e.toString());
        } finally {
            strandedWrites.stop();
            log.debug("{} stranded write queue(s) woken while running", strandedWrites.rescued());
        }
    }
}
