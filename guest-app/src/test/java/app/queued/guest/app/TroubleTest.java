package app.queued.guest.app;

import app.queued.fx.testing.FxAppExtension;
import app.queued.guest.discovery.RoomSource;
import app.queued.guest.room.PartyViewModel.BannerKind;
import app.queued.guest.room.QueueEntry;
import app.queued.guest.session.Sentences;
import app.queued.guest.testing.Fx;
import app.queued.guest.testing.GuestTesting;
import app.queued.guest.testing.JoinSteps;
import app.queued.guest.testing.OtherGuest;
import app.queued.guest.testing.PartyServer;
import app.queued.protocol.Protocol;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.Track;
import app.queued.server.testing.TcpProxy;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

import static app.queued.guest.testing.GuestTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When things go wrong: the network path is cut (a loopback relay between the app and the server that the test
 * blocks, like Wi-Fi dropping), the code is wrong, nobody answers, the guest was banned, the host closed the room.
 * Every case ends in a state the guest can read — a banner or a sentence — and never in a stale queue.
 */
class TroubleTest {
    @RegisterExtension
    static final PartyServer server = PartyServer.plain();

    @RegisterExtension
    final FxAppExtension<GuestApp> window = GuestTesting.window(RoomSource.off());

    @Test
    void aCutNetworkShowsReconnectingThenTheExactCurrentQueueWithTheOfflineVoteCountedOnce(FxRobot robot)
            throws Exception {
        Results.RoomCreated room = server.createRoom("Flaky Wi-Fi");
        try (TcpProxy wifi = new TcpProxy(server.server().port());
             OtherGuest bo = OtherGuest.join(server.uri(), room.joinCode(), "Bo")) {
            long queen = bo.add("fJ9rUzIMcZQ");
            long rick = bo.add("dQw4w9WgXcQ");
            JoinSteps.join(robot, window.app(), "127.0.0.1:" + wifi.port(), room.joinCode(), "Ana");
            eventually().until(() -> shownOrder().equals(List.of(queen, rick)));

            wifi.block();
            eventually().until(() -> banner() == BannerKind.RECONNECTING);
            assertThat(visibleBannerText(robot)).isEqualTo(Sentences.RECONNECTING);
            // The last known queue stays on screen, and the guest can still vote: it shows at once.
            robot.clickOn("#track-" + rick);
            robot.write("+");
            eventually().until(() -> shownOrder().equals(List.of(rick, queen)));
            assertThat(entry(rick).confirming()).isTrue();
            // Meanwhile the party goes on without us.
            bo.vote(queen, Protocol.UP);
            bo.vote(queen, Protocol.UP); // same vote again: still +1
            long despacito = bo.add("kJQP7kiw5Fk");
            bo.vote(despacito, Protocol.UP);

            // The Wi-Fi comes back slow: what the app sends reaches the server a moment later.
            wifi.delayUpstream(Duration.ofMillis(500));
            wifi.unblock();
            eventually().until(() -> banner() == BannerKind.NONE);
            // Back in the room, the app resends the offline vote; the server's seq is only final once it is saved
            // (confirmed: its ack and its event are in). Read before, it could miss the vote — on a busy machine the
            // resend is still on its way when the banner goes — and Bo would then never be "at" it.
            eventually().until(() -> Fx.get(() -> window.app().partyModel().queue().stream()
                    .noneMatch(QueueEntry::confirming)));
            long serverSeq = server.lastSeq(room.roomId());
            eventually().until(() -> bo.view().seq() == serverSeq);
            // Exactly the server's queue: our offline vote counted once (rick +1), Bo's moves are all there.
            List<Long> serverOrder = bo.view().queue().stream().map(Track::id).toList();
            eventually().until(() -> shownOrder().equals(serverOrder));
            assertThat(serverOrder).containsExactly(queen, rick, despacito);
            assertThat(entry(rick).score()).isEqualTo(1);
            assertThat(entry(rick).myVote()).isEqualTo(Protocol.UP);
            assertThat(entry(queen).score()).isEqualTo(1);
            assertThat(Fx.get(() -> window.app().partyModel().noticeProperty().get().text())).isEqualTo(Sentences.BACK);
        }
    }

    @Test
    void aWrongCodeIsASentenceNamingTheCode(FxRobot robot) {
        server.createRoom("Right code");
        JoinSteps.typeAndJoin(robot, "127.0.0.1:" + server.server().port(), "zz-zz99", "Ana");
        eventually().until(() -> !JoinSteps.joinError(window.app()).isEmpty());
        assertThat(visibleJoinError(robot)).isEqualTo("There's no party with the code ZZZZ99 at 127.0.0.1:"
                + server.server().port() + ". Check the code on the host's screen.");
        assertThat(Fx.get(() -> window.app().partyModel())).isNull();
    }

