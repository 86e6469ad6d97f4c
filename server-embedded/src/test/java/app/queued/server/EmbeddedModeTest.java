package app.queued.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.server.catalog.DemoCatalog;
import app.queued.server.embedded.StartupException;
import app.queued.server.room.VotePathTestAccess;
import app.queued.server.testing.RawClient;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host app's default: the server starts its own PostgreSQL and Redis, and rooms survive a restart. */
class EmbeddedModeTest {
    @TempDir
    Path appData;

    private ServerConfig.Builder config() {
        return ServerConfig.builder().withDataDir(appData).withBind("127.0.0.1", 0);
    }

    @Test
    void roomsAndVotesSurviveARestart() throws Exception {
        Results.RoomCreated room;
        long track;
        try (VoteServer server = VoteServer.start(config().build(), new DemoCatalog())) {
            assertThat(server.cacheAvailable()).isTrue();
            room = server.createRoom("Saturday");
            try (RawClient ana = RawClient.guest(server.localUri(), room.joinCode(), "Ana")) {
                track = VotePathTestAccess.add(ana, "dQw4w9WgXcQ");
                VotePathTestAccess.vote(ana, track, 1);
            }
        }
        try (VoteServer again = VoteServer.start(config().build(), new DemoCatalog());
             RawClient host = RawClient.greeted(again.localUri())) {
            Results.Joined joined = host.join(new Request.Join(host.nextId(), null, null, null, room.hostToken(), null));
            assertThat(joined.joinCode()).isEqualTo(room.joinCode());
            assertThat(host.view().track(track).score()).isEqualTo(1);
            assertThat(host.view().queueSize()).isEqualTo(1);
        }
    }

    @Test
    void aTakenPortIsOneClearSentence() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            ServerConfig config = config().withBind("127.0.0.1", taken.getLocalPort()).build();
            assertThatThrownBy(() -> VoteServer.start(config, new DemoCatalog()))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("Port " + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void anUnreachableExternalDatabaseIsOneClearSentence() {
        ServerConfig config = config().withExternal("jdbc:postgresql://127.0.0.1:1/nowhere", "nobody", null, null)
                .build();
        assertThatThrownBy(() -> VoteServer.start(config, new DemoCatalog()))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("Queued cannot use the database at jdbc:postgresql://127.0.0.1:1/nowhere");
    }
}
