package app.queued.client;

import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Protocol;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link QueuedClient}. Everything that reads or changes the connection runs on one thread
 * ({@code queued-client-N}): socket callbacks, callers' requests and timers are all posted to it, so none of them
 * interleave and the fields below need no locks. Caller code never runs here; see {@link ListenerDispatcher}.
 *
 * <p>A connection goes OPENING → GREETING (hello) → REJOINING (join with the saved credentials and
 * {@code lastSeq}, only once the client has joined a room) → READY (pending requests go out). When it drops, a new
 * one is opened after a backoff; when the server refuses us for good, or {@link #close()} is called, the phase is
 * CLOSED and stays so. With several server addresses, each new connection goes to the next one.
 */
final class ClientLoop implements ServerLink.Handler {
    private static final Logger log = LoggerFactory.getLogger(ClientLoop.class);
    private static final AtomicInteger CLIENT_NUMBERS = new AtomicInteger();
    /** How long a polite close may wait for the server's closing handshake before the socket is simply dropped. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
    /** Refusals worth retrying on the next connection; any other refusal of hello or rejoin is final. */
    private static final Set<ErrorCode> TRANSIENT = EnumSet.of(
            ErrorCode.UNAVAILABLE, ErrorCode.RATE_LIMITED, ErrorCode.INTERNAL, ErrorCode.OUTCOME_UNKNOWN);
    /** How long after an {@code outcome_unknown} the request is asked about again (same id). */
    static final Duration RESEND_UNKNOWN_AFTER = Duration.ofMillis(500);

    private enum Phase { IDLE, OPENING, GREETING, REJOINING, READY, CLOSED }

    private final ClientConfig config;
    private final RequestIds ids;
    private final ScheduledThreadPoolExecutor loop;
    private final ListenerDispatcher callbacks;
    private final PendingRequests pending;
    private final RoomMirror room = new RoomMirror();
    private final Backoff backoff;
    private final CompletableFuture<Results.Hello> greeted = new CompletableFuture<>();

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private volatile ConnectionStatus status = ConnectionStatus.CONNECTING;
    private volatile Results.Joined joined;
    private volatile RequestFailedException closeCause;

    // Confined to the loop thread.
    private Phase phase = Phase.IDLE;
    private ConnectionStatus announced;
    private ServerLink link;
    private String handshakeRequestId;
    private Future<?> handshakeTimer;
    private Future<?> reconnectTimer;
    private String resumeRequestId;
    private Future<?> resumeTimer;
    private Rejoin rejoin;
    private boolean everReady;
    private int failedAttempts;
    // Which of the configured addresses the current (or next) connection uses.
    private int server;
    private int firstRoundFailures;
    private boolean viewPublishQueued;
    private ServerLink closingLink;
    private Future<?> closeGraceTimer;
    private boolean finished;

    ClientLoop(ClientConfig config, RequestIds ids) {
        this.config = config;
        this.ids = ids;
        String threadName = "queued-client-" + CLIENT_NUMBERS.incrementAndGet();
        this.loop = new ScheduledThreadPoolExecutor(1, new NamedThreads(threadName));
        this.loop.setRemoveOnCancelPolicy(true);
        this.callbacks = new ListenerDispatcher(config.listener(), threadName + "-callbacks");
        this.pending = new PendingRequests(config.maxPending());
        this.backoff = new Backoff(config.backoffInitial(), config.backoffMax(), new SplittableRandom());
    }

    // ---- any thread

    CompletableFuture<Results.Hello> connect() {
        if (started.compareAndSet(false, true)) {
            post(this::openFirstLink);
        }
        return greeted.copy();
    }

    CompletableFuture<ServerMessage.Ack> send(Request request) {
        CompletableFuture<ServerMessage.Ack> future = new CompletableFuture<>();
        if (closeRequested.get() || !post(() -> enqueue(request, future))) {
            future.completeExceptionally(closedFailure());
        }
        return future;
    }

    void close() {
        if (closeRequested.compareAndSet(false, true)) {
            post(() -> shutDown("closed by the client", closedFailure()));
        }
    }

    ConnectionStatus status() {
        return status;
    }

    Optional<Results.Joined> joined() {
        return Optional.ofNullable(joined);
    }

    Optional<RequestFailedException> closeCause() {
        return Optional.ofNullable(closeCause);
    }

    RoomView view() {
        return room.view();
    }

    java.util.Comparator<app.queued.protocol.Track> queueOrder() {
        return room.order();
    }

    // ---- Java-WebSocket threads: hand over and return

    @Override
    public void opened(ServerLink from) {
        post(() -> onOpened(from));
    }

    @Override
    public void received(ServerLink from, String frame) {
        ServerMessage message = parse(frame);
        if (message != null) {
            post(() -> onMessage(from, message));
        }
    }

    @Override
    public void closed(ServerLink from, String reason) {
        post(() -> onClosed(from, reason));
    }

    private static ServerMessage parse(String frame) {
        try {
            ServerMessage message = Codec.readServer(frame);
            if (message == null) {
                log.warn("ignoring an empty frame from the server");
            }
            return message;
        } catch (RuntimeException e) {
            log.warn("ignoring a frame the client cannot read: {}", e.getMessage());
            return null;
        }
    }

    // ---- loop thread: connection lifecycle

    private void openFirstLink() {
        if (phase != Phase.IDLE) {
            return;
        }
        setStatus(ConnectionStatus.CONNECTING, "connecting to " + serverUri());
        openLink();
    }

    private void openLink() {
        reconnectTimer = null;
        if (phase == Phase.CLOSED) {
            return;
        }
        ServerLink fresh = new ServerLink(serverUri(), millis(config.connectTimeout()),
                config.connectionLostTimeoutSeconds(), this);
        link = fresh;
        phase = Phase.OPENING;
        handshakeTimer = schedule(() -> onHandshakeTimeout(fresh, "opening the connection"), config.connectTimeout());
        fresh.connect();
    }

    private void onOpened(ServerLink from) {
        if (from != link || phase != Phase.OPENING) {
            return;
        }
        phase = Phase.GREETING;
        handshakeRequestId = ids.next();
        restartHandshakeTimer("hello");
        link.trySend(Codec.write(new Request.Hello(handshakeRequestId, Protocol.VERSION, config.clientName())));
    }

    private void onHandshakeAck(ServerMessage.Ack ack) {
        if (phase == Phase.GREETING) {
            Results.Hello hello = readResult(ack, Results.Hello.class);
            if (hello == null) {
                linkLost(link, "the server's answer to hello was unreadable");
                return;
            }
            if (rejoin == null) {
                becomeReady();
            } else {
                phase = Phase.REJOINING;
                handshakeRequestId = ids.next();
                restartHandshakeTimer("join");
                link.trySend(Codec.write(rejoin.request(handshakeRequestId, room.lastSeqOrNull(),
                        room.roomIdOrNull())));
            }
            // After the status: whoever waits on connect() must find the client CONNECTED.
            callbacks.complete(greeted, hello);
        } else if (phase == Phase.REJOINING) {
            Results.Joined again = readResult(ack, Results.Joined.class);
            if (again == null) {
                linkLost(link, "the server's answer to join was unreadable");
                return;
            }
            joined = again;
            if (room.adopt(again.roomId(), again.guestId())) {
                roomChanged();
            }
            becomeReady();
        }
    }

    private void onHandshakeRefused(ServerMessage.Error error) {
        String step = phase == Phase.GREETING ? "hello" : "join";
        if (error.code() != null && TRANSIENT.contains(error.code())) {
            linkLost(link, "the server answered " + step + " with " + error.code().wire() + ": " + error.message());
        } else {
            // Banned, room gone, protocol too old: trying again would get the same answer.
            shutDown(error.message(), RequestFailedException.from(error));
        }
    }

    private void becomeReady() {
        phase = Phase.READY;
        cancel(handshakeTimer);
        handshakeTimer = null;
        handshakeRequestId = null;
        everReady = true;
        failedAttempts = 0;
        setStatus(ConnectionStatus.CONNECTED, "connected to " + serverUri());
        // Original ids: the server answers a request it already applied with its first outcome (invariant I3).
        for (Request request : pending.sendable()) {
            link.trySend(Codec.write(request));
        }
    }

    private void restartHandshakeTimer(String step) {
        cancel(handshakeTimer);
        ServerLink current = link;
        handshakeTimer = schedule(() -> onHandshakeTimeout(current, "waiting for the answer to " + step),
                config.requestTimeout());
    }

    private void onHandshakeTimeout(ServerLink from, String step) {
        if (from == link && phase != Phase.READY && phase != Phase.CLOSED) {
            linkLost(from, "timed out " + step);
        }
    }

    private void onClosed(ServerLink from, String reason) {
        if (phase == Phase.CLOSED) {
            if (from == closingLink) {
                finishShutdown();
            }
            return;
        }
        if (from != link) {
            return;
        }
        link = null;
        connectionLost(reason);
    }

    /** Gives up on a connection that still looks open (unanswered handshake) and carries on without it. */
    private void linkLost(ServerLink from, String reason) {
        link = null;
        from.abandon(reason);
        connectionLost(reason);
    }

    private void connectionLost(String reason) {
        cancel(handshakeTimer);
        handshakeTimer = null;
        handshakeRequestId = null;
        resumeFinished();
        URI failed = serverUri();
        server = (server + 1) % config.serverUris().size();
        if (!everReady) {
            if (++firstRoundFailures < config.serverUris().size()) {
                log.info("could not connect to {} ({}); trying {}", failed, reason, serverUri());
                phase = Phase.IDLE;
                openLink();
                return;
            }
            // Every address failed: most likely a wrong one; tell the caller instead of retrying forever.
            String detail = "could not connect to " + (config.serverUris().size() == 1 ? failed
                    : "any of " + config.serverUris()) + ": " + reason;
            shutDown(detail, new RequestFailedException(ErrorCode.UNAVAILABLE, detail));
            return;
        }
        phase = Phase.IDLE;
        setStatus(ConnectionStatus.RECONNECTING, reason);
        Duration delay = backoff.delay(failedAttempts++);
        log.info("{}; reconnecting to {} in {} ms", reason, serverUri(), delay.toMillis());
        reconnectTimer = schedule(this::openLink, delay);
    }

    private void shutDown(String detail, RuntimeException failure) {
        if (phase == Phase.CLOSED) {
            return;
        }
        closeRequested.set(true);
        phase = Phase.CLOSED;
        // Before the status: a listener hearing CLOSED must find the reason.
        closeCause = failure instanceof RequestFailedException refusal ? refusal
                : new RequestFailedException(ErrorCode.UNAVAILABLE, detail);
        cancel(handshakeTimer);
        cancel(reconnectTimer);
        resumeFinished();
        handshakeRequestId = null;
        // Status first: a caller woken by a failed future must already see CLOSED.
        setStatus(ConnectionStatus.CLOSED, detail);
        for (PendingRequests.Entry entry : pending.drain()) {
            callbacks.fail(entry.future(), failure);
        }
        callbacks.fail(greeted, failure);
        closingLink = link;
        link = null;
        if (closingLink != null && closingLink.isOpen()) {
            closingLink.close();
            closeGraceTimer = schedule(this::finishShutdown, CLOSE_GRACE);
        } else {
            finishShutdown();
        }
    }

    private void finishShutdown() {
        if (finished) {
            return;
        }
        finished = true;
        cancel(closeGraceTimer);
        if (closingLink != null && !closingLink.isClosed()) {
            closingLink.abandon("client closed");
        }
        callbacks.shutdown();
        loop.shutdown();
    }

    // ---- loop thread: messages

    private void onMessage(ServerLink from, ServerMessage message) {
        if (from != link || phase == Phase.CLOSED) {
            return;
        }
        if (message instanceof ServerMessage.Ack ack) {
            onAck(ack);
        } else if (message instanceof ServerMessage.Error error) {
            onError(error);
        } else if (message instanceof ServerMessage.Snapshot snapshot) {
            onSnapshot(snapshot);
        } else if (message instanceof ServerMessage.Event event) {
            onEvent(event);
        } else if (message instanceof ServerMessage.Events batch) {
            batch.events().forEach(this::onEvent);
        }
    }

    private void onAck(ServerMessage.Ack ack) {
        String id = ack.requestId();
        if (id == null) {
            log.debug("ignoring an ack without a request id");
        } else if (id.equals(handshakeRequestId)) {
            onHandshakeAck(ack);
        } else if (id.equals(resumeRequestId)) {
            resumeFinished();
        } else {
            PendingRequests.Entry entry = pending.answer(id);
            if (entry == null) {
                log.debug("ignoring an ack for request {} which is no longer pending", id);
                return;
            }
            if (entry.request() instanceof Request.Join join) {
                onJoined(join, ack);
            }
            callbacks.complete(entry.future(), ack);
            sendTheVoteThatWaited(entry.request());
        }
    }

    /** After a vote was answered (or given up on), the next vote on its track may go. */
    private void sendTheVoteThatWaited(Request answered) {
        if (answered instanceof Request.Vote vote && phase == Phase.READY) {
            Request next = pending.nextVoteOn(vote.trackId());
            if (next != null) {
                link.trySend(Codec.write(next));
            }
        }
    }

    /**
     * The server refused a request before reading it (rate limit) and said when its turn comes: it stays pending and
     * goes again then, with its id, on the same connection (a new connection resends it anyway).
     */
    private void resendWhenItsTurnComes(PendingRequests.Entry entry, long retryAfterMs) {
        ServerLink current = link;
        schedule(() -> {
            if (link == current && phase == Phase.READY && pending.get(entry.request().requestId()) == entry) {
                link.trySend(Codec.write(entry.request()));
            }
        }, Duration.ofMillis(Math.max(1, retryAfterMs)));
    }

    private void onError(ServerMessage.Error error) {
        String id = error.requestId();
        if (id != null && id.equals(handshakeRequestId)) {
            onHandshakeRefused(error);
            return;
        }
        if (id != null && id.equals(resumeRequestId)) {
            // The next gap starts another resume.
            log.info("the server refused to resume: {}", error.message());
            resumeFinished();
            return;
        }
        if (error.code() == ErrorCode.OUTCOME_UNKNOWN && id != null && pending.contains(id)) {
            // The server lost its database's answer and could not tell whether it saved this: ask again with the same
            // id (it then answers the truth) until the request's own timeout.
            log.info("the server does not know yet whether request {} was saved; asking again", id);
            schedule(() -> resendIfPending(id), RESEND_UNKNOWN_AFTER);
            return;
        }
        if (error.code() == ErrorCode.RATE_LIMITED && error.retryAfterMs() != null && id != null
                && pending.get(id) != null) {
            resendWhenItsTurnComes(pending.get(id), error.retryAfterMs());
            callbacks.serverError(error); // an app may still want to say "slow down"
            return;
        }
        PendingRequests.Entry entry = id == null ? null : pending.answer(id);
        if (entry == null) {
            callbacks.serverError(error);
        } else {
            callbacks.fail(entry.future(), RequestFailedException.from(error));
            sendTheVoteThatWaited(entry.request());
        }
    }

    private void resendIfPending(String requestId) {
        Request request = pending.request(requestId);
        if (request != null && phase == Phase.READY) {
            link.trySend(Codec.write(request)); // when not ready, the reconnect resends every pending request
        }
    }

    private void onJoined(Request.Join join, ServerMessage.Ack ack) {
        Results.Joined result = readResult(ack, Results.Joined.class);
        if (result == null) {
            return;
        }
        joined = result;
        rejoin = Rejoin.after(join, result);
        if (room.adopt(result.roomId(), result.guestId())) {
            roomChanged();
        }
    }

    private void onSnapshot(ServerMessage.Snapshot snapshot) {
        if (room.applySnapshot(snapshot)) {
            roomChanged();
        } else {
            log.debug("ignoring a snapshot at seq {}, older than ours", snapshot.seq());
        }
    }

    private void onEvent(ServerMessage.Event event) {
        switch (room.apply(event)) {
            case APPLIED -> {
                callbacks.event(event);
                roomChanged();
            }
            case DUPLICATE -> log.trace("ignoring event {}: already applied", event.seq());
            case GAP -> onGap(event);
        }
    }

    /** Invariant I4: a client that sees a gap resumes — once; the replay brings the events dropped meanwhile. */
    private void onGap(ServerMessage.Event event) {
        if (!room.hasSnapshot() || phase != Phase.READY || resumeRequestId != null) {
            // No snapshot yet (one follows the join), a rejoin in progress, or a resume already on its way.
            return;
        }
        long lastSeq = room.seq();
        String id = ids.next();
        resumeRequestId = id;
        log.debug("event {} arrived after {}; resuming", event.seq(), lastSeq);
        resumeTimer = schedule(() -> {
            if (id.equals(resumeRequestId)) {
                log.info("no answer to resume within {} ms", config.requestTimeout().toMillis());
                resumeRequestId = null;
            }
        }, config.requestTimeout());
        link.trySend(Codec.write(new Request.Resume(id, lastSeq)));
    }

    private void resumeFinished() {
        cancel(resumeTimer);
        resumeTimer = null;
        resumeRequestId = null;
    }

    /** Reports the room once per burst of changes: a replay of 500 events should not repaint 500 times. */
    private void roomChanged() {
        if (!viewPublishQueued) {
            viewPublishQueued = post(() -> {
                viewPublishQueued = false;
                callbacks.roomChanged(room.view());
            });
        }
    }

    // ---- loop thread: requests

    private void enqueue(Request request, CompletableFuture<ServerMessage.Ack> future) {
        if (phase == Phase.CLOSED) {
            callbacks.fail(future, closedFailure());
            return;
        }
        String id = request.requestId();
        if (pending.contains(id) || id.equals(handshakeRequestId) || id.equals(resumeRequestId)) {
            callbacks.fail(future, new RequestFailedException(ErrorCode.BAD_REQUEST,
                    "request id " + id + " is already waiting for an answer"));
            return;
        }
        if (pending.isFull()) {
            callbacks.fail(future, new RequestFailedException(ErrorCode.UNAVAILABLE,
                    config.maxPending() + " requests are already waiting for the server"));
            return;
        }
        Future<?> timeout = schedule(() -> onRequestTimeout(request, future), config.requestTimeout());
        pending.add(new PendingRequests.Entry(request, future, timeout));
        if (phase == Phase.READY && !pending.waitsForAnEarlierVote(request)) {
            link.trySend(Codec.write(request));
        }
    }

    private void onRequestTimeout(Request request, CompletableFuture<ServerMessage.Ack> future) {
        boolean wasSent = !pending.waitsForAnEarlierVote(request); // a vote still held back frees nothing
        if (pending.expire(request.requestId(), future)) {
            callbacks.fail(future, new TimeoutException("no answer to " + request.getClass().getSimpleName()
                    + " " + request.requestId() + " within " + config.requestTimeout().toMillis() + " ms"));
            if (wasSent) {
                sendTheVoteThatWaited(request);
            }
        }
    }

    // ---- helpers

    private URI serverUri() {
        return config.serverUris().get(server);
    }

    private void setStatus(ConnectionStatus next, String detail) {
        status = next;
        if (announced != next) {
            announced = next;
            log.debug("{}: {}", next, detail);
            callbacks.status(next, detail);
        }
    }

    private static <T> T readResult(ServerMessage.Ack ack, Class<T> type) {
        try {
            return Codec.result(ack, type);
        } catch (IllegalArgumentException e) {
            log.warn("unreadable {} from the server: {}", type.getSimpleName(), e.getMessage());
            return null;
        }
    }

    private static RequestFailedException closedFailure() {
        return new RequestFailedException(ErrorCode.UNAVAILABLE, "the client is closed");
    }

    private boolean post(Runnable task) {
        try {
            loop.execute(guarded(task));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private Future<?> schedule(Runnable task, Duration delay) {
        try {
            return loop.schedule(guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** A scheduled executor swallows a task's exception silently; log it, and keep the loop alive. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("bug in the client loop", e);
            }
        };
    }

    private static void cancel(Future<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(duration.toMillis(), Integer.MAX_VALUE);
    }
}
