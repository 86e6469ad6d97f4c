package app.queued.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.queued.client.ConnectionStatus;
import app.queued.client.QueuedClient;
import app.queued.client.RoomView;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TcpProxy;
import app.queued.server.testing.TestServer;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real client library against the real server, through a network path the test can cut: the client rides
 * out the outage, catches up exactly, and a vote made while offline is applied once.
 */
class ClientReconnectTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientCutOffCatchesUpExactlyAndItsOfflineVoteCountsOnce() throws Exception {
        Results.RoomCreated room = server.createRoom("Flaky Wi-Fi");
        try (TcpProxy wifi = new TcpProxy(server.server().port());
             RawClient ben = RawClient.guest(server.uri(), room.joinCode(), "Ben");
             QueuedClient ana = QueuedClient.builder(URI.create("ws://127.0.0.1:" + wifi.port()))
                     .clientName("test").backoff(Duration.ofMillis(50), Duration.ofMillis(300)).build()) {
            ana.connect().get(5, TimeUnit.SECONDS);
            Results.Joined joined = ana.joinAsGuest(room.joinCode(), "Ana", null).get(5, TimeUnit.SECONDS);
            long first = ana.add("dQw4w9WgXcQ").get(5, TimeUnit.SECONDS).trackId();
            long second = VotePathTestAccess.add(ben, "kJQP7kiw5Fk");
            VotePathTestAccess.vote(ben, second, 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> ana.view().queue().size() == 2
                    && ana.view().queue().get(0).id() == second);

            wifi.block();
            await().atMost(Duration.ofSeconds(5)).until(() -> ana.status() == ConnectionStatus.RECONNECTING);
            CompletableFuture<ServerMessage.Ack> offlineVote = ana.vote(first, 1);
            VotePathTestAccess.vote(ben, first, 1);
            VotePathTestAccess.vote(ben, second, -1);
            long third = VotePathTestAccess.add(ben, "fJ9rUzIMcZQ");

            wifi.unblock();
            ServerMessage.Ack ack = offlineVote.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> ana.status() == ConnectionStatus.CONNECTED);
            long last = server.lastSeq(room.roomId());
            await().atMost(Duration.ofSeconds(5)).until(() -> ana.view().seq() == last);
            ben.awaitState(s -> s.seq() == last);

            RoomView view = ana.view();
            assertThat(view.queue()).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(ben.view().orderedQueue());
            assertThat(view.queue().get(0).id()).isEqualTo(first);
            assertThat(view.queue().get(0).score()).as("Ben's and Ana's upvotes, each once").isEqualTo(2);
            assertThat(view.myVote(first)).isEqualTo(1);
            assertThat(view.queue()).extracting(t -> t.id()).contains(third);
            assertThat(ack.seq()).isLessThanOrEqualTo(last);
            assertThat(ana.joined()).contains(joined);
        }
    }
}
