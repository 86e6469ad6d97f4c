package app.queued.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.queued.client.ConnectionStatus;
import app.queued.client.QueuedClient;
import app.queued.protocol.Change;
import app.queued.protocol.Codec;
import app.queued.protocol.Person;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.server.store.RoomStore;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Three vote servers in one JVM on one database and one Redis prefix, clients spread over them: every node's
 * screens show every commit in the database's order (the concurrency test's invariants across nodes), presence
 * and moderation reach every node, and a node that dies leaves nothing lost — its clients resume on the others.
 */
class ClusterTest {
    static final String[] VIDEOS = ConcurrentVotesTest.VIDEOS;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void racingClientsOnThreeNodesEndInTheDatabasesExactState() throws Exception {
        int clientsPerNode = 10;
        int requestsPerClient = 80;
        try (TestCluster cluster = TestCluster.start(3)) {
            Results.RoomCreated room = cluster.createRoom("Three nodes");
            List<RawClient> clients = new ArrayList<>();
            List<Long> guestIds = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                for (int i = 0; i < clientsPerNode * 3; i++) {
                    RawClient client = RawClient.greeted(cluster.uri(i % 3));
                    Results.Joined joined = client.join(new Request.Join(client.nextId(), room.joinCode(), "g" + i,
                            null, null, null));
                    clients.add(client);
                    guestIds.add(joined.guestId());
                }
                List<Long> tracks = new ArrayList<>();
                for (int i = 0; i < 4; i++) { // added through all three nodes
                    tracks.add(VotePathTestAccess.add(clients.get(i), VIDEOS[i]));
                }

                List<Future<List<ConcurrentVotesTest.Sent>>> runs = new ArrayList<>();
                for (int i = 0; i < clients.size(); i++) {
                    RawClient client = clients.get(i);
                    long guestId = guestIds.get(i);
                    Random random = new Random(2000 + i);
                    runs.add(pool.submit(() -> {
                        List<ConcurrentVotesTest.Sent> sent = new ArrayList<>();
                        for (int n = 0; n < requestsPerClient; n++) {
                            Request request = random.nextInt(20) == 0
                                    ? new Request.Add(client.nextId(), VIDEOS[random.nextInt(VIDEOS.length)])
                                    : new Request.Vote(client.nextId(), tracks.get(random.nextInt(tracks.size())),
                                    random.nextInt(3) - 1);
                            client.sendRaw(Codec.write(request));
                            sent.add(new ConcurrentVotesTest.Sent(guestId, request));
                        }
                        return sent;
                    }));
                }
                Map<Long, ConcurrentVotesTest.Sent> ackedBySeq = new HashMap<>();
                List<String> errors = new ArrayList<>();
                for (int i = 0; i < runs.size(); i++) {
                    for (ConcurrentVotesTest.Sent sent : runs.get(i).get(60, TimeUnit.SECONDS)) {
                        ServerMessage reply = clients.get(i).awaitReply(sent.request().requestId());
                        if (reply instanceof ServerMessage.Ack ack) {
                            assertThat(ackedBySeq.put(ack.seq(), sent)).as("two acks for seq " + ack.seq()).isNull();
                        } else {
                            errors.add(((ServerMessage.Error) reply).message());
                        }
                    }
                }
                assertThat(errors).as("refused requests").isEmpty();

                long lastSeq = cluster.lastSeq(room.roomId());
                try (Connection c = cluster.sql()) {
                    assertSameAsDatabase(c, room.roomId(), lastSeq, ackedBySeq);
                    List<Track> serverOrder = RoomStore.queueOrderedBySql(c, room.roomId());
                    for (RawClient client : clients) {
                        client.awaitState(s -> s.seq() == lastSeq);
                        assertThat(client.gaps()).as("gaps seen by a client").isEmpty();
                        assertThat(client.view().orderedQueue()).usingRecursiveFieldByFieldElementComparator()
                                .isEqualTo(serverOrder);
                        assertThat(client.view().present()).extracting(Person::guestId)
                                .containsExactlyInAnyOrderElementsOf(guestIds);
                    }
                }
                for (int i = 0; i < 3; i++) {
                    System.out.println("[cluster] node-" + (i + 1) + " " + health(cluster.uri(i)).body());
                }
            } finally {
                pool.shutdownNow();
                clients.forEach(RawClient::close);
            }
        }
    }

    /** Invariants I1-I3 against the event log, as {@link ConcurrentVotesTest} checks them on one node. */
    static void assertSameAsDatabase(Connection c, long roomId, long lastSeq,
                                             Map<Long, ConcurrentVotesTest.Sent> ackedBySeq) throws Exception {
        assertThat(ConcurrentVotesTest.count(c, "SELECT count(*) FROM track t WHERE t.score <> "
                + "(SELECT COALESCE(sum(v.value), 0) FROM vote v WHERE v.track_id = t.id)")).isZero();
        Map<Long, Change> events = ConcurrentVotesTest.events(c, roomId);
        assertThat(events.keySet()).as("gap-free seq").hasSize((int) lastSeq);
        for (Map.Entry<Long, ConcurrentVotesTest.Sent> acked : ackedBySeq.entrySet()) {
            Change change = events.get(acked.getKey());
            Request request = acked.getValue().request();
            if (request instanceof Request.Vote vote) {
                assertThat(change).isEqualTo(new Change.Voted(vote.trackId(), acked.getValue().guestId(),
                        vote.value(), ((Change.Voted) change).score()));
            } else if (change instanceof Change.Voted upvote) {
                assertThat(upvote.guestId()).isEqualTo(acked.getValue().guestId());
            } else {
                assertThat(change).isInstanceOf(Change.TrackAdded.class);
            }
        }
        long raceStart = ackedBySeq.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(events.entrySet().stream().filter(e -> e.getKey() >= raceStart)
                .filter(e -> e.getValue() instanceof Change.Voted || e.getValue() instanceof Change.TrackAdded)
                .map(Map.Entry::getKey).sorted().toList())
                .as("exactly the acknowledged requests were applied")
                .isEqualTo(ackedBySeq.keySet().stream().sorted().toList());
    }

    @Test
    void presenceBansRolesAndTheEndOfTheRoomReachEveryNode() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            Results.RoomCreated room = cluster.createRoom("Moderated");
            try (RawClient host = RawClient.host(cluster.uri(0), room.hostToken());
                 RawClient anaOnTwo = RawClient.guest(cluster.uri(1), room.joinCode(), "Ana");
                 RawClient ben = RawClient.guest(cluster.uri(2), room.joinCode(), "Ben");
                 RawClient cy = RawClient.guest(cluster.uri(1), room.joinCode(), "Cy")) {
                long ana = anaOnTwo.guestId();
                // Ana opens a second window, through another node
                RawClient anaOnThree = RawClient.greeted(cluster.uri(2));
                anaOnThree.join(new Request.Join(anaOnThree.nextId(), room.joinCode(), null, anaOnTwo.guestToken(),
                        null, null));
                long seq = cluster.lastSeq(room.roomId());
                for (RawClient client : List.of(host, anaOnTwo, anaOnThree, ben, cy)) {
                    client.awaitState(s -> s.seq() == seq && s.present().size() == 4);
                }

                // one window closes: Ana is still in the room; the other closes too: she left, on every node
                anaOnTwo.close();
                long afterFirst = awaitQuiet(cluster, room.roomId(), host);
                assertThat(host.view().person(ana)).as("Ana is still there through node 3").isNotNull();
                ben.awaitState(s -> s.seq() == afterFirst);
                assertThat(ben.view().person(ana)).isNotNull();
                anaOnThree.close();
                host.awaitState(s -> s.person(ana) == null);
                cy.awaitState(s -> s.person(ana) == null);

                // a role given through node 1 counts on node 2 at once
                ServerMessage role = host.request(new Request.SetRole(host.nextId(), cy.guestId(), Role.COHOST));
                assertThat(role).isInstanceOf(ServerMessage.Ack.class);
                long roleSeq = ((ServerMessage.Ack) role).seq();
                cy.awaitState(s -> s.seq() >= roleSeq);
                long track = VotePathTestAccess.add(ben, VIDEOS[0]);
                cy.awaitState(s -> s.track(track) != null);
                ServerMessage removed = cy.request(new Request.Remove(cy.nextId(), track));
                assertThat(removed).as("the new co-host removes a guest's track through node 2")
                        .isInstanceOf(ServerMessage.Ack.class);

                // a ban through node 1 closes the guest's connection on node 3
                assertThat(host.request(new Request.Ban(host.nextId(), ben.guestId(), false)))
                        .isInstanceOf(ServerMessage.Ack.class);
                ben.awaitClosed();
                assertThat(ben.closeCode()).isEqualTo(1008);

                // the end of the room closes everyone, on every node
                assertThat(host.request(new Request.CloseRoom(host.nextId()))).isInstanceOf(ServerMessage.Ack.class);
                cy.awaitState(s -> s.closed()); // the roomClosed event reaches node 2's screen before the close
                cy.awaitClosed();
                assertThat(cy.closeCode()).isEqualTo(1008);
            }
        }
    }

    /** Waits until the room's seq stops moving for a moment and the client has it; returns that seq. */
    static long awaitQuiet(TestCluster cluster, long roomId, RawClient client) {
        AtomicInteger stable = new AtomicInteger();
        long[] last = {-1};
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            long now = cluster.lastSeq(roomId);
            stable.set(now == last[0] ? stable.get() + 1 : 0);
            last[0] = now;
            return stable.get() >= 3 && client.view().seq() == now;
        });
        return last[0];
    }

    /** One vote sent through the client library, and its outcome. */
    record Voting(long guestId, long trackId, int value, CompletableFuture<ServerMessage.Ack> ack) {
    }

    @Test
    void aNodeKilledMidLoadLosesNothingAndItsClientsResumeOnTheOthers() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            Results.RoomCreated room = cluster.createRoom("Kill one");
            List<QueuedClient> clients = new ArrayList<>();
            List<Long> guestIds = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(9);
            try (RawClient host = RawClient.host(cluster.uri(0), room.hostToken());
                 RawClient zoe = RawClient.guest(cluster.uri(1), room.joinCode(), "Zoe")) {
                List<Long> tracks = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    tracks.add(VotePathTestAccess.add(host, VIDEOS[i]));
                }
                for (int i = 0; i < 9; i++) {
                    // each client knows every node, its own first: three start on each node
                    QueuedClient client = QueuedClient.builder(cluster.urisFrom(i % 3)).clientName("cluster-test")
                            .backoff(Duration.ofMillis(50), Duration.ofMillis(300))
                            .requestTimeout(Duration.ofSeconds(30)).build();
                    clients.add(client);
                    client.connect().get(10, TimeUnit.SECONDS);
                    guestIds.add(client.joinAsGuest(room.joinCode(), "q" + i, null).get(10, TimeUnit.SECONDS)
                            .guestId());
                }
                long ready = cluster.lastSeq(room.roomId());
                for (QueuedClient client : clients) {
                    await().atMost(WAIT).until(() -> client.view().seq() == ready);
                }

                AtomicInteger answered = new AtomicInteger();
                List<Future<List<Voting>>> runs = new ArrayList<>();
                for (int i = 0; i < clients.size(); i++) {
                    QueuedClient client = clients.get(i);
                    long guestId = guestIds.get(i);
                    Random random = new Random(3000 + i);
                    runs.add(pool.submit(() -> {
                        List<Voting> sent = new ArrayList<>();
                        for (int n = 0; n < 60; n++) {
                            long track = tracks.get(random.nextInt(tracks.size()));
                            int value = random.nextInt(3) - 1;
                            CompletableFuture<ServerMessage.Ack> ack = client.vote(track, value);
                            ack.whenComplete((a, e) -> answered.incrementAndGet());
                            sent.add(new Voting(guestId, track, value, ack));
                            if (n % 10 == 9) {
                                ack.get(30, TimeUnit.SECONDS); // a steady stream rather than one burst
                            }
                        }
                        return sent;
                    }));
                }
                await().atMost(WAIT).until(() -> answered.get() >= 150);
                cluster.halt(1); // mid-load: node 2's clients had votes in flight

                Map<Long, ConcurrentVotesTest.Sent> ackedBySeq = new HashMap<>();
                for (Future<List<Voting>> run : runs) {
                    for (Voting voting : run.get(60, TimeUnit.SECONDS)) {
                        ServerMessage.Ack ack = voting.ack().get(30, TimeUnit.SECONDS);
                        ConcurrentVotesTest.Sent sent = new ConcurrentVotesTest.Sent(voting.guestId(),
                                new Request.Vote("-", voting.trackId(), voting.value()));
                        assertThat(ackedBySeq.put(ack.seq(), sent)).as("two acks for seq " + ack.seq()).isNull();
                    }
                }
                assertThat(ackedBySeq).hasSize(9 * 60);

                // Zoe was on the dead node and does not come back: her presence expires (the others reap it)
                host.awaitState(s -> s.person(zoe.guestId()) == null);
                long lastSeq = awaitQuiet(cluster, room.roomId(), host);
                try (Connection c = cluster.sql()) {
                    assertSameAsDatabase(c, room.roomId(), lastSeq, ackedBySeq);
                    List<Track> serverOrder = RoomStore.queueOrderedBySql(c, room.roomId());
                    for (QueuedClient client : clients) {
                        await().atMost(WAIT).until(() -> client.view().seq() == lastSeq);
                        assertThat(client.status()).isEqualTo(ConnectionStatus.CONNECTED);
                        assertThat(client.view().queue()).usingRecursiveFieldByFieldElementComparator()
                                .isEqualTo(serverOrder);
                        Set<Long> present = client.view().present().stream().map(Person::guestId)
                                .collect(Collectors.toSet());
                        assertThat(present).as("everyone who came back, through whichever node")
                                .containsAll(guestIds).doesNotContain(zoe.guestId());
                    }
                }
                assertThat(health(cluster.uri(0)).statusCode()).isEqualTo(200);
                assertThat(health(cluster.uri(2)).body()).contains("\"node\":\"node-3\"");
            } finally {
                pool.shutdownNow();
                clients.forEach(QueuedClient::close);
            }
        }
    }

    static HttpResponse<String> health(URI node) throws Exception {
        URI http = URI.create("http://" + node.getHost() + ":" + node.getPort() + "/health");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(http).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
