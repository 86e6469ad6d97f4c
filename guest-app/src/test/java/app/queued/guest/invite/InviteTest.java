package app.queued.guest.invite;

import app.queued.fx.UiThread;
import app.queued.fx.invite.QrCodeView;
import app.queued.fx.testing.QrReading;
import app.queued.guest.app.GuestApp;
import app.queued.guest.room.PartyView;
import app.queued.guest.room.PartyViewModel;
import app.queued.guest.testing.FakeParty;
import app.queued.guest.testing.Fx;
import app.queued.guest.testing.Lookups;
import java.time.Clock;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Invite someone": the guest shows a friend the QR code of the room they are in, on the server they joined through;
 * a phone's reader gets exactly the web guest's link with the room code.
 */
@ExtendWith(ApplicationExtension.class)
class InviteTest {
    private final FakeParty party = new FakeParty();
    private PartyViewModel model;

    @Start
    void start(Stage stage) {
        party.push(FakeParty.view(3, List.of(FakeParty.track(1, 0, 10, 8))));
        model = new PartyViewModel(party, UiThread.direct(), Clock.systemUTC(), () -> { });
        PartyView view = new PartyView(model);
        model.attach();
        Scene scene = new Scene(view.root(), 1120, 740);
        scene.getStylesheets().add(GuestApp.class.getResource(GuestApp.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.show();
        view.activate();
    }

    @Test
    void showsTheRoomsQrCodeAndAddressAndPutsThemAwayAgain(FxRobot robot) throws Exception {
        assertThat(Lookups.anyVisible(robot, "#inviteQr")).isFalse();
        robot.clickOn("#inviteButton");
        assertThat(Lookups.anyVisible(robot, "#inviteQr")).isTrue();

        QrCodeView qr = robot.lookup("#inviteQr").queryAs(QrCodeView.class);
        assertThat(QrReading.decode(qr)).isEqualTo("http://192.168.1.20:7765/#code=K7QX4M");
        assertThat(qr.modulePixels()).isGreaterThanOrEqualTo(4);
        assertThat(Fx.get(() -> robot.lookup("#inviteAddress").queryAs(Label.class).getText()))
                .isEqualTo("192.168.1.20:7765");
        assertThat(Fx.get(() -> robot.lookup("#inviteTitle").queryAs(Label.class).getText()))
                .isEqualTo("Scan to join Test party");
        assertThat(Lookups.anyVisible(robot, "#inviteWarning")).isFalse();

        robot.type(KeyCode.ESCAPE);
        assertThat(Lookups.anyVisible(robot, "#inviteQr")).isFalse();
        robot.clickOn("#inviteButton");
        robot.clickOn("#closeInvite");
        assertThat(Lookups.anyVisible(robot, "#inviteQr")).isFalse();
    }

    @Test
    void aLinkThroughThisComputersOwnAddressSaysOnlyThisComputerCanOpenIt(FxRobot robot) {
        party.server = java.net.URI.create("ws://127.0.0.1:7765/");
        PartyViewModel local = new PartyViewModel(party, UiThread.direct(), Clock.systemUTC(), () -> { });
        Fx.run(() -> {
            PartyView view = new PartyView(local);
            local.attach();
            robot.window(0).getScene().setRoot(view.root());
            local.showInvite();
        });
        assertThat(Lookups.anyVisible(robot, "#inviteWarning")).isTrue();
        assertThat(Fx.get(() -> robot.lookup("#inviteAddress").queryAs(Label.class).getText()))
                .isEqualTo("127.0.0.1:7765");
    }
}
