package app.queued.guest.app;

import static app.queued.guest.testing.GuestTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.queued.guest.discovery.RoomSource;
import app.queued.guest.testing.Fx;
import app.queued.guest.testing.GuestTesting;
import app.queued.guest.testing.JoinSteps;
import app.queued.guest.testing.OtherGuest;
import app.queued.protocol.CatalogEntry;
import app.queued.protocol.Results;
import app.queued.server.catalog.DemoCatalog;
import app.queued.server.testing.TestServer;
import java.nio.file.Path;
import java.util.Comparator;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/**
 * The party screen as a guest first meets it: the arrow keys work at once (no click on a row first), the two
 * columns keep their widths as songs with long titles arrive, and who is here shows as the host sees it.
 */
@ExtendWith(ApplicationExtension.class)
class PartyScreenTest {
    static TestServer server;

    @TempDir
    Path home;
    GuestApp app;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage stage) {
        app = new GuestApp(stage, GuestTesting.config(home, RoomSource.off()));
        app.start();
    }

    @Stop
    void stop() {
        app.close();
    }

    private static double width(FxRobot robot, String query) {
        return Fx.get(() -> {
            Node node = robot.lookup(query).query();
            return node.getLayoutBounds().getWidth();
        });
    }

    @Test
    void arrowsWorkAtOnceColumnsStayPutAndWhoIsHereShows(FxRobot robot) throws Exception {
        Results.RoomCreated room = server.createRoom("First look");
        try (OtherGuest host = OtherGuest.host(server.uri(), room.hostToken());
             OtherGuest bo = OtherGuest.join(server.uri(), room.joinCode(), "Bo")) {
            bo.add("kJQP7kiw5Fk");
            bo.add("9bZkp7q19f0");
            bo.add("fJ9rUzIMcZQ");
            JoinSteps.join(robot, app, "127.0.0.1:" + server.server().port(), room.joinCode(), "Ana");
            eventually().until(() -> Fx.get(() -> app.partyModel().queue().size()) == 3);

            // no click anywhere: Down moves from the first song to the second
            long second = Fx.get(() -> app.partyModel().queue().get(1).trackId());
            robot.type(KeyCode.DOWN);
            eventually().until(() -> Fx.get(() -> app.partyModel().selectedTrackIdProperty().get()) == second);

            eventually().until(() -> Fx.get(() -> robot.lookup("#presence").queryAs(Label.class).getText())
                    .equals("3 here: Host (host), Bo, Ana (you)"));

            double side = width(robot, ".side-column");
            double main = width(robot, ".main-column");
            CatalogEntry longest = new DemoCatalog().search("", 100).stream()
                    .max(Comparator.comparingInt(e -> e.title().length())).orElseThrow();
            bo.add(longest.videoId());
            eventually().until(() -> Fx.get(() -> app.partyModel().queue().size()) == 4);
            Fx.run(() -> robot.lookup(".party").query().getScene().getRoot().layout());
            assertThat(width(robot, ".side-column")).isEqualTo(side);
            assertThat(width(robot, ".main-column")).isEqualTo(main);
        }
    }
}
