package app.queued.host.app;

import app.queued.client.ConnectionStatus;
import app.queued.client.QueuedClient;
import app.queued.client.RequestFailedException;
import app.queued.client.RoomView;
import app.queued.fx.testing.QrReading;
import app.queued.host.room.KnownRooms;
import app.queued.host.settings.SettingsStore;
import app.queued.protocol.CatalogEntry;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import app.queued.protocol.Track;
import app.queued.server.catalog.DemoCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The host app end to end, headless (Monocle): its own in-process vote server on its built-in PostgreSQL and
 * Redis (in a temporary app-data folder), a guest on the shared client over loopback, and a stand-in for the
 * YouTube player API. One party, step by step: each test builds on the one before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostAppTest {
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration SOON = Duration.ofSeconds(20);

    private final FxRobot robot = new FxRobot();
    private Path home;
    private Stage stage;
    private HostApp app;
    private QueuedClient guest;
    private String code;
    private long guestId;
    private String guestToken;
    private final List<CatalogEntry> catalog = new DemoCatalog().search("", 100);

    static HostConfig config(Path home) {
        return new HostConfig(home, "127.0.0.1", 0, false, "/fake-iframe-api.js",
                Map.of("/fake-iframe-api.js", "/fake-iframe-api.js"), null, Map.of(), null,
                HostConfig.AutoQuit.NEVER, false, true, url -> { }, () -> { });
    }

    @BeforeAll
    void launch() throws Exception {
        home = Files.createTempDirectory("queued-host-test");
        stage = FxToolkit.registerPrimaryStage();
        app = new HostApp(config(home));
        FxToolkit.setupFixture(() -> app.show(stage));
    }

    @AfterAll
    void stop() throws Exception {
        if (guest != null) {
            guest.close();
        }
        if (app != null) {
            app.stopEverything();
        }
        // its database is some 55 MB: nothing of it stays in the temp folder
        try (java.util.stream.Stream<Path> files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- helpers: FX state is read on the FX thread; every wait has a deadline and a condition ----

    private static <T> T fx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(Duration limit, Callable<Boolean> condition) {
        await().atMost(limit).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> fx(condition));
    }

    private Optional<Node> node(String query) {
        return robot.lookup(query).tryQuery();
    }

    private String text(String query) {
        return fx(() -> node(query).map(n -> ((Label) n).getText()).orElse(""));
    }

    private List<Long> hostOrder() {
        return fx(() -> app.partyView().queueList().shownOrder());
    }

    private long nowPlayingId() {
        return fx(() -> {
            Track t = app.party().nowPlayingProperty().get();
            return t == null ? -1L : t.id();
        });
    }

    private RoomView guestView() {
        return guest.view();
    }

    /** Chooses one of the room screen's tabs on the right (Rules, People, History, Fallback). */
    private void showTab(String id) {
        robot.interact(() -> {
            javafx.scene.control.TabPane tabs = (javafx.scene.control.TabPane) node("#sideTabs").orElseThrow();
            tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst()
                    .ifPresent(t -> tabs.getSelectionModel().select(t));
        });
    }

    private void pressCtrl(KeyCode key) {
        robot.press(KeyCode.CONTROL, key).release(key, KeyCode.CONTROL);
    }

    // ---- the party ----

    @Test
    @Order(1)
    void startsItsServerAndOffersToStartAParty() {
        // "Start a party" shows while the server starts; the server is ready soon after
        waitFor(START, () -> node("#roomNameField").isPresent() && app.running() != null);
        assertThat(app.running().server().cacheAvailable()).isTrue();
        assertThat(home.resolve("postgres").resolve("PG_VERSION")).exists();
    }

    @Test
    @Order(2)
    void createsARoomAndShowsItsJoinCodeLarge() throws Exception {
        robot.clickOn("#roomNameField").write("Test party");
        robot.clickOn("#createRoom");
        waitFor(SOON, () -> node("#joinCode").isPresent() && !((Label) node("#joinCode").get()).getText().isEmpty());
        code = text("#joinCode").replace(" ", "");
        assertThat(code).hasSize(6);
        assertThat(text("#roomName")).isEqualTo("Test party");
        assertThat(text("#address")).contains(":" + app.running().server().port());
        // the QR code beside it opens the web guest with this room's code filled in (drawn at the screen's next
        // layout, which may come a pulse after the code's label: read until a reader finds it, within SOON)
        String link = "http://127.0.0.1:" + app.running().server().port() + "/#code=" + code;
        await().atMost(SOON).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(QrReading.decode(node("#roomQr").orElseThrow())).isEqualTo(link));
        try (Connection c = app.running().server().database().connection();
             PreparedStatement ps = c.prepareStatement("SELECT name FROM room WHERE join_code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Test party");
            }
        }
        KnownRooms known = new KnownRooms(home);
        assertThat(known.all()).singleElement().satisfies(r -> assertThat(r.joinCode()).isEqualTo(code));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(known.file()))).isEqualTo("rw-------");
    }

    @Test
    @Order(3)
    void aGuestsVoteMovesTheTrackUpOnTheHostsScreen() throws Exception {
        guest = QueuedClient.builder(app.running().server().localUri()).clientName("test guest").build();
        guest.connect().get(10, TimeUnit.SECONDS);
        Results.Joined joined = guest.joinAsGuest(code, "Ana", null).get(10, TimeUnit.SECONDS);
        guestId = joined.guestId();
        guestToken = joined.guestToken();
        waitFor(SOON, () -> text("#presence").equals("1 guest here"));

        for (int i = 10; i < 14; i++) {
            guest.add(catalog.get(i).videoId()).get(10, TimeUnit.SECONDS);
        }
        // the player is ready and nothing played: the host app starts the head of the queue by itself
        waitFor(SOON, () -> app.party().nowPlayingProperty().get() != null && hostOrder().size() == 3);
        assertThat(text("#nowTitle")).isEqualTo(catalog.get(10).title());

        long last = hostOrder().get(2);
        // registered after the screen's own listener: sees the rows right after they were put in the new order
        java.util.concurrent.atomic.AtomicBoolean slid = new java.util.concurrent.atomic.AtomicBoolean();
        javafx.collections.ListChangeListener<Object> watch = change -> {
            if (app.partyView().queueList().moving()) {
                slid.set(true);
            }
        };
        robot.interact(() -> app.party().queue().addListener(watch));
        guest.vote(last, 1).get(10, TimeUnit.SECONDS);
        waitFor(SOON, () -> hostOrder().get(0) == last);
        assertThat(slid).as("rows slide to their new places").isTrue();
        robot.interact(() -> app.party().queue().removeListener(watch));
        assertThat(text("#score-" + last)).isEqualTo("+1");
        assertThat(hostOrder()).isEqualTo(guestView().queue().stream().map(Track::id).toList());
    }

    @Test
    @Order(4)
    void theHostVotesAndAddsToo() throws Exception {
        long bottom = hostOrder().get(2);
        robot.clickOn("#up-" + bottom);
        waitFor(SOON, () -> guestView().queue().stream().anyMatch(t -> t.id() == bottom && t.score() == 1));
        try (Connection c = app.running().server().database().connection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM vote WHERE track_id = ? AND value = 1")) {
            ps.setLong(1, bottom);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }

        robot.clickOn("#addField").write("queen").type(KeyCode.ENTER);
        waitFor(SOON, () -> !app.party().searchResults().isEmpty());
        String videoId = fx(() -> app.party().searchResults().get(0).videoId());
        robot.clickOn("#add-" + videoId);
        try {
            waitFor(SOON, () -> guestView().queue().stream().anyMatch(t -> t.videoId().equals(videoId)
                    && t.addedBy() != guestId));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("host's add did not arrive; notice: " + fx(() -> app.party().noticeProperty().get()), e);
        }
        assertThat(hostOrder()).hasSize(4);
    }

    @Test
    @Order(5)
    void moderationReachesTheServer() throws Exception {
        robot.clickOn("#lockAdding");
        waitFor(SOON, () -> guestView().rules().addingLocked());
        assertThatThrownBy(() -> guest.add(catalog.get(20).videoId()).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(RequestFailedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        robot.clickOn("#lockAdding");
        waitFor(SOON, () -> !guestView().rules().addingLocked());

        robot.clickOn("#lockVoting");
        waitFor(SOON, () -> guestView().rules().votingLocked());
        robot.clickOn("#lockVoting");
        waitFor(SOON, () -> !guestView().rules().votingLocked());

        robot.clickOn("#capEnabled");
        waitFor(SOON, () -> Integer.valueOf(3).equals(guestView().rules().maxQueuedPerGuest()));
        robot.clickOn("#maxLengthEnabled");
        waitFor(SOON, () -> Integer.valueOf(600).equals(guestView().rules().maxTrackSeconds()));
        robot.clickOn("#autoRemoveEnabled");
        waitFor(SOON, () -> Integer.valueOf(-3).equals(guestView().rules().autoRemoveAt()));
        robot.clickOn("#voteOnly");
        waitFor(SOON, () -> guestView().rules().voteOnly());
        robot.clickOn("#voteOnly");
        waitFor(SOON, () -> !guestView().rules().voteOnly());

        // the vote-to-skip share: the slider commits on release; here its model takes the value directly
        robot.interact(() -> {
            app.rules().skipPercentProperty().set(30);
            app.rules().apply();
        });
        waitFor(SOON, () -> guestView().rules().skipShare() == 0.3);
        assertThat(text("#rulesText")).contains("at most 3 songs per guest").contains("songs up to 10 min")
                .contains("dropped at \u22123").contains("skip when 30 % ask");
        assertThat(text("#skipShareText")).isEqualTo("30 %: with 2 people here, the song is skipped once 1 person asks.");
        robot.clickOn("#maxLengthEnabled");
        robot.clickOn("#autoRemoveEnabled");
        waitFor(SOON, () -> guestView().rules().maxTrackSeconds() == null && guestView().rules().autoRemoveAt() == null);

        long victim = hostOrder().get(hostOrder().size() - 1);
        robot.clickOn("#remove-" + victim);
        waitFor(SOON, () -> guestView().queue().stream().noneMatch(t -> t.id() == victim));

        // People: live, no Refresh; a guest made co-host has the rights at once, and is a guest again
        showTab("peopleTab");
        waitFor(SOON, () -> node("#promote-" + guestId).isPresent());
        assertThat(text("#peopleSummary")).isEqualTo("1 of 1 guest here now");
        robot.clickOn("#promote-" + guestId);
        waitFor(SOON, () -> guestView().present().stream().anyMatch(p -> p.guestId() == guestId
                && p.role() == Role.COHOST));
        // the list is asked again after the role change: click once it shows the co-host (its rows are new then)
        waitFor(SOON, () -> app.people().people().stream().anyMatch(p -> p.guestId() == guestId && p.cohost())
                && node("#demote-" + guestId).isPresent());
        robot.clickOn("#demote-" + guestId);
        waitFor(SOON, () -> guestView().present().stream().anyMatch(p -> p.guestId() == guestId
                && p.role() == Role.GUEST));

        waitFor(SOON, () -> app.people().people().stream().anyMatch(p -> p.guestId() == guestId && !p.cohost())
                && node("#ban-" + guestId).isPresent());
        robot.clickOn("#ban-" + guestId);
        await().atMost(SOON).until(() -> guest.status() == ConnectionStatus.CLOSED);
        waitFor(SOON, () -> app.people().people().stream().anyMatch(p -> p.guestId() == guestId
                && p.member().banned()));
        waitFor(SOON, () -> text("#presence").equals("No guests yet"));

        waitFor(SOON, () -> node("#unban-" + guestId).isPresent());
        robot.clickOn("#unban-" + guestId);
        waitFor(SOON, () -> app.people().people().stream().anyMatch(p -> p.guestId() == guestId
                && !p.member().banned()));
        showTab("rulesTab");
        guest = QueuedClient.builder(app.running().server().localUri()).build();
        guest.connect().get(10, TimeUnit.SECONDS);
        assertThat(guest.joinAsGuest(code, null, guestToken).get(10, TimeUnit.SECONDS).guestId()).isEqualTo(guestId);
        await().atMost(SOON).until(() -> guest.view().hasSnapshot());
    }

    @Test
    @Order(6)
    void aTrackThatEndsAdvancesOnceAndAnUnembeddableOneIsSkipped() throws Exception {
        // fill up again: after the ban removed the guest's songs the queue may be short
        for (int i = 30; i < 33; i++) {
            guest.add(catalog.get(i).videoId()).get(10, TimeUnit.SECONDS);
        }
        waitFor(SOON, () -> hostOrder().size() >= 3);
        long playing = nowPlayingId();
        long head = hostOrder().get(0);
        int queued = hostOrder().size();
        robot.interact(() -> app.playerView().engine().executeScript("fakeEnd(); fakeEnd();"));
        waitFor(SOON, () -> nowPlayingId() == head);
        guest.ping().get(10, TimeUnit.SECONDS); // a round trip after both "ended"s: a second skip would show by now
        assertThat(nowPlayingId()).isEqualTo(head).isNotEqualTo(playing);
        assertThat(hostOrder()).hasSize(queued - 1);

        long next = hostOrder().get(0);
        robot.interact(() -> app.playerView().engine().executeScript("fakeError(150)"));
        waitFor(SOON, () -> nowPlayingId() == next);
        assertThat(text("#playerNotice")).contains("cannot be played here");
        assertThat(fx(() -> app.player().elapsedTextProperty().get())).isNotEmpty();
    }

    @Test
    @Order(7)
    void keyboardShortcutsDoTheCommonHostActions() {
        robot.clickOn("#queueTitle");
        pressCtrl(KeyCode.L);
        waitFor(SOON, () -> guestView().rules().addingLocked());
        pressCtrl(KeyCode.L);
        waitFor(SOON, () -> !guestView().rules().addingLocked());
        // with the keyboard in the player's web view (which swallows keys), the shortcuts still act
        robot.interact(() -> app.playerView().root().lookup(".web-view").requestFocus());
        pressCtrl(KeyCode.L);
        waitFor(SOON, () -> guestView().rules().addingLocked());
        pressCtrl(KeyCode.L);
        waitFor(SOON, () -> !guestView().rules().addingLocked());
        robot.clickOn("#queueTitle");

        long playing = nowPlayingId();
        robot.type(KeyCode.N);
        waitFor(SOON, () -> nowPlayingId() != playing);

        robot.press(KeyCode.CONTROL, KeyCode.T).release(KeyCode.T, KeyCode.CONTROL);
        waitFor(SOON, () -> app.tvScreen() != null && app.tvScreen().showing());
        assertThat(text("#tvJoinCode").replace(" ", "")).isEqualTo(code);
        assertThat(fx(() -> app.tvScreen().queueList().shownOrder())).isEqualTo(
                hostOrder().subList(0, Math.min(hostOrder().size(), 7)));
        robot.interact(() -> app.tvScreen().close());
    }

    @Test
    @Order(8)
    void historyShowsWhatPlayedAndExportsItAsCsv() throws Exception {
        showTab("historyTab");
        waitFor(SOON, () -> app.history().played().size() >= 2);
        assertThat(text("#historySummary")).endsWith("songs played");
        Path csv = home.resolve("exported history.csv");
        app.answerSaveDialogs((chooser, owner) -> {
            assertThat(chooser.getInitialFileName()).endsWith(".csv");
            return csv.toFile();
        });
        robot.clickOn("#exportHistory");
        waitFor(SOON, () -> text("#historyNotice").startsWith("Saved"));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("played_at,title,channel,link,added_by,final_score,fallback");
        assertThat(lines).hasSize(app.history().played().size() + 1);
        showTab("rulesTab");
    }

    @Test
    @Order(9)
    void theFallbackIsChosenFromLinksAndRemembered() throws Exception {
        showTab("fallbackTab");
        robot.clickOn("#fallbackLinks");
        robot.clickOn("#fallbackLinkList").write("https://youtu.be/" + catalog.get(40).videoId() + "\n"
                + catalog.get(41).videoId());
        robot.clickOn("#fallbackSave");
        waitFor(SOON, () -> text("#fallbackNotice").equals("Saved."));
        assertThat(text("#fallbackStatus")).isEqualTo("When the queue is empty, these 2 songs play in turn.");
        await().atMost(SOON).until(() -> new KnownRooms(home).all().get(0).fallbackLinks().size() == 2);
        assertThat(new KnownRooms(home).all().get(0).fallbackSource()).isEqualTo("links");

        // a link that is not YouTube's is the server's sentence, numbered
        robot.clickOn("#fallbackLinkList").write("\nhttps://vimeo.com/1");
        robot.clickOn("#fallbackSave");
        waitFor(SOON, () -> text("#fallbackNotice").startsWith("Link 3"));
        assertThat(text("#fallbackNotice")).contains("That is not a YouTube video link or id.");
        showTab("rulesTab");
    }

    @Test
    @Order(10)
    void settingsArePersistedInTheAppDataFolder() throws Exception {
        robot.clickOn("#settingsButton");
        waitFor(SOON, () -> node("#port").isPresent());
        robot.doubleClickOn("#port").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                .write("7799");
        robot.clickOn("#advertise");
        robot.clickOn("#saveSettings");
        waitFor(SOON, () -> text("#settingsNotice").startsWith("Saved"));
        SettingsStore store = new SettingsStore(home);
        assertThat(store.load().port()).isEqualTo(7799);
        assertThat(store.load().advertise()).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(fx(() -> node("#restartServer").map(Node::isVisible).orElse(false))).isTrue();
        robot.clickOn("#closeSettings");
    }

    @Test
    @Order(11)
    void quitStopsTheServerWithItsPostgresAndRedis() throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(home.resolve("postgres").resolve("postmaster.pid")).get(0)
                .strip());
        long redis = Long.parseLong(Files.readString(home.resolve("redis.pid")).strip().split("\\s+")[0]);
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);
        assertThat(ProcessHandle.of(redis).map(ProcessHandle::isAlive)).contains(true);
        guest.close();

        // Ctrl+Q quits (it used to do nothing), here with the keyboard in a text field
        robot.clickOn("#addField");
        pressCtrl(KeyCode.Q);
        app.stopped().get(60, TimeUnit.SECONDS);

        await().atMost(SOON).until(() -> ProcessHandle.of(postmaster).map(p -> !p.isAlive()).orElse(true)
                && ProcessHandle.of(redis).map(p -> !p.isAlive()).orElse(true));
        assertThat(home.resolve("redis.pid")).doesNotExist();
    }

    @Test
    @Order(12)
    void theRoomAndItsQueueAreThereAfterARestart() throws Exception {
        List<Long> before = hostOrder();
        app = new HostApp(config(home));
        FxToolkit.setupFixture(() -> app.show(stage));
        waitFor(START, () -> node("#knownRooms").isPresent()
                && ((ListView<?>) node("#knownRooms").get()).getItems().size() == 1);
        robot.interact(() -> ((ListView<?>) node("#knownRooms").get()).getSelectionModel().select(0));
        robot.clickOn("#reopenRoom");
        waitFor(START, () -> node("#joinCode").isPresent() && text("#joinCode").replace(" ", "").equals(code)
                && app.partyView().queueList().shownOrder().size() == before.size());
        assertThat(hostOrder()).isEqualTo(before);

        // in the reopened room with two guests, Ctrl+L still locks adding
        try (QueuedClient ana = QueuedClient.builder(app.running().server().localUri()).build();
             QueuedClient bo = QueuedClient.builder(app.running().server().localUri()).build()) {
            ana.connect().get(10, TimeUnit.SECONDS);
            ana.joinAsGuest(code, null, guestToken).get(10, TimeUnit.SECONDS);
            bo.connect().get(10, TimeUnit.SECONDS);
            bo.joinAsGuest(code, "Bo", null).get(10, TimeUnit.SECONDS);
            waitFor(SOON, () -> text("#presence").equals("2 guests here"));
            robot.clickOn("#queueTitle");
            pressCtrl(KeyCode.L);
            waitFor(SOON, () -> bo.view().rules().addingLocked());
            pressCtrl(KeyCode.L);
            waitFor(SOON, () -> !bo.view().rules().addingLocked());

            // End party: first it says what happens to the guests; Escape keeps the party going
            robot.clickOn("#endParty");
            waitFor(SOON, () -> node("#confirmEnd").map(Node::isVisible).orElse(false));
            assertThat(text("#confirmEndText")).startsWith("The 2 guests here are disconnected at once");
            robot.type(KeyCode.ESCAPE);
            waitFor(SOON, () -> !node("#confirmEnd").map(Node::isVisible).orElse(true));
            assertThat(bo.status()).isEqualTo(ConnectionStatus.CONNECTED);

            robot.clickOn("#endParty");
            waitFor(SOON, () -> node("#endForAll").map(Node::isVisible).orElse(false));
            robot.clickOn("#endForAll");
            await().atMost(SOON).until(() -> bo.status() == ConnectionStatus.CLOSED
                    && ana.status() == ConnectionStatus.CLOSED);
            assertThat(bo.view().closed()).isTrue();
            waitFor(SOON, () -> node("#roomsNotice").isPresent() && text("#roomsNotice").contains("has ended"));
            assertThat(new KnownRooms(home).all()).isEmpty();
        }
        // Ctrl+Q quits from the list of parties too
        pressCtrl(KeyCode.Q);
        app.stopped().get(60, TimeUnit.SECONDS);
    }
}
