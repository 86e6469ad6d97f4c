package app.queued.host.app;

import app.queued.host.lan.LanAddress;
import app.queued.invite.InviteLink;
import app.queued.host.lan.LanAdvertising;
import app.queued.host.moderation.ModerationView;
import app.queued.host.moderation.ModerationViewModel;
import app.queued.host.party.HostSession;
import app.queued.host.party.PartyView;
import app.queued.host.party.PartyViewModel;
import app.queued.host.player.PlayerPage;
import app.queued.host.player.PlayerView;
import app.queued.host.player.PlayerViewModel;
import app.queued.host.room.KnownRoom;
import app.queued.host.room.KnownRooms;
import app.queued.host.room.RoomsView;
import app.queued.host.room.RoomsViewModel;
import app.queued.host.settings.HostSettings;
import app.queued.host.settings.SettingsStore;
import app.queued.host.settings.SettingsView;
import app.queued.host.settings.SettingsViewModel;
import app.queued.host.startup.RunningServer;
import app.queued.host.startup.ServerStarter;
import app.queued.host.startup.StartupView;
import app.queued.host.startup.StartupViewModel;
import app.queued.host.tvscreen.TvScreenView;
import app.queued.host.ui.Background;
import app.queued.host.ui.Failures;
import app.queued.host.ui.UiThread;
import app.queued.protocol.Change;
import app.queued.protocol.Person;
import app.queued.protocol.Results;
import app.queued.server.StartupProgress;
import app.queued.server.catalog.TrackCatalog;
import app.queued.server.catalog.youtube.QuotaMeter;
import app.queued.server.catalog.youtube.YouTubeCatalog;
import app.queued.server.catalog.youtube.YouTubeCredentials;
import app.queued.server.embedded.StartupException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host app: leads from the start screen (server starting) to "start a party" (create or reopen a room) to the
 * room itself, and back when the server restarts; quits cleanly. Owns the running server, the host's session in
 * its room, the player page and the LAN advert. Everything that blocks runs on {@link Background}; every screen
 * change goes through {@link UiThread}.
 */
public final class HostApp {
    private static final Logger log = LoggerFactory.getLogger(HostApp.class);
    static final String STYLESHEET = "/app/queued/host/app/host.css";

