package app.queued.server.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.queued.protocol.Codec;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.protocol.Track;
import app.queued.server.room.VotePathTestAccess;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/** Redis dies mid-party: votes keep committing and reaching everyone; when it returns the cache heals. */
class RedisOutageTest {
    private RedisServer redis;
    private TestServer server;

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
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (redis != null && redis.isActive()) {
            redis.stop();
        }
    }

    @Test
    void votesSurviveARedisOutageAndTheCacheHealsAfterwards() throws Exception {
        int port = freePort();
        redis = redisOn(port);
        String prefix = "outage-" + UUID.randomUUID() + ":";
        server = TestServer.start(config -> config.withRedisUrl("redis://127.0.0.1:" + port).withRedisPrefix(prefix));
        Results.RoomCreated room = server.createRoom("Outage");
        String snapshotKey = prefix + "room:" + room.roomId() + ":snapshot";

        try (RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana");
             RawClient ben = RawClient.guest(server.uri(), room.joinCode(), "Ben");
             RedisClient inspect = RedisClient.create("127.0.0.1", port)) {
            long track = VotePathTestAccess.add(ana, "dQw4w9WgXcQ");
            VotePathTestAccess.vote(ben, track, 1);
            long cachedBefore = server.lastSeq(room.roomId());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> String.valueOf(cachedBefore).equals(inspect.hget(snapshotKey, "seq")));

            redis.stop();
            for (int i = 0; i < 20; i++) {
                ServerMessage reply = VotePathTestAccess.voteReply(i % 2 == 0 ? ana : ben, track, i % 3 - 1);
                assertThat(reply).as("vote %d during the outage", i).isInstanceOf(ServerMessage.Ack.class);
            }
            long during = server.lastSeq(room.roomId());
            assertThat(during).isEqualTo(cachedBefore + 20);
            ana.awaitState(s -> s.seq() == during);
            ben.awaitState(s -> s.seq() == during);
            await().atMost(Duration.ofSeconds(10)).until(() -> !server.server().cacheAvailable());
            // a guest arriving during the outage still gets the exact room
            try (RawClient cy = RawClient.guest(server.uri(), room.joinCode(), "Cy")) {
                assertThat(cy.view().seq()).isEqualTo(server.lastSeq(room.roomId()));
                assertThat(cy.view().orderedQueue()).usingRecursiveFieldByFieldElementComparator()
                        .isEqualTo(ana.view().orderedQueue());
            }

            redis = redisOn(port); // back, and empty
            await().atMost(Duration.ofSeconds(15)).until(() -> server.server().cacheAvailable());
            try (RedisClient after = RedisClient.create("127.0.0.1", port)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(server.lastSeq(room.roomId()))
                        .equals(after.hget(snapshotKey, "seq")));
                VotePathTestAccess.vote(ana, track, 1);
                long end = server.lastSeq(room.roomId());
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> String.valueOf(end).equals(after.hget(snapshotKey, "seq")));
                ServerMessage.Snapshot cached = (ServerMessage.Snapshot) Codec.readServer(
                        after.hget(snapshotKey, "json"));
                ana.awaitState(s -> s.seq() == end);
                List<Track> expected = ana.view().orderedQueue();
                assertThat(cached.queue()).usingRecursiveFieldByFieldElementComparator().isEqualTo(expected);
            }
        }
    }
}
