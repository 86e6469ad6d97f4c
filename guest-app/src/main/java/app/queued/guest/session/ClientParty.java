package app.queued.guest.session;

import app.queued.client.ClientListener;
import app.queued.client.ConnectionStatus;
import app.queued.client.QueuedClient;
import app.queued.client.RequestFailedException;
import app.queued.client.RoomView;
import app.queued.fx.UiThread;
import app.queued.protocol.Change;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Party} on the real client library. The client's callback thread never touches the UI: it keeps the
 * newest view and asks the UI thread to take it — at most one such request is queued at a time, so a burst of
 * events costs one repaint, however slow the UI thread is.
 */
public final class ClientParty implements Party, ClientListener {

    /**
     * Client tuning; tests shorten the backoff. The request time-out is long on purpose: a vote made while the
     * Wi-Fi is down waits in the client and goes out (with its id, so at most once) when the connection is back;
     * a short time-out would drop it. A dead connection is noticed by the client's own pings, not by this.
     */
    public record Settings(String clientName, Duration backoffInitial, Duration backoffMax, Duration requestTimeout) {
        public static Settings defaults() {
            return new Settings("Queued guest app 0.1", Duration.ofMillis(200), Duration.ofSeconds(5),
                    Duration.ofSeconds(60));
        }
    }

    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(20);

    private final UiThread ui;
    private final String serverKey;
    private final URI server;
    private final AtomicReference<RoomView> latest = new AtomicReference<>(RoomView.EMPTY);
    private final AtomicBoolean viewQueued = new AtomicBoolean();
    private volatile QueuedClient client;
    private volatile PartyListener listener;

    private ClientParty(UiThread ui, URI server) {
        this.ui = ui;
        this.serverKey = ServerAddress.key(server);
        this.server = server;
    }

    /** The joiner the app uses: a new client per join. */
    public static PartyJoiner joiner(Settings settings, UiThread ui) {
        return (server, code, nickname, token) -> {
            ClientParty party = new ClientParty(ui, server);
            QueuedClient client = QueuedClient.builder(server)
                    .listener(party)
                    .clientName(settings.clientName())
                    .backoff(settings.backoffInitial(), settings.backoffMax())
                    .requestTimeout(settings.requestTimeout())
                    .build();
            party.client = client;
            // The join screen should not spin for the whole request time-out when a server does not answer.
            CompletableFuture<Party> joined = client.connect()
                    .thenCompose(hello -> client.joinAsGuest(code, nickname, token))
                    .thenApply(ok -> (Party) party)
                    .orTimeout(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            joined.whenComplete((ok, failure) -> {
                if (failure != null) {
                    client.close();
                }
            });
            return joined;
        };
    }

    @Override
    public Results.Joined joined() {
        return client.joined().orElseThrow();
    }

    @Override
    public String serverKey() {
        return serverKey;
    }

    @Override
    public URI server() {
        return server;
    }

    @Override
    public RoomView view() {
        return client.view();
    }

    @Override
    public ConnectionStatus status() {
        return client.status();
    }

    @Override
    public Comparator<Track> queueOrder() {
        return client.queueOrder();
    }

    @Override
    public Optional<RequestFailedException> endCause() {
        return client.closeCause();
    }

    @Override
    public void listen(PartyListener newListener) {
        this.listener = newListener;
    }

    @Override
    public CompletableFuture<ServerMessage.Ack> vote(long trackId, int value) {
        return client.vote(trackId, value);
    }

    @Override
    public CompletableFuture<ServerMessage.Ack> skipVote(long trackId) {
        return client.send(new Request.SkipVote(client.nextRequestId(), trackId));
    }

    @Override
    public CompletableFuture<Results.Added> add(String videoIdOrLink) {
        return client.add(videoIdOrLink);
    }

    @Override
    public CompletableFuture<Results.SearchResults> search(String query) {
        return client.search(query);
    }

    @Override
    public void leave() {
        listener = null;
        client.close();
    }

    // ---- the client's callback thread

    @Override
    public void onRoomChanged(RoomView view) {
        latest.set(view);
        if (viewQueued.compareAndSet(false, true)) {
            ui.run(() -> {
                viewQueued.set(false);
                PartyListener target = listener;
                if (target != null) {
                    target.roomChanged(latest.get());
                }
            });
        }
    }

    @Override
    public void onStatus(ConnectionStatus status, String detail) {
        ui.run(() -> {
            PartyListener target = listener;
            if (target != null) {
                target.statusChanged(status);
            }
        });
    }

    /**
     * The room says the party is over for us: the host closed it, or banned this guest. The server closes the
     * connection next and a rejoin would be refused, so the client is closed instead of reconnecting.
     */
    @Override
    public void onEvent(ServerMessage.Event event) {
        String sentence = null;
        if (event.change() instanceof Change.RoomClosed) {
            sentence = Sentences.ROOM_CLOSED;
        } else if (event.change() instanceof Change.GuestBanned banned
                && client.joined().map(j -> j.guestId() == banned.guestId()).orElse(false)) {
            sentence = Sentences.REMOVED;
        }
        if (sentence != null) {
            String why = sentence;
            ui.run(() -> {
                PartyListener target = listener;
                if (target != null) {
                    target.ended(why);
                }
            });
            client.close();
        }
    }

    @Override
    public void onServerError(ServerMessage.Error error) {
        ui.run(() -> {
            PartyListener target = listener;
            if (target != null) {
                target.serverError(error);
            }
        });
    }
}
