package app.queued.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import app.queued.protocol.ServerMessage;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Host-only actions refused for guests (also with forged ids), bans, and invariant I6: no secret reaches a guest. */
class RolesAndSecretsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ErrorCode code(ServerMessage reply) {
        assertThat(reply).isInstanceOf(ServerMessage.Error.class);
        return ((ServerMessage.Error) reply).code();
    }

    @Test
    void guestsCannotDoWhatOnlyTheHostMay() {
        Results.RoomCreated room = server.createRoom("Roles");
        try (RawClient host = RawClient.host(server.uri(), room.hostToken());
             RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana");
             RawClient ben = RawClient.guest(server.uri(), room.joinCode(), "Ben")) {
            long anas = VotePathTest.add(ana, "dQw4w9WgXcQ").trackId();
            long bens = VotePathTest.add(ben, "kJQP7kiw5Fk").trackId();
            long hosts = VotePathTest.add(host, "fJ9rUzIMcZQ").trackId();

            assertThat(code(ana.request(new Request.Skip(ana.nextId(), null)))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(code(ana.request(new Request.Remove(ana.nextId(), bens)))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(code(ana.request(new Request.Remove(ana.nextId(), hosts)))).isEqualTo(ErrorCode.FORBIDDEN);
            // forged credentials: another room's or a made-up host token, a wrong admin token
            assertThat(code(RawClient.greeted(server.uri()).request(new Request.Join("j", null, null, null,
                    "not-the-host-token", null)))).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(code(ana.request(new Request.CreateRoom(ana.nextId(), "Mine", "guess"))))
                    .isEqualTo(ErrorCode.FORBIDDEN);

            assertThat(ana.request(new Request.Remove(ana.nextId(), anas))).isInstanceOf(ServerMessage.Ack.class);
            assertThat(host.request(new Request.Remove(host.nextId(), bens))).isInstanceOf(ServerMessage.Ack.class);
            assertThat(host.request(new Request.Skip(host.nextId(), null))).isInstanceOf(ServerMessage.Ack.class);
            ana.awaitState(s -> s.queueSize() == 0 && s.nowPlaying() != null && s.nowPlaying().id() == hosts);
        }
    }

    @Test
    void theAdminTokenCreatesRoomsRemotely() {
        try (RawClient admin = RawClient.greeted(server.uri())) {
            ServerMessage reply = admin.request(new Request.CreateRoom(admin.nextId(), "Remote",
                    server.server().adminToken()));
            Results.RoomCreated created = Codec.result((ServerMessage.Ack) reply, Results.RoomCreated.class);
            assertThat(created.joinCode()).hasSize(6);
            try (RawClient host = RawClient.greeted(server.uri())) {
                Results.Joined joined = host.join(new Request.Join(host.nextId(), null, null, null,
                        created.hostToken(), null));
                assertThat(joined.role()).isEqualTo(Role.HOST);
                assertThat(joined.guestToken()).isNull();
            }
        }
    }

    @Test
    void aBannedGuestCannotComeBack() throws Exception {
        Results.RoomCreated room = server.createRoom("Bans");
        RawClient troll = RawClient.greeted(server.uri());
        Results.Joined joined = troll.join(new Request.Join(troll.nextId(), room.joinCode(), "Troll", null, null,
                null));
        troll.close();
        try (Connection c = server.sql();
             PreparedStatement ban = c.prepareStatement("UPDATE guest SET banned = true WHERE id = ?")) {
            ban.setLong(1, joined.guestId());
            ban.executeUpdate();
        }
        try (RawClient again = RawClient.greeted(server.uri())) {
            ServerMessage reply = again.request(new Request.Join(again.nextId(), room.joinCode(), null,
                    joined.guestToken(), null, null));
            assertThat(code(reply)).isEqualTo(ErrorCode.FORBIDDEN);
        }
    }

    @Test
    void noSecretEverReachesAGuest() {
        Results.RoomCreated room = server.createRoom("Secrets");
        try (RawClient host = RawClient.host(server.uri(), room.hostToken());
             RawClient ana = RawClient.guest(server.uri(), room.joinCode(), "Ana");
             RawClient ben = RawClient.guest(server.uri(), room.joinCode(), "Ben")) {
            long track = VotePathTest.add(ana, "dQw4w9WgXcQ").trackId();
            VotePathTest.vote(ben, track, 1);
            VotePathTest.add(host, "kJQP7kiw5Fk");
            host.request(new Request.Skip(host.nextId(), null));
            ana.request(new Request.Search(ana.nextId(), "love"));
            ana.request(new Request.Resume(ana.nextId(), 0L));
            ben.awaitState(s -> s.nowPlaying() != null);
            ana.awaitState(s -> s.nowPlaying() != null);
            for (String frame : ana.received()) {
                assertThat(frame).doesNotContain(room.hostToken()).doesNotContain(server.server().adminToken())
                        .doesNotContainIgnoringCase("hostToken").doesNotContainIgnoringCase("token_hash");
            }
            String bensGuestToken = ben.guestToken();
            assertThat(String.join("\n", ana.received())).doesNotContain(bensGuestToken);
        }
    }
}
