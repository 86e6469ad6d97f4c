package app.queued.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.Change;
import app.queued.protocol.Codec;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.server.store.RoomStore;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 32 real clients race thousands of votes, vote changes and adds on the same few tracks; afterwards the database
 * and every client must agree exactly (invariants I1, I2, I4, I5).
 */
class ConcurrentVotesTest {
    static final int CLIENTS = 32;
    static final int REQUESTS_PER_CLIENT = 150;
    static final String[] VIDEOS = {"dQw4w9WgXcQ", "kJQP7kiw5Fk", "fJ9rUzIMcZQ", "9bZkp7q19f0", "HgzGwKwLmgM",
        "NUsoVlDFqZg", "4m1EFMoRFvY", "YqeW9_5kURI"};

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One request as sent, and what came back. */
    record Sent(long guestId, Request request) {
    }

    @Test
    void racingClientsEndInTheSameExactStateAsTheDatabase() throws Exception {
        Results.RoomCreated room = server.createRoom("Race");
        List<RawClient> clients = new ArrayList<>();
        List<Long> guestIds = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < CLIENTS; i++) {
                RawClient client = RawClient.greeted(server.uri());
                Results.Joined joined = client.join(new Request.Join(client.nextId(), room.joinCode(), "g" + i,
                        null, null, null));
                clients.add(client);
                guestIds.add(joined.guestId());
            }
            // the first four videos are queued before the race; the rest get added (and re-added) during it
            List<Long> tracks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ServerMessage.Ack ack = (ServerMessage.Ack) clients.get(i).request(
                        new Request.Add(clients.get(i).nextId(), VIDEOS[i]));
                tracks.add(Codec.result(ack, Results.Added.class).trackId());
            }

            List<Future<List<Sent>>> runs = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                RawClient client = clients.get(i);
                long guestId = guestIds.get(i);
                Random random = new Random(1000 + i);
                runs.add(pool.submit(() -> {
                    List<Sent> sent = new ArrayList<>();
                    for (int n = 0; n < REQUESTS_PER_CLIENT; n++) {
                        Request request = random.nextInt(20) == 0
                                ? new Request.Add(client.nextId(), VIDEOS[random.nextInt(VIDEOS.length)])
                                : new Request.Vote(client.nextId(), tracks.get(random.nextInt(tracks.size())),
                                random.nextInt(3) - 1);
                        client.sendRaw(Codec.write(request));
                        sent.add(new Sent(guestId, request));
                    }
                    return sent;
                }));
            }
            List<Sent> all = new ArrayList<>();
            for (Future<List<Sent>> run : runs) {
                all.addAll(run.get(60, TimeUnit.SECONDS));
            }

            // every request is answered; collect the acknowledged ones by seq
            Map<Long, Sent> ackedBySeq = new HashMap<>();
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                RawClient client = clients.get(i);
                for (Sent sent : all) {
                    if (sent.guestId() != guestIds.get(i)) {
                        continue;
                    }
                    ServerMessage reply = client.awaitReply(sent.request().requestId());
                    if (reply instanceof ServerMessage.Ack ack) {
                        assertThat(ackedBySeq.put(ack.seq(), sent)).as("two acks for seq " + ack.seq()).isNull();
                    } else {
                        errors.add(((ServerMessage.Error) reply).message());
                    }
                }
            }
            assertThat(ackedBySeq.size()).isGreaterThan(all.size() * 9 / 10);

            long lastSeq;
            try (Connection c = server.sql()) {
                lastSeq = server.lastSeq(room.roomId());
                // I1: every score is the sum of its votes
                assertThat(count(c, "SELECT count(*) FROM track t WHERE t.score <> "
                        + "(SELECT COALESCE(sum(v.value), 0) FROM vote v WHERE v.track_id = t.id)")).isZero();
                // I2/I3: every acknowledged request is in the event log exactly at its seq, and nothing else is
                Map<Long, Change> events = events(c, room.roomId());
                assertThat(events.keySet()).as("gap-free seq").hasSize((int) lastSeq);
                for (Map.Entry<Long, Sent> acked : ackedBySeq.entrySet()) {
                    Change change = events.get(acked.getKey());
                    Request request = acked.getValue().request();
                    if (request instanceof Request.Vote vote) {
                        assertThat(change).isEqualTo(new Change.Voted(vote.trackId(), acked.getValue().guestId(),
                                vote.value(), ((Change.Voted) change).score()));
                    } else if (change instanceof Change.Voted upvote) {
                        assertThat(upvote.guestId()).isEqualTo(acked.getValue().guestId());
                        assertThat(upvote.value()).isEqualTo(1);
                    } else {
                        assertThat(change).isInstanceOf(Change.TrackAdded.class);
                    }
                }
                // nothing was applied that was not acknowledged (or applied twice): the race's track and vote
                // events are exactly the acknowledged requests (after the four adds before the race)
                long raceStart = ackedBySeq.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
                assertThat(events.entrySet().stream().filter(e -> e.getKey() >= raceStart)
                        .filter(e -> e.getValue() instanceof Change.Voted || e.getValue() instanceof Change.TrackAdded)
                        .map(Map.Entry::getKey).sorted().toList())
                        .isEqualTo(ackedBySeq.keySet().stream().sorted().toList());
                // each guest's stored vote is the last one the server acknowledged for that track
                Map<String, Integer> lastAcked = new HashMap<>();
                ackedBySeq.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                    if (events.get(e.getKey()) instanceof Change.Voted voted) {
                        lastAcked.put(voted.guestId() + "/" + voted.trackId(), voted.value());
                    }
                });
                assertThat(storedVotes(c)).isEqualTo(lastAcked);

                // I4/I5: every client applied every event without a gap and shows the server's order
                List<Track> serverOrder = RoomStore.queueOrderedBySql(c, room.roomId());
                for (RawClient client : clients) {
                    client.awaitState(s -> s.seq() == lastSeq);
                    assertThat(client.gaps()).isEmpty();
                    assertThat(client.view().orderedQueue()).usingRecursiveFieldByFieldElementComparator()
                            .isEqualTo(serverOrder);
                }
            }
            assertThat(errors).as("refused requests (none expected here)").isEmpty();
        } finally {
            pool.shutdownNow();
            clients.forEach(RawClient::close);
        }
    }

    static int count(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static Map<Long, Change> events(Connection c, long roomId) throws Exception {
        Map<Long, Change> events = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, payload FROM room_event WHERE room_id = ?")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ServerMessage.Event event = (ServerMessage.Event) Codec.readServer(rs.getString(2));
                    assertThat(event.seq()).isEqualTo(rs.getLong(1));
                    events.put(event.seq(), event.change());
                }
            }
        }
        return events;
    }

    static Map<String, Integer> storedVotes(Connection c) throws Exception {
        Map<String, Integer> votes = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT guest_id, track_id, value FROM vote");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                votes.put(rs.getLong(1) + "/" + rs.getLong(2), rs.getInt(3));
            }
        }
        return votes;
    }
}
