package app.queued.client;

import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Protocol;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A connection to a Queued vote server, for the guest and host apps and the benchmark.
 *
 * <p>Every request returns a future that completes with the server's {@code ack}, or fails with a
 * {@link RequestFailedException} (the server's {@code error}, or the client closed) or a
 * {@link java.util.concurrent.TimeoutException} after {@code requestTimeout}. Futures complete on the client's
 * callback thread, after the listener heard about everything received before the answer; never block that thread
 * on them.
 *
 * <p>When the connection drops the client reconnects with backoff, comes back into its room as the same person,
 * catches up on the events it missed and resends every unanswered request with its original id, so nothing is lost
 * or applied twice. Requests made meanwhile wait (up to {@code maxPending}). A request the server refuses with
 * {@code rate_limited} is resent by itself after the wait the server named. A vote waits to be sent until the
 * earlier vote on the same track is answered, so that a person's votes on a track apply in the order they were made
 * even when one of them is resent (protocol section 9.3). Thread-safe.
 *
 * <p>Given several addresses (the nodes of one server sharing a database), the client connects to the first and
 * moves to the next whenever a connection fails or drops; the resume works the same on any node.
 */
public final class QueuedClient implements AutoCloseable {
    private final RequestIds ids = new RequestIds();
    private final ClientLoop loop;

    private QueuedClient(ClientConfig config) {
        this.loop = new ClientLoop(config, ids);
    }

    public static Builder builder(URI serverUri) {
        return new Builder(List.of(Objects.requireNonNull(serverUri, "serverUri")));
    }

    /**
     * A client of several nodes of one server: tried in this order, the next one whenever a connection fails or
     * drops. The first connection fails only once every address failed.
     */
    public static Builder builder(List<URI> serverUris) {
        Objects.requireNonNull(serverUris, "serverUris");
        serverUris.forEach(uri -> Objects.requireNonNull(uri, "serverUris holds null"));
        if (serverUris.isEmpty()) {
            throw new IllegalArgumentException("at least one server address is needed");
        }
        return new Builder(List.copyOf(serverUris));
    }

    /**
     * Opens the connection and greets the server; completes on the {@code hello} ack. Calling it again returns the
     * same outcome. If the first connection cannot be made the client closes (status {@code CLOSED}) and the future
     * fails with {@link ErrorCode#UNAVAILABLE}; once connected, later drops are retried without end.
     */
    public CompletableFuture<Results.Hello> connect() {
        return loop.connect();
    }

    /** Needs the server's admin token; the result carries the host token. */
    public CompletableFuture<Results.RoomCreated> createRoom(String name, String adminToken) {
        return request(() -> new Request.CreateRoom(nextRequestId(), name, adminToken), Results.RoomCreated.class);
    }

    /** Joins with the room code: as a new guest with a nickname, or as a returning one with an earlier guest token. */
    public CompletableFuture<Results.Joined> joinAsGuest(String code, String nickname, String guestTokenOrNull) {
        return request(() -> new Request.Join(nextRequestId(), code, nickname, guestTokenOrNull, null, null),
                Results.Joined.class);
    }

    public CompletableFuture<Results.Joined> joinAsHost(String hostToken) {
        return request(() -> new Request.Join(nextRequestId(), null, null, null, hostToken, null),
                Results.Joined.class);
    }

    /** {@code value} is {@link Protocol#UP}, {@link Protocol#DOWN}, or {@link Protocol#NONE} to take a vote back. */
    public CompletableFuture<ServerMessage.Ack> vote(long trackId, int value) {
        return request(() -> new Request.Vote(nextRequestId(), trackId, value));
    }

    public CompletableFuture<Results.Added> add(String linkOrVideoId) {
        return request(() -> new Request.Add(nextRequestId(), linkOrVideoId), Results.Added.class);
    }

    public CompletableFuture<ServerMessage.Ack> remove(long trackId) {
        return request(() -> new Request.Remove(nextRequestId(), trackId));
    }

    /** Host only. With the current track's id the skip only happens if that track still plays. */
    public CompletableFuture<ServerMessage.Ack> skip(Long currentTrackIdOrNull) {
        return request(() -> new Request.Skip(nextRequestId(), currentTrackIdOrNull));
    }

    public CompletableFuture<Results.SearchResults> search(String query) {
        return request(() -> new Request.Search(nextRequestId(), query), Results.SearchResults.class);
    }

    public CompletableFuture<ServerMessage.Ack> ping() {
        return request(() -> new Request.Ping(nextRequestId()));
    }

    /** Sends any request; the caller made its id (see {@link #nextRequestId()}). A join is remembered for rejoins. */
    public CompletableFuture<ServerMessage.Ack> send(Request request) {
        return loop.send(Objects.requireNonNull(request, "request"));
    }

    /** A request id no other request of this client (or, practically, of any client) uses. */
    public String nextRequestId() {
        return ids.next();
    }

    /** An immutable copy of the room as this client knows it now; {@link RoomView#EMPTY} before the first snapshot. */
    public RoomView view() {
        return loop.view();
    }

    public ConnectionStatus status() {
        return loop.status();
    }

    /**
     * The order the room puts its queue in now ({@link app.queued.room.QueueOrder#comparator}: its rules, and in
     * the fair mode whose tracks played). For a client that re-sorts a changed copy of {@link RoomView#queue()},
     * e.g. to show its own vote before the server confirms it; {@code view().queue()} is already in this order.
     */
    public java.util.Comparator<app.queued.protocol.Track> queueOrder() {
        return loop.queueOrder();
    }

    /** The latest answer to a join (refreshed by every rejoin); empty until the client joined a room. */
    public Optional<Results.Joined> joined() {
        return loop.joined();
    }

    /**
     * Why the client closed, once its status is {@code CLOSED}: the server's final refusal of a rejoin (for example
     * {@link ErrorCode#FORBIDDEN} for a banned guest, {@link ErrorCode#NOT_FOUND} for a room that was closed), or
     * {@link ErrorCode#UNAVAILABLE} when the first connection failed or {@link #close()} was called. Empty while the
     * client is not closed. Set before the listener hears {@code CLOSED}.
     */
    public Optional<RequestFailedException> closeCause() {
        return loop.closeCause();
    }

    /**
     * Closes the connection for good: pending requests fail with {@link ErrorCode#UNAVAILABLE}, the listener hears
     * {@code CLOSED}, and the client's threads end shortly after. Returns at once; safe to call again or from a
     * listener.
     */
    @Override
    public void close() {
        loop.close();
    }

    private CompletableFuture<ServerMessage.Ack> request(Supplier<Request> build) {
        Request request;
        try {
            request = build.get();
        } catch (IllegalArgumentException e) {
            // The same answer the server would give, without the round trip.
            return CompletableFuture.failedFuture(new RequestFailedException(ErrorCode.BAD_REQUEST, e.getMessage()));
        }
        return send(request);
    }

    private <T> CompletableFuture<T> request(Supplier<Request> build, Class<T> resultType) {
        return request(build).thenApply(ack -> Codec.result(ack, resultType));
    }

    /** Settings for a {@link QueuedClient}; every one has a sensible default except the server's address. */
    public static final class Builder {
        private final List<URI> serverUris;
        private ClientListener listener = new ClientListener() {
        };
        private String clientName = "Queued Java client";
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration backoffInitial = Duration.ofMillis(200);
        private Duration backoffMax = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration connectionLostTimeout = Duration.ofSeconds(10);
        private int maxPending = 1000;

        private Builder(List<URI> serverUris) {
            this.serverUris = serverUris;
        }

        public Builder listener(ClientListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Sent in {@code hello} so the server's logs can tell apps apart; null sends none. */
        public Builder clientName(String clientName) {
            this.clientName = clientName;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        /** Reconnect delays: the first retry waits about {@code initial}, each next one twice as long, up to max. */
        public Builder backoff(Duration initial, Duration max) {
            this.backoffInitial = Objects.requireNonNull(initial, "initial");
            this.backoffMax = Objects.requireNonNull(max, "max");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * How often to ping the server; a connection without a pong for 1.5 times this long counts as lost (a
         * laptop that slept, a dropped Wi-Fi). Whole seconds; zero turns the check off.
         */
        public Builder connectionLostTimeout(Duration connectionLostTimeout) {
            this.connectionLostTimeout = Objects.requireNonNull(connectionLostTimeout, "connectionLostTimeout");
            return this;
        }

        /** How many requests may wait for an answer at once; more are refused with {@code unavailable}. */
        public Builder maxPending(int maxPending) {
            this.maxPending = maxPending;
            return this;
        }

        /** @throws IllegalArgumentException if a setting is out of range */
        public QueuedClient build() {
            // Fails now, not on every connection, if the name would make hello invalid.
            new Request.Hello("check", Protocol.VERSION, clientName);
            return new QueuedClient(new ClientConfig(serverUris, clientName, requestTimeout, backoffInitial,
                    backoffMax, connectTimeout, connectionLostTimeout, maxPending, listener));
        }
    }
}
