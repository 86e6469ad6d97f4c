package app.queued.guest.app;

import app.queued.fx.testing.FxAppExtension;
import app.queued.guest.discovery.RoomSource;
import app.queued.guest.session.Sentences;
import app.queued.guest.testing.Fx;
import app.queued.guest.testing.GuestTesting;
import app.queued.guest.testing.JoinSteps;
import app.queued.guest.testing.OtherGuest;
import app.queued.guest.testing.PartyServer;
import app.queued.guest.ui.Notice;
import app.queued.protocol.CatalogEntry;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.ProtocolException;
import app.queued.protocol.Results;
import app.queued.server.catalog.DemoCatalog;
import app.queued.server.catalog.TrackCatalog;
import app.queued.server.transport.WsTransport;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

import static app.queued.guest.testing.GuestTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The party's limits, read as sentences: a server whose YouTube quota is used up for today, and a guest voting
 * faster than the server's rate limit allows.
 */
class LimitsTest {

    @RegisterExtension
    final FxAppExtension<GuestApp> window = GuestTesting.window(RoomSource.off());

    /** The offline catalog for queued videos, but the day's quota is gone for anything that needs YouTube. */
    static final class QuotaUsedUp implements TrackCatalog {
        private final DemoCatalog demo = new DemoCatalog();

        @Override
        public String name() {
            return "YouTube";
        }

        @Override
        public CatalogEntry lookup(String videoId) {
            if (videoId.equals("dQw4w9WgXcQ")) {
                return demo.lookup(videoId);
            }
            throw new ProtocolException(ErrorCode.QUOTA_EXCEEDED, "The YouTube quota for today is used up.");
        }

        @Override
        public List<CatalogEntry> search(String query, int limit) {
            throw new ProtocolException(ErrorCode.QUOTA_EXCEEDED, "The YouTube quota for today is used up.");
        }
    }

    // 2 messages a second, bursts of 6: joining fits, a burst of votes does not.
    @RegisterExtension
    static final PartyServer server = PartyServer.with(new QuotaUsedUp(),
            c -> c.withLimits(new WsTransport.Limits(2, 6, 10_000)));

    @Test
    void quotaUsedUpIsASentenceForSearchAndAdd(FxRobot robot) {
        Results.RoomCreated room = server.createRoom("No quota");
        JoinSteps.join(robot, window.app(), "127.0.0.1:" + server.server().port(), room.joinCode(), "Ana");

        robot.clickOn("#searchField").write("queen");
        robot.clickOn("#searchButton");
        eventually().until(() -> searchStatus(robot).equals("The host's YouTube allowance for today is used up, so "
                + "search is off until tomorrow. You can still vote on the queue."));

        robot.clickOn("#linkField").write("youtu.be/fJ9rUzIMcZQ");
        robot.clickOn("#addLinkButton");
        eventually().until(() -> searchStatus(robot).startsWith("The host's YouTube allowance for today is used up, "
                + "so new songs can't be looked up until tomorrow."));

        // A link that is not a video never leaves the window.app().
        robot.clickOn("#linkField").push(KeyCode.SHORTCUT, KeyCode.A).write("vimeo.com/1234");
        robot.clickOn("#addLinkButton");
        eventually().until(() -> searchStatus(robot).equals("That is not a YouTube video link or id."));
    }

    @Test
    void votingFasterThanAllowedIsASentence(FxRobot robot) throws Exception {
        Results.RoomCreated room = server.createRoom("Slow down");
        try (OtherGuest bo = OtherGuest.join(server.uri(), room.joinCode(), "Bo")) {
            bo.add("dQw4w9WgXcQ");
            JoinSteps.join(robot, window.app(), "127.0.0.1:" + server.server().port(), room.joinCode(), "Ana");
            eventually().until(() -> Fx.get(() -> window.app().partyModel().queue().size()) == 1);
            robot.clickOn(".queue-row");
            // Up, down, up, ... — each a real change, each a message; the bucket runs dry.
            for (int i = 0; i < 12; i++) {
                robot.write(i % 2 == 0 ? "+" : "-");
            }
            eventually().until(() -> {
                Notice notice = Fx.get(() -> window.app().partyModel().noticeProperty().get());
                return notice != null && notice.text().equals(Sentences.SLOW_DOWN);
            });
            assertThat(Fx.get(() -> robot.lookup(".notice").queryAs(Label.class).getText()))
                    .isEqualTo(Sentences.SLOW_DOWN);
        }
    }

    private static String searchStatus(FxRobot robot) {
        return Fx.get(() -> robot.lookup(".search-panel .status").queryAs(Label.class).getText());
    }
}
