package app.queued.host.invite;

import app.queued.client.RoomView;
import app.queued.fx.UiThread;
import app.queued.fx.invite.QrCodeView;
import app.queued.fx.testing.QrReading;
import app.queued.host.FakeLink;
import app.queued.host.party.PartyView;
import app.queued.host.party.PartyViewModel;
import app.queued.host.player.PlayerViewModel;
import app.queued.host.rules.RulesViewModel;
import app.queued.host.tvscreen.TvScreenView;
import app.queued.invite.InviteLink;
import app.queued.protocol.RoomInfo;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import static org.assertj.core.api.Assertions.assertThat;

/** The QR code on the room screen and on the TV screen holds the web guest's link with the room's code. */
class InviteQrTest {
    private static final InviteLink LINK = new InviteLink("192.168.1.20", 7765, "K7QX4M");
    private final FxRobot robot = new FxRobot();
    private final FakeLink link = new FakeLink();

    @AfterEach
    void closeWindows() throws Exception {
        FxToolkit.cleanupStages();
    }

    private PartyViewModel party() {
        PartyViewModel model = new PartyViewModel(link, UiThread.direct());
        model.setRoom("Friday", "K7QX4M", 1, LINK, LINK.shortAddress());
        model.apply(new RoomView(3, new RoomInfo(1, "Friday", "K7QX4M"), null, null, List.of(), Map.of()));
        return model;
    }

    private static Scene styled(javafx.scene.Parent root, double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(InviteQrTest.class.getResource("/app/queued/host/app/host.css").toExternalForm());
        return scene;
    }

    @Test
    void theRoomScreenShowsTheLinkAsAQrCodeAndItsShortAddress() throws Exception {
        PartyViewModel model = party();
        PlayerViewModel player = new PlayerViewModel(link, UiThread.direct(), Clock.systemUTC());
        RulesViewModel rules = new RulesViewModel(link, UiThread.direct());
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            PartyView view = new PartyView(model, player, rules, new VBox(),
                    new PartyView.Tabs(new VBox(), new VBox(), new VBox(), new VBox(), () -> { }), null);
            stage.setScene(styled(view.root(), 1280, 800));
            stage.show();
        });
        QrCodeView qr = robot.lookup("#roomQr").queryAs(QrCodeView.class);
        assertThat(QrReading.decode(qr)).isEqualTo("http://192.168.1.20:7765/#code=K7QX4M");
        assertThat(robot.lookup("#address").queryAs(Label.class).getText()).isEqualTo("192.168.1.20:7765");
        assertThat(qr.modulePixels()).as("whole pixels per module, at least 3").isGreaterThanOrEqualTo(3);
    }

    @Test
    void theTvScreenShowsItLargeEnoughToScanFromTheSofa() throws Exception {
        PartyViewModel model = party();
        PlayerViewModel player = new PlayerViewModel(link, UiThread.direct(), Clock.systemUTC());
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            TvScreenView tv = new TvScreenView(model, player);
            stage.setScene(styled(tv.root(), 1280, 720));
            stage.show();
        });
        QrCodeView qr = robot.lookup("#tvQr").queryAs(QrCodeView.class);
        assertThat(QrReading.decode(qr)).isEqualTo(LINK.url());
        assertThat(robot.lookup("#tvAddress").queryAs(Label.class).getText()).isEqualTo("192.168.1.20:7765");
        assertThat(qr.modulePixels()).isGreaterThanOrEqualTo(5);
    }
}
