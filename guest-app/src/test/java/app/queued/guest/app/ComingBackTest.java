package app.queued.guest.app;

import app.queued.fx.testing.FxAppExtension;
import app.queued.guest.discovery.RoomSource;
import app.queued.guest.identity.IdentityStore;
import app.queued.guest.room.QueueEntry;
import app.queued.guest.testing.Fx;
import app.queued.guest.testing.GuestTesting;
import app.queued.guest.testing.JoinSteps;
import app.queued.guest.testing.OtherGuest;
import app.queued.guest.testing.PartyServer;
import app.queued.protocol.Protocol;
import app.queued.protocol.Results;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

import static app.queued.guest.testing.GuestTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A guest who closes the app and opens it again is the same person: same guest, same votes, same tracks. The
 * guest token lives in a file only the user can read.
 */
class ComingBackTest {
    @RegisterExtension
    static final PartyServer server = PartyServer.plain();

    @RegisterExtension
    final FxAppExtension<GuestApp> window = GuestTesting.window(RoomSource.off());

    @Test
    void afterARestartTheGuestIsTheSamePersonWithTheSameVotesAndTracks(FxRobot robot) throws Exception {
        Results.RoomCreated room = server.createRoom("Same people");
        String address = "127.0.0.1:" + server.server().port();
        try (OtherGuest bo = OtherGuest.join(server.uri(), room.joinCode(), "Bo")) {
            long queen = bo.add("fJ9rUzIMcZQ");
            JoinSteps.join(robot, window.app(), address, room.joinCode(), "Ana");
            robot.clickOn("#linkField").write("dQw4w9WgXcQ");
            robot.clickOn("#addLinkButton");
            eventually().until(() -> Fx.get(() -> window.app().partyModel().queue().size()) == 2);
            robot.clickOn("#up-" + queen);
            eventually().until(() -> entry(queen).myVote() == Protocol.UP && !entry(queen).confirming());
            long guestsBefore = guests(room.roomId());

            // The token is on disk, for this user only.
            Path file = window.home().resolve(IdentityStore.FILE_NAME);
            assertThat(file).exists();
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            }

            // Quit, and start a fresh app on the same app-data folder.
            window.restart();
            // The form remembers the party and the nickname: one click to rejoin.
            eventually().until(() -> Fx.get(() -> window.app().joinModel().codeProperty().get()).equals(room.joinCode()));
            assertThat(Fx.get(() -> window.app().joinModel().addressProperty().get())).isEqualTo(address);
            assertThat(Fx.get(() -> window.app().joinModel().nicknameProperty().get())).isEqualTo("Ana");
            robot.clickOn("#joinButton");
            eventually().until(() -> Fx.get(() -> window.app().partyModel() != null));

            // Same person: no new guest row, the upvote is still ours, Rick is still "added by you".
            eventually().until(() -> Fx.get(() -> window.app().partyModel().queue().size()) == 2);
            assertThat(guests(room.roomId())).isEqualTo(guestsBefore);
            assertThat(entry(queen).myVote()).isEqualTo(Protocol.UP);
            QueueEntry rick = Fx.get(() -> window.app().partyModel().queue().stream()
                    .filter(e -> e.videoId().equals("dQw4w9WgXcQ")).findFirst().orElseThrow());
            assertThat(rick.mine()).isTrue();
            // And acting as that person works: taking the vote back moves the score on Bo's screen.
            robot.clickOn("#up-" + queen);
            eventually().until(() -> bo.view().queue().stream().anyMatch(t -> t.id() == queen && t.score() == 0));
        }
    }

    private QueueEntry entry(long trackId) {
        return Fx.get(() -> window.app().partyModel().queue().stream().filter(e -> e.trackId() == trackId).findFirst()
                .orElseThrow());
    }

    private static long guests(long roomId) throws Exception {
        try (Connection c = server.sql();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM guest WHERE room_id = ?")) {
            ps.setLong(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