    private final HostConfig config;
    private final Background background = Background.pool("queued-host", 3);
    private final UiThread ui = UiThread.fx();
    private final Clock clock = Clock.systemUTC();
    private final SettingsStore settingsStore;
    private final KnownRooms knownRooms;
    private final ServerStarter starter;
    private final LanAdvertising lan = new LanAdvertising();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "queued-host-ticker");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private Stage stage;
    private Scene scene;
    private HostSettings settings = HostSettings.DEFAULTS;

    // the running server and the open room; written on the FX thread, read by stopEverything on any thread
    private volatile RunningServer running;
    private volatile HostSession session;
    private volatile PlayerPage playerPage;
    private PartyViewModel party;
    private PlayerViewModel player;
    private ModerationViewModel moderation;
    private PartyView partyView;
    private PlayerView playerView;
    private TvScreenView tv;
    private RoomsViewModel rooms;
    private volatile boolean quitting;
    private volatile long roomOpenMillis = -1;
    private EarlyStart early;
    private javafx.scene.web.WebView warmUp;

    public HostApp(HostConfig config) {
        this(config, null);
    }

    /** @param early a server start {@link HostMain} began before the window opened, or null */
    HostApp(HostConfig config, EarlyStart early) {
        this.config = config;
        this.early = early;
        this.settingsStore = new SettingsStore(config.appDataDir());
        this.knownRooms = new KnownRooms(config.appDataDir());
        this.starter = new ServerStarter(config.appDataDir(), config.bindAddress(), config.portOverride(),
                config.env());
        ticker.scheduleWithFixedDelay(this::tick, 2, 2, TimeUnit.SECONDS);
    }

    /** Shows the app in this window and starts the server. Call on the FX thread. */
    public void show(Stage window) {
        log.info("window opening {} ms after launch",
                System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
        this.stage = window;
        scene = new Scene(new StackPane(new Label("Queued")), 1280, 800);
        scene.getStylesheets().add(getClass().getResource(STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Queued \u2014 host");
        String icon = Objects.requireNonNull(HostApp.class.getResource("icon.png")).toExternalForm();
        stage.getIcons().add(new Image(icon));
        stage.setMinWidth(1000);
        stage.setMinHeight(640);
        stage.setOnCloseRequest(e -> {
            e.consume();
            quit();
        });
        stage.show();
        startServer();
    }

    // ---- start ----

    private void startServer() {
        if (early != null) {
            showStartup(early.settings());
            return;
        }
        background.supply(settingsStore::load).whenComplete((loaded, failure) -> ui.run(() ->
                showStartup(loaded != null ? loaded : HostSettings.DEFAULTS)));
    }

    private void showStartup(HostSettings loaded) {
        settings = loaded;
        HostSettings effective = starter.effective(settings);
        StartupViewModel model = new StartupViewModel(this::startWith, background, ui, effective.embedded());
        model.setOnReady(this::serverReady);
        // "Try again" reads the settings anew: the host may have just changed the port or the storage
        setRoot(new StartupView(model, this::startServer, this::openSettings).root());
        model.start(settings);
        warmUpWebKit();
    }

    /**
     * WebKit (the player's WebView) takes seconds to initialise the first time, and only on the FX thread. Done while
     * the server starts — the start screen has nothing to answer meanwhile — the room opens that much sooner.
     */
    private void warmUpWebKit() {
        if (warmUp != null) {
            return;
        }
        javafx.animation.PauseTransition afterFirstFrame = new javafx.animation.PauseTransition(
                javafx.util.Duration.millis(120));
        afterFirstFrame.setOnFinished(e -> {
            long t0 = System.nanoTime();
            warmUp = new javafx.scene.web.WebView();
            log.info("WebKit ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
        });
        afterFirstFrame.play();
    }

    private RunningServer startWith(HostSettings chosen, StartupProgress progress) throws StartupException {
        EarlyStart begun;
        synchronized (this) {
            begun = early;
            early = null;
        }
        if (begun != null) {
            return begun.attachAndAwait(progress);
        }
        if (config.catalogOverride() == null) {
            return starter.start(chosen, progress);
        }
        return starter.start(chosen, progress, config.catalogOverride().apply(chosen));
    }

    private void serverReady(RunningServer server) {
        if (quitting) {
            background.run(server.server()::close);
            return;
        }
        running = server;
        log.info("Party server ready on port {} ({} storage, {} catalog)", server.server().port(),
                server.settings().embedded() ? "built-in" : "external", server.catalog().name());
        showRooms();
    }

    private void showRooms() {
        RunningServer server = running;
        rooms = new RoomsViewModel(knownRooms, server.storageKey(), name -> server.server().createRoom(name),
                background, ui, clock);
        rooms.setOnOpen(this::openRoom);
        RoomsView view = new RoomsView(rooms, this::openSettings);
        setRoot(view.root());
        view.focusName();
        if (config.autoRoom() != null) {
            background.supply(() -> knownRooms.in(server.storageKey())).whenComplete((list, failure) -> ui.run(() -> {
                KnownRoom known = list == null ? null : rooms.findByName(config.autoRoom(), list);
                if (known != null) {
                    rooms.reopen(known);
                } else {
                    rooms.newNameProperty().set(config.autoRoom());
                    rooms.create();
                }
            }));
        } else {
            rooms.load();
        }
    }

    // ---- the room ----

    private void openRoom(KnownRoom room) {
        log.info("opening room {}", room);
        RunningServer server = running;
        RoomsViewModel roomsModel = rooms;
        HostSession hostSession = new HostSession(server.server().localUri(),
                view -> party.apply(view),
                (status, detail) -> ui.run(() -> {
                    if (party != null) {
                        party.status(status, detail);
                    }
                }),
                event -> {
                    Change change = event.change();
                    if (change instanceof Change.GuestJoined || change instanceof Change.GuestLeft
                            || change instanceof Change.GuestBanned || change instanceof Change.GuestUnbanned) {
                        ui.run(() -> moderation.refreshMembers());
                    }
                    if (config.autoQuit().endsWith(change)) {
                        ui.run(() -> quitAfterGuest(((Change.GuestJoined) change).person()));
                    }
                },
                ui::run);
        session = hostSession;
        party = new PartyViewModel(hostSession, ui);
        player = new PlayerViewModel(hostSession, ui, clock);
        moderation = new ModerationViewModel(hostSession, ui);
        party.nowPlayingProperty().addListener((obs, old, now) ->
                player.nowPlaying(now, party.nowPlayingStartedAtProperty().get()));
        party.queueSizeProperty().addListener((obs, old, now) -> player.queueSize(now.intValue()));
        party.rulesProperty().addListener((obs, old, now) -> moderation.rulesFromServer(now));

        hostSession.open(room.hostToken()).whenComplete((joined, failure) -> ui.run(() -> {
            if (failure != null) {
                hostSession.close();
                session = null;
                roomsModel.showError("Could not open \u201c" + room.name() + "\u201d: " + Failures.sentence(failure));
                roomsModel.load();
                return;
            }
            showParty(room, joined);
        }));
    }

    private void showParty(KnownRoom room, Results.Joined joined) {
        RunningServer server = running;
        if (playerPage == null) {
            playerPage = PlayerPage.start(config.playerApiUrl(), config.playerFiles());
        }
        int port = server.server().port();
        party.setRoom(joined.roomName(), joined.joinCode(), joined.guestId(),
                new InviteLink(LanAddress.guestHost(config.bindAddress()), port, joined.joinCode()),
                LanAddress.display(config.bindAddress(), port));
        party.setCacheAvailable(server.server().cacheAvailable());
        party.apply(session.client().view());
        player.queueSize(party.queueSizeProperty().get());
        player.nowPlaying(party.nowPlayingProperty().get(), party.nowPlayingStartedAtProperty().get());
        moderation.rulesFromServer(party.rulesProperty().get());
        moderation.refreshMembers();

        long t0 = System.nanoTime();
        playerView = new PlayerView(player, playerPage);
        log.info("player view ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
        ModerationView moderationView = new ModerationView(moderation);
        partyView = new PartyView(party, player, moderation, playerView.root(), moderationView.root(),
                new PartyView.Navigation() {
                    @Override
                    public void openTvScreen() {
                        HostApp.this.openTvScreen();
                    }

                    @Override
                    public void openSettings() {
                        HostApp.this.openSettings();
                    }

                    @Override
                    public void quit() {
                        HostApp.this.quit();
                    }
                });
        partyView.queueList().setAnimated(config.animate());
        setRoot(partyView.root());
        partyView.installShortcuts(scene);
        stage.setTitle("Queued \u2014 " + joined.roomName() + " \u2014 code " + joined.joinCode());
        partyView.root().requestFocus();

        long sinceLaunch = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        roomOpenMillis = sinceLaunch;
        log.info("Room \"{}\" open {} ms after launch", joined.roomName(), sinceLaunch);
        System.out.println("ROOM OPEN " + sinceLaunch + " ms");
        System.out.println("ROOM CODE " + joined.joinCode() + " PORT " + server.server().port());
        System.out.flush();

        boolean advertise = config.advertiseOverride() != null ? config.advertiseOverride()
                : server.settings().advertise();
        if (advertise) {
            String name = joined.roomName();
            background.supply(() -> lan.start(name, port)).thenAccept(problem -> {
                if (problem != null) {
                    ui.run(() -> party.showNotice(problem));
                }
            });
        }
        if (config.autoQuit() == HostConfig.AutoQuit.WHEN_OPEN) {
            quit();
        }
    }

    /** {@code --quit-after-guest}: a guest joined the open room, so the server answered; the run is done. */
    private void quitAfterGuest(Person guest) {
        System.out.println("GUEST JOINED " + guest.nickname());
        System.out.flush();
        quit();
    }

    private void openTvScreen() {
        if (party == null) {
            return;
        }
        if (tv == null) {
            tv = new TvScreenView(party, player);
            tv.queueList().setAnimated(config.animate());
        }
        tv.show(stage, config.tvFullScreen());
    }

    private void openSettings() {
        RunningServer server = running;
        background.supply(settingsStore::load).whenComplete((saved, failure) -> ui.run(() -> {
            HostSettings current = saved != null ? saved : settings;
            YouTubeCredentials credentials = server != null ? server.credentials()
                    : YouTubeCredentials.inFolder(config.appDataDir());
            SettingsViewModel model = new SettingsViewModel(settingsStore, current,
                    server != null ? server.settings() : starter.effective(current), starter.storageFromEnvironment(),
                    credentials, () -> quotaText(server), background, ui);
            new SettingsView(model, this::restartServer, config.browser()).show(stage);
        }));
    }

    private static String quotaText(RunningServer server) {
        if (server == null || !(server.catalog() instanceof YouTubeCatalog youtube)) {
            return "";
        }
        QuotaMeter quota = youtube.quota();
        return "YouTube quota today: " + quota.unitsUsedToday() + " of " + quota.dailyLimit() + " units used"
                + (quota.exhausted() ? " \u2014 used up until tomorrow" : "");
    }

    /** Stops the room and the server (off the FX thread), then starts again with the saved settings. */
    private void restartServer() {
        setRoot(message("Restarting the party server\u2026"));
        closeRoomWindows();
        background.run(this::stopServerAndRoom).whenComplete((ok, failure) -> ui.run(this::startServer));
    }

    // ---- quit ----

    /** Stops everything off the FX thread (never stop the WebSocket server on it), then ends the app. */
    public void quit() {
        if (quitting) {
            return;
        }
        quitting = true;
        if (stage != null) {
            setRoot(message("Stopping the party server\u2026"));
        }
        closeRoomWindows();
        Thread stopper = new Thread(() -> {
            stopEverything();
            ui.run(config.onExit());
        }, "queued-host-quit");
        stopper.start();
    }

    private void closeRoomWindows() {
        if (tv != null) {
            tv.close();
            tv = null;
        }
    }

    /** Stops the LAN advert, the host's session, the player page and the server with its PostgreSQL and Redis. */
    public void stopEverything() {
        quitting = true;
        EarlyStart begun;
        synchronized (this) {
            begun = early;
            early = null;
        }
        if (begun != null) {
            begun.abandon();
        }
        try {
            stopServerAndRoom();
            ticker.shutdownNow();
            background.close();
        } finally {
            stopped.complete(null);
        }
    }

    private synchronized void stopServerAndRoom() {
        lan.close();
        HostSession s = session;
        session = null;
        if (s != null) {
            s.close();
        }
        PlayerPage page = playerPage;
        playerPage = null;
        if (page != null) {
            page.close();
        }
        RunningServer server = running;
        running = null;
        if (server != null) {
            long t0 = System.nanoTime();
            server.server().close();
            TrackCatalog catalog = server.catalog();
            if (catalog instanceof YouTubeCatalog youtube) {
                youtube.close();
            }
            log.info("Party server stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Completes once everything stopped (tests wait on it). */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    // ---- helpers ----

    private void tick() {
        RunningServer server = running;
        PartyViewModel model = party;
        if (server != null && model != null) {
            boolean ok = server.server().cacheAvailable();
            ui.run(() -> model.setCacheAvailable(ok));
        }
    }

    private void setRoot(Parent root) {
        if (partyView != null && root != partyView.root()) {
            partyView.uninstallShortcuts(scene); // the old room's keys must not act on the next screen
        }
        scene.setRoot(root);
    }

    private static Parent message(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("headline");
        StackPane pane = new StackPane(label);
        pane.getStyleClass().add("startup");
        return pane;
    }

    // ---- for tests ----

    public PartyViewModel party() {
        return party;
    }

    public PlayerViewModel player() {
        return player;
    }

    public ModerationViewModel moderation() {
        return moderation;
    }

    public PlayerView playerView() {
        return playerView;
    }

    public PartyView partyView() {
        return partyView;
    }

    public TvScreenView tvScreen() {
        return tv;
    }

    public RunningServer running() {
        return running;
    }

    public long roomOpenMillis() {
        return roomOpenMillis;
    }
}
