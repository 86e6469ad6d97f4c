package app.queued.guest.app;

import app.queued.fx.testing.FxAppExtension;
import app.queued.guest.discovery.RoomSource;
import app.queued.guest.testing.Fx;
import app.queued.guest.testing.GuestTesting;
import app.queued.guest.testing.JoinSteps;
import app.queued.guest.testing.OtherGuest;
import app.queued.guest.testing.PartyServer;
import app.queued.guest.ui.Notice;
import app.queued.protocol.Codec;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

import static app.queued.guest.testing.GuestTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One person, one identity: two guest apps started under the same OS account (the same app-data folder) are two
 * people. A second window started with {@code --nickname Ben} used to take over Ana's saved identity — Ben's window
 * said "you're Ben" while Ana's songs showed as his and Ana's row was renamed in the database.
 */
class TwoInstancesTest {
    private static final String RICK = "dQw4w9WgXcQ";
    @RegisterExtension
    static final PartyServer server = PartyServer.plain();

    @RegisterExtension
    final FxAppExtension<GuestApp> window = GuestTesting.window(RoomSource.off());
    GuestApp second;

    @AfterEach
    void closeSecond() {
        if (second != null) {
            Fx.run(() -> second.close());
        }
    }

    /** Another app on the same app-data folder, joined as {@code --join ... --code ... --nickname} would. */
    private GuestApp secondApp(String address, String code, String nickname) {
        GuestApp app = Fx.get(() -> {
            GuestApp other = new GuestApp(new Stage(), GuestTesting.config(window.home(), RoomSource.off()));
            other.start();
            other.autoJoin(new AutoJoin(address, code, nickname, false), exit -> { });
            return other;
        });
        eventually().until(() -> Fx.get(() -> app.partyModel() != null));
        return app;
    }

    private static long guestId(GuestApp app) {
        return Fx.get(() -> app.partyModel().myGuestId());
    }

    @Test
    void aSecondWindowWithAnotherNicknameIsAnotherPersonAndAnaStaysAna(FxRobot robot) throws Exception {
        Results.RoomCreated room = server.createRoom("Two windows");
        String address = "127.0.0.1:" + server.server().port();
        JoinSteps.join(robot, window.app(), address, room.joinCode(), "Ana");
        robot.clickOn("#linkField").write(RICK);
        robot.clickOn("#addLinkButton");
        eventually().until(() -> Fx.get(() -> window.app().partyModel().queue().size()) == 1);
        long anaId = guestId(window.app());

        second = secondApp(address, room.joinCode(), "Ben");
        long benId = guestId(second);
        assertThat(benId).as("Ben is someone else").isNotEqualTo(anaId);
        assertThat(Fx.get(() -> second.partyModel().nicknameProperty().get())).isEqualTo("Ben");
        assertThat(Fx.get(() -> window.app().partyModel().nicknameProperty().get())).isEqualTo("Ana");
        // Ana's song is still Ana's, on both screens and in the database
        eventually().until(() -> Fx.get(() -> second.partyModel().queue().size()) == 1);
        assertThat(Fx.get(() -> second.partyModel().queue().get(0).addedByName())).isEqualTo("Ana");
        assertThat(Fx.get(() -> second.partyModel().queue().get(0).mine())).isFalse();
        assertThat(Fx.get(() -> window.app().partyModel().queue().get(0).mine())).isTrue();
        assertThat(nickname(anaId)).isEqualTo("Ana");

        // the host sees two people, each with their own name
        try (OtherGuest host = OtherGuest.host(server.uri(), room.hostToken())) {
            Results.Members members = Codec.result(host.send(Request.Members::new), Results.Members.class);
            assertThat(members.members()).extracting(Results.Member::nickname).contains("Ana", "Ben");
            assertThat(members.members().stream().filter(m -> m.present()).map(Results.Member::guestId).toList())
                    .contains(anaId, benId);
        }
    }

    @Test
    void aSecondWindowWithTheSameNicknameIsASecondPersonAndIsToldSo(FxRobot robot) throws Exception {
        Results.RoomCreated room = server.createRoom("Same name twice");
        String address = "127.0.0.1:" + server.server().port();
        JoinSteps.join(robot, window.app(), address, room.joinCode(), "Ana");
        long anaId = guestId(window.app());

        second = secondApp(address, room.joinCode(), "Ana");
        long secondAna = guestId(second);
        assertThat(secondAna).isNotEqualTo(anaId);
        Notice notice = Fx.get(() -> second.partyModel().noticeProperty().get());
        assertThat(notice).isNotNull();
        assertThat(notice.text()).contains("another window");

        // once both windows have left, the next "Ana" comes back as one of them (the latest), not as a third person
        Fx.run(() -> window.app().close());
        Fx.run(() -> second.close());
        second = secondApp(address, room.joinCode(), "Ana");
        assertThat(List.of(anaId, secondAna)).contains(guestId(second));
    }

    private static String nickname(long guestId) throws Exception {
        try (Connection c = server.sql();
             PreparedStatement ps = c.prepareStatement("SELECT nickname FROM guest WHERE id = ?")) {
            ps.setLong(1, guestId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
