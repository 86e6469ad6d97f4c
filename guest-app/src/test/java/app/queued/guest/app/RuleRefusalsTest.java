package app.queued.guest.app;

import app.queued.fx.testing.FxAppExtension;
import app.queued.guest.discovery.RoomSource;
import app.queued.guest.room.PartyViewModel;
import app.queued.guest.testing.Fx;
import app.queued.guest.testing.GuestTesting;
import app.queued.guest.testing.JoinSteps;
import app.queued.guest.testing.Lookups;
import app.queued.guest.testing.OtherGuest;
import app.queued.guest.testing.PartyServer;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.RoomRules;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

import static app.queued.guest.testing.GuestTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each room rule the host can set, met by a guest in the real window against a real server: the guest reads the
 * server's own sentence for that rule, never "The host has removed you from this party." (which every refusal used
 * to read as).
 */
class RuleRefusalsTest {
    private static final String REMOVED = "The host has removed you from this party.";
    /** In the demo catalog, 5:59 long. */
    private static final String BOHEMIAN = "fJ9rUzIMcZQ";
    private static final String DESPACITO = "kJQP7kiw5Fk";
    @RegisterExtension
    static final PartyServer server = PartyServer.plain();

    @RegisterExtension
    final FxAppExtension<GuestApp> window = GuestTesting.window(RoomSource.off());
    OtherGuest host;
    OtherGuest bo;

    @AfterEach
    void leave() {
        if (host != null) {
            host.close();
        }
        if (bo != null) {
            bo.close();
        }
    }

    /** A room with the host and Bo in it, Ana (this window) joined, and the rules set as given. */
    private void partyWith(FxRobot robot, RoomRules rules) throws Exception {
        Results.RoomCreated room = server.createRoom("Rules");
        host = OtherGuest.host(server.uri(), room.hostToken());
        bo = OtherGuest.join(server.uri(), room.joinCode(), "Bo");
        host.send(id -> new Request.SetRules(id, rules));
        JoinSteps.join(robot, window.app(), "127.0.0.1:" + server.server().port(), room.joinCode(), "Ana");
        eventually().until(() -> Fx.get(() -> window.app().partyModel().queue().size()) == host.view().queue().size());
    }

    private static RoomRules rules(Integer cap, Integer maxSeconds, boolean downvotes, boolean addingLocked,
                                   boolean votingLocked, boolean voteOnly) {
        return new RoomRules(RoomRules.VOTES, cap, maxSeconds, downvotes, null, addingLocked, votingLocked, voteOnly,
                0.5);
    }

    private void addByLink(FxRobot robot, String videoId) {
        robot.clickOn("#linkField").write("https://youtu.be/" + videoId);
        robot.clickOn("#addLinkButton");
    }

    private static String addStatus(FxRobot robot) {
        return Fx.get(() -> robot.lookup(".search-panel .status").queryAs(Label.class).getText());
    }

    private static String voteNotice(FxRobot robot) {
        return Lookups.anyVisible(robot, ".party .notice")
                ? Fx.get(() -> robot.lookup(".party .notice").queryAs(Label.class).getText()) : "";
    }

    private void expectAddRefused(FxRobot robot, String sentence) {
        eventually().until(() -> !addStatus(robot).isEmpty() && !addStatus(robot).equals("Adding…"));
        assertThat(addStatus(robot)).isEqualTo(sentence).isNotEqualTo(REMOVED);
        assertThat(Fx.get(() -> window.app().partyModel().bannerProperty().get())).isEqualTo(
                PartyViewModel.BannerKind.NONE);
    }

    private void expectVoteRefused(FxRobot robot, String sentence) {
        eventually().until(() -> !voteNotice(robot).isEmpty());
        assertThat(voteNotice(robot)).isEqualTo(sentence).isNotEqualTo(REMOVED);
    }

    @Test
    void addingLocked(FxRobot robot) throws Exception {
        partyWith(robot, rules(null, null, true, true, false, false));
        addByLink(robot, BOHEMIAN);
        expectAddRefused(robot, "The host has paused adding tracks for now.");
    }

    @Test
    void votingLocked(FxRobot robot) throws Exception {
        long track = 0;
        partyWith(robot, rules(null, null, true, false, true, false));
        track = host.add(DESPACITO);
        long id = track;
        eventually().until(() -> Lookups.anyVisible(robot, "#up-" + id));
        robot.clickOn("#up-" + id);
        expectVoteRefused(robot, "The host has paused voting for now.");
    }

    @Test
    void voteOnlyAdding(FxRobot robot) throws Exception {
        partyWith(robot, rules(null, null, true, false, false, true));
        addByLink(robot, BOHEMIAN);
        expectAddRefused(robot, "Right now only the host adds tracks; vote on the queue!");
    }

    @Test
    void voteOnlyVotingOnAGuestsSong(FxRobot robot) throws Exception {
        long bos = 0;
        partyWith(robot, rules(null, null, true, false, false, false));
        bos = bo.add(DESPACITO);
        host.send(id -> new Request.SetRules(id, rules(null, null, true, false, false, true)));
        long id = bos;
        eventually().until(() -> Lookups.anyVisible(robot, "#up-" + id)
                && Fx.get(() -> window.app().partyModel().queue().size()) == 1);
        robot.clickOn("#up-" + id);
        expectVoteRefused(robot, "Right now guests vote only on the host's picks.");
    }

    @Test
    void downvotesOff(FxRobot robot) throws Exception {
        partyWith(robot, rules(null, null, false, false, false, false));
        long id = host.add(DESPACITO);
        eventually().until(() -> Lookups.anyVisible(robot, "#down-" + id));
        robot.clickOn("#down-" + id);
        expectVoteRefused(robot, "Downvotes are off in this room.");
    }

    @Test
    void perGuestCap(FxRobot robot) throws Exception {
        partyWith(robot, rules(1, null, true, false, false, false));
        addByLink(robot, DESPACITO);
        eventually().until(() -> addStatus(robot).startsWith("Added"));
        addByLink(robot, BOHEMIAN);
        expectAddRefused(robot, "You already have 1 track in the queue, the most the host allows; add more when "
                + "one has played.");
    }

    @Test
    void tooLong(FxRobot robot) throws Exception {
        partyWith(robot, rules(null, 60, true, false, false, false));
        addByLink(robot, BOHEMIAN);
        expectAddRefused(robot, "That track is longer than the host allows (at most 1:00).");
        // the rule was on screen before the guest tried
        assertThat(Fx.get(() -> robot.lookup("#houseRules").queryAs(Label.class).getText()))
                .isEqualTo("House rules: songs up to 1:00");
    }
}
