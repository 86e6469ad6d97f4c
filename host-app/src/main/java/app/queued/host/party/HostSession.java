package app.queued.host.party;

import app.queued.client.ClientListener;
import app.queued.client.ConnectionStatus;
import app.queued.client.QueuedClient;
import app.queued.client.RoomView;
import app.queued.protocol.Codec;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import java.util.List;
import app.queued.protocol.RoomRules;
import app.queued.protocol.ServerMessage;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The host in its room: the shared {@link QueuedClient} joined with the host token, over loopback to this app's own
 * server. Room changes are coalesced (a burst of votes becomes one screen update) and handed to {@code onView} on
 * the client's callback thread; the caller moves them to the UI thread.
 */
public final class HostSession implements HostLink, AutoCloseable {
    private final QueuedClient client;
    private final AtomicReference<RoomView> latest = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /**
     * @param onView   gets the newest room view; called on the client's thread
     * @param onStatus gets connection changes (reconnecting, closed) with a detail sentence
     * @param onEvent  gets every applied event (e.g. presence changes that need the member list refreshed)
     * @param post     runs a task later on the UI thread (coalescing happens before it)
     */
    public HostSession(URI server, Consumer<RoomView> onView, BiConsumer<ConnectionStatus, String> onStatus,
                       Consumer<ServerMessage.Event> onEvent, Consumer<Runnable> post) {
        this.client = QueuedClient.builder(server)
                .clientName("Queued host app")
                .listener(new ClientListener() {
                    @Override
                    public void onStatus(ConnectionStatus status, String detail) {
                        onStatus.accept(status, detail);
                    }

                    @Override
                    public void onRoomChanged(RoomView view) {
                        latest.set(view);
                        if (scheduled.compareAndSet(false, true)) {
                            post.accept(() -> {
                                scheduled.set(false);
                                RoomView newest = latest.get();
                                if (newest != null) {
                                    onView.accept(newest);
                                }
                            });
                        }
                    }

                    @Override
                    public void onEvent(ServerMessage.Event event) {
                        onEvent.accept(event);
                    }
                })
                .build();
    }

    /** Connects and joins as host; completes with the join answer. */
    public CompletableFuture<Results.Joined> open(String hostToken) {
        return client.connect().thenCompose(hello -> client.joinAsHost(hostToken));
    }

    public QueuedClient client() {
        return client;
    }

    @Override
    public CompletableFuture<?> vote(long trackId, int value) {
        return client.vote(trackId, value);
    }

    @Override
    public CompletableFuture<Results.Added> add(String linkOrVideoId) {
        return client.add(linkOrVideoId);
    }

    @Override
    public CompletableFuture<?> remove(long trackId) {
        return client.remove(trackId);
    }

    @Override
    public CompletableFuture<?> skip(Long currentTrackId) {
        return client.skip(currentTrackId);
    }

    @Override
    public CompletableFuture<Results.SearchResults> search(String query) {
        return client.search(query);
    }

    @Override
    public CompletableFuture<?> setRules(RoomRules rules) {
        return client.send(new Request.SetRules(client.nextRequestId(), rules));
    }

    @Override
    public CompletableFuture<?> ban(long guestId, boolean removeTracks) {
        return client.send(new Request.Ban(client.nextRequestId(), guestId, removeTracks));
    }

    @Override
    public CompletableFuture<?> unban(long guestId) {
        return client.send(new Request.Unban(client.nextRequestId(), guestId));
    }

    @Override
    public CompletableFuture<Results.Members> members() {
        return client.send(new Request.Members(client.nextRequestId()))
                .thenApply(ack -> Codec.result(ack, Results.Members.class));
    }

    @Override
    public CompletableFuture<?> setRole(long guestId, Role role) {
        return client.send(new Request.SetRole(client.nextRequestId(), guestId, role));
    }

    @Override
    public CompletableFuture<Results.History> history() {
        return client.send(new Request.History(client.nextRequestId()))
                .thenApply(ack -> Codec.result(ack, Results.History.class));
    }

    @Override
    public CompletableFuture<Results.FallbackSet> setFallback(String source, List<String> links) {
        return client.send(new Request.SetFallback(client.nextRequestId(), source, links))
                .thenApply(ack -> Codec.result(ack, Results.FallbackSet.class));
    }

    @Override
    public CompletableFuture<?> closeRoom() {
        return client.send(new Request.CloseRoom(client.nextRequestId()));
    }

    /** Returns at once; the client's threads end shortly after. */
    @Override
    public void close() {
        client.close();
    }
}
