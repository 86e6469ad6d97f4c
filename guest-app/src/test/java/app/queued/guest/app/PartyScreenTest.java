package app.queued.guest.app;

import app.queued.fx.testing.FxAppExtension;
import app.queued.guest.discovery.RoomSource;
import app.queued.guest.testing.Fx;
import app.queued.guest.testing.GuestTesting;
import app.queued.guest.testing.JoinSteps;
import app.queued.guest.testing.OtherGuest;
import app.queued.guest.testing.PartyServer;
import app.queued.protocol.CatalogEntry;
import app.queued.protocol.Results;
import app.queued.server.catalog.DemoCatalog;
import java.util.Comparator;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

import static app.queued.guest.testing.GuestTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The party screen as a guest first meets it: the arrow keys work at once (no click on a row first), the two
 * columns keep their widths as songs with long titles arrive, and who is here shows as the host sees it.
 */
class PartyScreenTest {
    @RegisterExtension
    static final PartyServer server = PartyServer.plain();

    @RegisterExtension
    final FxAppExtension<GuestApp> window = GuestTesting.window(RoomSource.off());

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
            JoinSteps.join(robot, window.app(), "127.0.0.1:" + server.server().port(), room.joinCode(), "Ana");
            eventually().until(() -> Fx.get(() -> window.app().partyModel().queue().size()) == 3);

            // no click anywhere: Down moves from the first song to the second
            long second = Fx.get(() -> window.app().partyModel().queue().get(1).trackId());
            robot.type(KeyCode.DOWN);
            eventually().until(() -> Fx.get(() -> window.app().partyModel().selectedTrackIdProperty().get()) == second);

            eventually().until(() -> Fx.get(() -> robot.lookup("#presence").queryAs(Label.class).getText())
                    .equals("3 here: Host (host), Bo, Ana (you)"));

            double side = width(robot, ".side-column");
            double main = width(robot, ".main-column");
            CatalogEntry longest = new DemoCatalog().search("", 100).stream()
                    .max(Comparator.comparingInt(e -> e.title().length())).orElseThrow();
            bo.add(longest.videoId());
            eventually().until(() -> Fx.get(() -> window.app().partyModel().queue().size()) == 4);
            Fx.run(() -> robot.lookup(".party").query().getScene().getRoot().layout());
            assertThat(width(robot, ".side-column")).isEqualTo(side);
            assertThat(width(robot, ".main-column")).isEqualTo(main);
        }
    }
}
