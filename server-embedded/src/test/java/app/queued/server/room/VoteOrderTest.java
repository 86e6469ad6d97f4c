package app.queued.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.client.QueuedClient;
import app.queued.protocol.Change;
import app.queued.protocol.Codec;
import app.queued.protocol.Protocol;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.server.testing.TestServer;
import app.queued.server.transport.WsTransport;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16.13: a client with several votes in flight on one track, some of them refused by the rate limit and
 * resent, must still have them applied in the order it made them — the Java client keeps one unanswered vote per
 * track, and resends a rate-limited request after its own retryAfterMs.
 */
class VoteOrderTest {
    private static final int[] VALUES = {Protocol.UP, Protocol.DOWN, Protocol.NONE, Protocol.DOWN, Protocol.UP};

    static TestServer server;

    @BeforeAll
    static void start() {
        // a tight limit, so that many of the votes below are refused once and resent
        server = TestServer.start(config -> config.withLimits(new WsTransport.Limits(20, 5, 10_000)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void votesInFlightOnTheSameTrackAreAppliedInTheOrderTheyWereMade() throws Exception {
        Results.RoomCreated room = server.createRoom("In order");
        try (QueuedClient ana = QueuedClient.builder(URI.create("ws://127.0.0.1:" + server.server().port()))
                .clientName("order-test").requestTimeout(Duration.ofSeconds(30)).build()) {
            ana.connect().get(10, TimeUnit.SECONDS);
            long guestId = ana.joinAsGuest(room.joinCode(), "Ana", null).get(10, TimeUnit.SECONDS).guestId();
            List<Long> tracks = new ArrayList<>();
            for (String video : List.of("dQw4w9WgXcQ", "kJQP7kiw5Fk", "fJ9rUzIMcZQ")) {
                tracks.add(ana.add(video).get(10, TimeUnit.SECONDS).trackId());
            }

            Map<Long, List<Integer>> made = new HashMap<>();
            List<CompletableFuture<ServerMessage.Ack>> answers = new ArrayList<>();
            for (int i = 0; i < 15; i++) { // all at once, without waiting for any answer
                for (long track : tracks) {
                    int value = VALUES[(i + (int) track) % VALUES.length];
                    made.computeIfAbsent(track, t -> new ArrayList<>()).add(value);
                    answers.add(ana.vote(track, value));
                }
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            Map<Long, List<Integer>> applied = appliedVotes(room.roomId(), guestId);
            for (long track : tracks) {
                assertThat(applied.get(track)).as("votes on track %d, in the order of the room's events", track)
                        .isEqualTo(made.get(track));
            }
        }
    }

    /** The guest's votes per track, in the order of the room's event log. */
    private static Map<Long, List<Integer>> appliedVotes(long roomId, long guestId) throws Exception {
        Map<Long, List<Integer>> applied = new HashMap<>();
        try (Connection c = server.sql();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT payload FROM room_event WHERE room_id = ? ORDER BY seq")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ServerMessage.Event event = (ServerMessage.Event) Codec.readServer(rs.getString(1));
                    if (event.change() instanceof Change.Voted voted && voted.guestId() == guestId) {
                        applied.computeIfAbsent(voted.trackId(), t -> new ArrayList<>()).add(voted.value());
                    }
                }
            }
        }
        return applied;
    }
}
