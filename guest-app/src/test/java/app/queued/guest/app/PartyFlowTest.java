package app.queued.guest.app;

import app.queued.discovery.RoomAdvert;
import app.queued.discovery.RoomAdvertiser;
import app.queued.fx.testing.FxAppExtension;
import app.queued.guest.discovery.RoomSource;
import app.queued.guest.room.QueueEntry;
import app.queued.guest.room.QueueList;
import app.queued.guest.testing.Fx;
import app.queued.guest.testing.GuestTesting;
import app.queued.guest.testing.Lookups;
import app.queued.guest.testing.OtherGuest;
import app.queued.guest.testing.PartyServer;
import app.queued.protocol.Protocol;
import app.queued.protocol.Results;
import app.queued.server.VoteServer;
import java.net.InetAddress;
import java.util.List;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

import static app.queued.guest.testing.GuestTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guest's whole way through a party, in a real window (headless) against a real vote server on real
 * PostgreSQL and Redis: find the party on the (loopback) network, join, add by search and by link, vote with the
 * keyboard, and watch another guest's vote reorder this window's queue.
 */
class PartyFlowTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    @RegisterExtension
    static final PartyServer server = PartyServer.plain();
    static RoomAdvertiser advertiser;
    static Results.RoomCreated room;

    @RegisterExtension
    final FxAppExtension<GuestApp> window = GuestTesting.window(RoomSource.on(LOOPBACK));

    @BeforeAll
    static void startServer() throws Exception {
        room = server.createRoom("Friday night");
        advertiser = RoomAdvertiser.start(List.of(LOOPBACK),
                new RoomAdvert("Friday night", server.server().port(), VoteServer.NAME, Protocol.VERSION));
    }

    @AfterAll
    static void stopServer() {
        advertiser.close();
    }

    @Test
    void discoverJoinAddVoteAndSeeAnotherGuestsVoteReorderTheQueue(FxRobot robot) throws Exception {
        // Discover: the party shows up in "Parties nearby"; picking it fills in the address.
        String roomCell = "#room-" + server.server().port();
        eventually().until(() -> Lookups.anyVisible(robot, roomCell)); // laid out and shown, not only in the list
        robot.clickOn(Lookups.visible(robot, roomCell));
        assertThat(Fx.get(() -> window.app().joinModel().addressProperty().get()))
                .isEqualTo("127.0.0.1:" + server.server().port());

        // Join with the code (typed the way people do: lower case, with a dash) and a nickname.
        String code = room.joinCode();
        robot.clickOn("#codeField").write(code.substring(0, 3).toLowerCase() + "-" + code.substring(3).toLowerCase());
        robot.clickOn("#nicknameField").write("Ana");
        robot.clickOn("#joinButton");
        eventually().until(() -> Fx.get(() -> window.app().partyModel() != null));
        assertThat(robot.lookup(".room-name").queryAs(Label.class).getText()).isEqualTo("Friday night");

        // Add by search.
        robot.clickOn("#searchField").write("bohemian");
        robot.clickOn("#searchButton");
        eventually().until(() -> Lookups.anyVisible(robot, "#add-fJ9rUzIMcZQ"));
        robot.clickOn(Lookups.visible(robot, "#add-fJ9rUzIMcZQ"));
        eventually().until(() -> statusText(robot).startsWith("Added “Queen – Bohemian Rhapsody"));
        eventually().until(() -> shownTitles().size() == 1);

        // Add by pasted link; the new row is highlighted.
        robot.clickOn("#linkField").write("https://youtu.be/dQw4w9WgXcQ?si=share");
        robot.clickOn("#addLinkButton");
        eventually().until(() -> shownTitles().size() == 2);
        long rick = trackIdOf("dQw4w9WgXcQ");
        long queen = trackIdOf("fJ9rUzIMcZQ");
        eventually().until(() -> Fx.get(() -> window.app().partyModel().selectedTrackIdProperty().get()) == rick);
        assertThat(shownOrder()).containsExactly(queen, rick);

        // Adding what is queued already counts as an upvote, and says so.
        robot.clickOn("#linkField").write("dQw4w9WgXcQ");
        robot.clickOn("#addLinkButton");
        eventually().until(() -> statusText(robot).contains("already in the queue, so your add counted as an upvote"));
        eventually().until(() -> shownOrder().equals(List.of(rick, queen)));
        assertThat(entry(rick).myVote()).isEqualTo(Protocol.UP);

        try (OtherGuest bo = OtherGuest.join(server.uri(), room.joinCode(), "Bo")) {
            // Another guest's vote reorders this window: Queen goes to +2, above Rick's +1.
            bo.vote(queen, Protocol.UP);
            bo.add("kJQP7kiw5Fk");
            eventually().until(() -> shownOrder().size() == 3);
            bo.vote(queen, Protocol.UP);
            eventually().until(() -> shownOrder().get(0) == queen);
            long despacito = trackIdOf("kJQP7kiw5Fk");

            // Vote with the keyboard on the selected row: a click selects Despacito, "+" upvotes it.
            robot.clickOn("#track-" + despacito);
            robot.write("+");
            // Optimistic: the window moved before any answer could matter; then the server agrees.
            eventually().until(() -> entry(despacito).myVote() == Protocol.UP);
            eventually().until(() -> !entry(despacito).confirming()
                    && bo.view().queue().stream().anyMatch(t -> t.id() == despacito && t.score() == 1));
            // Despacito (+1, added last) is behind Rick (+1, added earlier): order queen, rick, despacito.
            assertThat(shownOrder()).containsExactly(queen, rick, despacito);

            // "-" on Queen (selected with the arrow keys) drops it from +2 to 0: it falls behind both.
            robot.type(javafx.scene.input.KeyCode.HOME);
            assertThat(Fx.get(() -> window.app().partyModel().selectedTrackIdProperty().get())).isEqualTo(queen);
            robot.write("-");
            eventually().until(() -> shownOrder().equals(List.of(rick, despacito, queen)));
            assertThat(entry(queen).score()).isEqualTo(0);
            eventually().until(() -> bo.view().queue().get(2).id() == queen);

            // "0" takes the vote back.
            robot.write("0");
            eventually().until(() -> entry(queen).myVote() == 0 && !entry(queen).confirming());
            eventually().until(() -> shownOrder().equals(List.of(queen, rick, despacito)));

            // Everyone's window agrees with the server's order.
            eventually().until(() -> bo.view().queue().stream().map(t -> t.id()).toList().equals(shownOrder()));
        }
    }

    // ---- reading the window

    private List<Long> shownOrder() {
        return Fx.get(() -> window.app().partyView().queueList().shownOrder());
    }

    private List<String> shownTitles() {
        return Fx.get(() -> window.app().partyModel().queue().stream().map(QueueEntry::title).toList());
    }

    private QueueEntry entry(long trackId) {
        return Fx.get(() -> window.app().partyModel().queue().stream().filter(e -> e.trackId() == trackId).findFirst()
                .orElseThrow());
    }

    private long trackIdOf(String videoId) {
        return Fx.get(() -> window.app().partyModel().queue().stream().filter(e -> e.videoId().equals(videoId))
                .findFirst().orElseThrow().trackId());
    }

    private static String statusText(FxRobot robot) {
        return Fx.get(() -> robot.lookup(".search-panel .status").queryAs(Label.class).getText());
    }

    static QueueList queueListOf(GuestApp app) {
        return app.partyView().queueList();
    }
}
