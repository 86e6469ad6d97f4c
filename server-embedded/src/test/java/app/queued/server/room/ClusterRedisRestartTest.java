package app.queued.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.queued.protocol.Codec;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.server.store.RoomStore;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TestCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Redis — the fan-out between nodes — dies mid-load and comes back empty: votes keep committing through every
 * node, each node catches up on the others' events from PostgreSQL's log (the poll while Redis is away, a resync
 * when it subscribes again), and every screen on every node ends exactly where the database is.
 */
class ClusterRedisRestartTest {
    private RedisServer redis;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static RedisServer redisOn(int port) throws IOException {
        RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
        return server;
    }

    @AfterEach
    void stopRedis() throws IOException {
        if (redis != null && redis.isActive()) {
            redis.stop();
        }
    }

    @Test
    void redisRestartedMidLoadEveryNodeCatchesUpFromTheLog() throws Exception {
        int port = freePort();
        redis = redisOn(port);
        try (TestCluster cluster = TestCluster.start(3, "redis://127.0.0.1:" + port, c -> c)) {
            Results.RoomCreated room = cluster.createRoom("Redis restarts");
            List<RawClient> clients = new ArrayList<>();
            List<Long> guestIds = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(12);
            try {
                for (int i = 0; i < 12; i++) {
                    RawClient client = RawClient.guest(cluster.uri(i % 3), room.joinCode(), "g" + i);
                    clients.add(client);
                    guestIds.add(client.guestId());
                }
                List<Long> tracks = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    tracks.add(VotePathTestAccess.add(clients.get(i), ClusterTest.VIDEOS[i]));
                }
                long start = cluster.lastSeq(room.roomId());
                int perClient = 100;
                List<Future<List<ConcurrentVotesTest.Sent>>> runs = new ArrayList<>();
                for (int i = 0; i < clients.size(); i++) {
                    RawClient client = clients.get(i);
                    long guestId = guestIds.get(i);
                    Random random = new Random(4000 + i);
                    runs.add(pool.submit(() -> {
                        List<ConcurrentVotesTest.Sent> sent = new ArrayList<>();
                        for (int n = 0; n < perClient; n++) {
                            Request vote = new Request.Vote(client.nextId(), tracks.get(random.nextInt(4)),
                                    random.nextInt(3) - 1);
                            client.sendRaw(Codec.write(vote));
                            sent.add(new ConcurrentVotesTest.Sent(guestId, vote));
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25)); // pace: a load, not a burst
                        }
                        return sent;
                    }));
                }
                long total = (long) perClient * clients.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> cluster.lastSeq(room.roomId()) > start + total / 5);
                redis.stop();
                long down = System.nanoTime();
                await().atMost(Duration.ofSeconds(30)).until(() -> cluster.lastSeq(room.roomId()) > start + total / 2
                        && System.nanoTime() - down > TimeUnit.SECONDS.toNanos(1));
                redis = redisOn(port); // back, and empty

                Map<Long, ConcurrentVotesTest.Sent> ackedBySeq = new HashMap<>();
                for (int i = 0; i < runs.size(); i++) {
                    for (ConcurrentVotesTest.Sent sent : runs.get(i).get(60, TimeUnit.SECONDS)) {
                        ServerMessage reply = clients.get(i).awaitReply(sent.request().requestId());
                        assertThat(reply).as("every vote commits, Redis or not").isInstanceOf(ServerMessage.Ack.class);
                        ServerMessage.Ack ack = (ServerMessage.Ack) reply;
                        assertThat(ackedBySeq.put(ack.seq(), sent)).as("two acks for seq " + ack.seq()).isNull();
                    }
                }
                long lastSeq = cluster.lastSeq(room.roomId());
                try (Connection c = cluster.sql()) {
                    ClusterTest.assertSameAsDatabase(c, room.roomId(), lastSeq, ackedBySeq);
                    List<Track> serverOrder = RoomStore.queueOrderedBySql(c, room.roomId());
                    for (RawClient client : clients) {
                        client.awaitState(s -> s.seq() == lastSeq);
                        assertThat(client.gaps()).as("a node's screens never skip, even while Redis is away").isEmpty();
                        assertThat(client.view().orderedQueue()).usingRecursiveFieldByFieldElementComparator()
                                .isEqualTo(serverOrder);
                    }
                }
                // the fan-out is back: a vote through one node reaches another node's screen without the poll
                for (int i = 0; i < 3; i++) {
                    int node = i;
                    await().atMost(Duration.ofSeconds(15)).until(() -> ClusterTest.health(cluster.uri(node)).body()
                            .contains("\"fanout\":\"connected\""));
                }
                VotePathTestAccess.vote(clients.get(0), tracks.get(0), 1);
                long after = cluster.lastSeq(room.roomId());
                clients.get(1).awaitState(s -> s.seq() == after);
            } finally {
                pool.shutdownNow();
                clients.forEach(RawClient::close);
            }
        }
    }
}