    @Test
    void nobodyAtThatAddressIsASentence(FxRobot robot) throws Exception {
        int nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = socket.getLocalPort();
        }
        JoinSteps.typeAndJoin(robot, "127.0.0.1:" + nobody, "ABCDEF", "Ana");
        eventually().until(() -> !JoinSteps.joinError(window.app()).isEmpty());
        assertThat(visibleJoinError(robot)).isEqualTo("Can't reach a party at 127.0.0.1:" + nobody
                + ". Check the address, and that you're on the same Wi-Fi as the host.");
    }

    @Test
    void aBannedGuestIsToldOnRejoinAndCannotJoinAgain(FxRobot robot) throws Exception {
        Results.RoomCreated room = server.createRoom("Strict house");
        try (TcpProxy wifi = new TcpProxy(server.server().port())) {
            JoinSteps.join(robot, window.app(), "127.0.0.1:" + wifi.port(), room.joinCode(), "Cy");
            sql("UPDATE guest SET banned = true WHERE room_id = ? AND nickname = 'Cy'", room.roomId());

            // The ban takes effect when the app comes back into the room: the rejoin is refused.
            wifi.block();
            eventually().until(() -> banner() == BannerKind.RECONNECTING);
            wifi.unblock();
            eventually().until(() -> banner() == BannerKind.ENDED);
            assertThat(visibleBannerText(robot)).isEqualTo(Sentences.REMOVED);
            assertThat(Fx.get(() -> window.app().partyModel().canVoteProperty().get())).isFalse();

            // Back to the start screen: the form remembers the party; joining again is refused with a sentence.
            robot.clickOn("#backButton");
            eventually().until(() -> Fx.get(() -> window.app().partyModel() == null
                    && !window.app().joinModel().nicknameProperty().get().isEmpty()));
            assertThat(Fx.get(() -> window.app().joinModel().codeProperty().get())).isEqualTo(room.joinCode());
            robot.clickOn("#joinButton");
            eventually().until(() -> !JoinSteps.joinError(window.app()).isEmpty());
            assertThat(visibleJoinError(robot)).isEqualTo(Sentences.REMOVED + " You can't join it again.");
        }
    }

    @Test
    void whenTheHostClosedTheRoomTheGuestReadsSo(FxRobot robot) throws Exception {
        Results.RoomCreated room = server.createRoom("Last song");
        try (TcpProxy wifi = new TcpProxy(server.server().port())) {
            JoinSteps.join(robot, window.app(), "127.0.0.1:" + wifi.port(), room.joinCode(), "Dee");
            sql("UPDATE room SET closed_at = now() WHERE id = ?", room.roomId());
            wifi.block();
            eventually().until(() -> banner() == BannerKind.RECONNECTING);
            wifi.unblock();
            eventually().until(() -> banner() == BannerKind.ENDED);
            assertThat(visibleBannerText(robot)).isEqualTo(Sentences.ROOM_CLOSED);
            assertThat(robot.lookup("#backButton").queryButton().isVisible()).isTrue();
        }
    }

    @Test
    void aLiveBanEndsThePartyAtOnceWithASentence(FxRobot robot) throws Exception {
        Results.RoomCreated room = server.createRoom("Live ban");
        try (OtherGuest host = OtherGuest.host(server.uri(), room.hostToken())) {
            JoinSteps.join(robot, window.app(), "127.0.0.1:" + server.server().port(), room.joinCode(), "Zed");
            long zed = guestId(room.roomId(), "Zed");
            host.send(id -> new Request.Ban(id, zed, true));
            eventually().until(() -> banner() == BannerKind.ENDED);
            assertThat(visibleBannerText(robot)).isEqualTo(Sentences.REMOVED);
            assertThat(Fx.get(() -> window.app().partyModel().canVoteProperty().get())).isFalse();
        }
    }

    @Test
    void theHostEndingThePartyIsSaidAtOnce(FxRobot robot) throws Exception {
        Results.RoomCreated room = server.createRoom("Goodnight");
        try (OtherGuest host = OtherGuest.host(server.uri(), room.hostToken())) {
            JoinSteps.join(robot, window.app(), "127.0.0.1:" + server.server().port(), room.joinCode(), "Eve");
            host.send(Request.CloseRoom::new);
            eventually().until(() -> banner() == BannerKind.ENDED);
            assertThat(visibleBannerText(robot)).isEqualTo(Sentences.ROOM_CLOSED);
            // The app does not keep knocking: the banner stays and no reconnect starts.
            assertThat(Fx.get(() -> window.app().partyModel().bannerProperty().get())).isEqualTo(BannerKind.ENDED);
        }
    }

    // ---- helpers

    private static long guestId(long roomId, String nickname) throws Exception {
        try (Connection c = server.sql();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM guest WHERE room_id = ? AND nickname = ?")) {
            ps.setLong(1, roomId);
            ps.setString(2, nickname);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void sql(String statement, long roomId) throws Exception {
        try (Connection c = server.sql(); PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setLong(1, roomId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private BannerKind banner() {
        return Fx.get(() -> window.app().partyModel().bannerProperty().get());
    }

    private static String visibleBannerText(FxRobot robot) {
        return Fx.get(() -> {
            Node banner = robot.lookup("#banner").query();
            assertThat(banner.isVisible()).as("banner visible").isTrue();
            return robot.lookup("#bannerText").queryAs(Label.class).getText();
        });
    }

    private static String visibleJoinError(FxRobot robot) {
        return Fx.get(() -> {
            Label error = robot.lookup("#joinError").queryAs(Label.class);
            assertThat(error.isVisible()).as("error visible").isTrue();
            return error.getText();
        });
    }

    private List<Long> shownOrder() {
        return Fx.get(() -> window.app().partyView().queueList().shownOrder());
    }

    private QueueEntry entry(long trackId) {
        return Fx.get(() -> window.app().partyModel().queue().stream().filter(e -> e.trackId() == trackId).findFirst()
                .orElseThrow());
    }
}
