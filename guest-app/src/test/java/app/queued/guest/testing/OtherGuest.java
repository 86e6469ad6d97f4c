package app.queued.guest.testing;

import app.queued.client.QueuedClient;
import app.queued.client.RoomView;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Someone else at the party: a real client library connection, driven by the test. */
public final class OtherGuest implements AutoCloseable {
    private static final long WAIT_S = 10;
    private final QueuedClient client;
    private final Results.Joined joined;

    private OtherGuest(QueuedClient client, Results.Joined joined) {
        this.client = client;
        this.joined = joined;
    }

    public static OtherGuest join(URI server, String code, String nickname) throws Exception {
        QueuedClient client = QueuedClient.builder(server).clientName("test other guest")
                .backoff(Duration.ofMillis(50), Duration.ofMillis(300)).build();
        client.connect().get(WAIT_S, TimeUnit.SECONDS);
        Results.Joined joined = client.joinAsGuest(code, nickname, null).get(WAIT_S, TimeUnit.SECONDS);
        return new OtherGuest(client, joined);
    }

    /** The host of the room (may skip, which starts the head of the queue). */
    public static OtherGuest host(URI server, String hostToken) throws Exception {
        QueuedClient client = QueuedClient.builder(server).clientName("test host").build();
        client.connect().get(WAIT_S, TimeUnit.SECONDS);
        Results.Joined joined = client.joinAsHost(hostToken).get(WAIT_S, TimeUnit.SECONDS);
        return new OtherGuest(client, joined);
    }

    public long add(String videoId) throws Exception {
        return client.add(videoId).get(WAIT_S, TimeUnit.SECONDS).trackId();
    }

    public void vote(long trackId, int value) throws Exception {
        client.vote(trackId, value).get(WAIT_S, TimeUnit.SECONDS);
    }

    public CompletableFuture<ServerMessage.Ack> voteAsync(long trackId, int value) {
        return client.vote(trackId, value);
    }

    /** Any request, made with this client's next request id; waits for the ack. */
    public ServerMessage.Ack send(java.util.function.Function<String, app.queued.protocol.Request> request)
            throws Exception {
        return client.send(request.apply(client.nextRequestId())).get(WAIT_S, TimeUnit.SECONDS);
    }

    public void skip() throws Exception {
        client.skip(null).get(WAIT_S, TimeUnit.SECONDS);
    }

    public RoomView view() {
        return client.view();
    }

    public long guestId() {
        return joined.guestId();
    }

    @Override
    public void close() {
        client.close();
    }
}
