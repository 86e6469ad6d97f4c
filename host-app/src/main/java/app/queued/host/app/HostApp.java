package app.queued.host.app;

import app.queued.fx.Background;
import app.queued.fx.UiThread;
import app.queued.host.fallback.FallbackView;
import app.queued.host.fallback.FallbackViewModel;
import app.queued.host.history.HistoryView;
import app.queued.host.history.HistoryViewModel;
import app.queued.host.lan.LanAddress;
import app.queued.host.lan.LanAdvertising;
import app.queued.host.party.HostSession;
import app.queued.host.party.PartyView;
import app.queued.host.party.PartyViewModel;
import app.queued.host.people.PeopleView;
import app.queued.host.people.PeopleViewModel;
import app.queued.host.player.PlayerPage;
import app.queued.host.player.PlayerView;
import app.queued.host.player.PlayerViewModel;
import app.queued.host.room.KnownRoom;
import app.queued.host.room.KnownRooms;
import app.queued.host.room.RoomsView;
import app.queued.host.room.RoomsViewModel;
import app.queued.host.rules.RulesView;
import app.queued.host.rules.RulesViewModel;
import app.queued.host.settings.HostSettings;
import app.queued.host.settings.SettingsStore;
import app.queued.host.settings.SettingsView;
import app.queued.host.settings.SettingsViewModel;
import app.queued.host.startup.RunningServer;
import app.queued.host.startup.ServerStarter;
import app.queued.host.startup.StartupView;
import app.queued.host.startup.StartupViewModel;
import app.queued.host.tvscreen.TvScreenView;
import app.queued.host.ui.Failures;
import app.queued.invite.InviteLink;
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
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
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
    private static final KeyCombination QUIT = new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN);

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
    private RulesViewModel rules;
    private PeopleViewModel people;
    private HistoryViewModel history;
    private FallbackViewModel fallback;
    private KnownRoom openRoom;
    private volatile String openRoomName;
    private PartyView partyView;
    private PlayerView playerView;
    private TvScreenView tv;
    private RoomsViewModel rooms;
    private volatile boolean quitting;
    private volatile long roomOpenMillis = -1;
    private EarlyStart early;
    private javafx.scene.web.WebView warmUp;
    /** Shows a save dialog; tests answer it themselves (a native dialog cannot be clicked headless). */
    private java.util.function.BiFunction<javafx.stage.FileChooser, Stage, java.io.File> saveDialog =
            javafx.stage.FileChooser::showSaveDialog;

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
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
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
        log.info("Party server ready on port {} ({} storage; songs from: {})", server.server().port(),
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
                            || change instanceof Change.GuestBanned || change instanceof Change.GuestUnbanned
                            || change instanceof Change.RoleChanged) {
                        people.refresh(); // who is here, live
                    }
                    if (change instanceof Change.NowPlaying) {
                        ui.run(() -> history.refresh()); // the song that stopped joined the history
                    }
                    if (config.autoQuit().endsWith(change)) {
                        ui.run(() -> quitAfterGuest(((Change.GuestJoined) change).person()));
                    }
                },
                ui::run);
        session = hostSession;
        party = new PartyViewModel(hostSession, ui);
        player = new PlayerViewModel(hostSession, ui, clock);
        rules = new RulesViewModel(hostSession, ui);
        people = new PeopleViewModel(hostSession, ui);
        history = new HistoryViewModel(hostSession, background, ui, java.time.ZoneId.systemDefault());
        fallback = new FallbackViewModel(hostSession, ui, setting -> rememberFallback(room, setting));
        party.nowPlayingProperty().addListener((obs, old, now) ->
                player.nowPlaying(now, party.nowPlayingStartedAtProperty().get()));
        party.queueSizeProperty().addListener((obs, old, now) -> player.queueSize(now.intValue()));
        party.rulesProperty().addListener((obs, old, now) -> rules.rulesFromServer(now));
        party.peopleHereProperty().addListener((obs, old, now) -> rules.presentChanged(now.intValue()));

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
        rules.rulesFromServer(party.rulesProperty().get());
        rules.presentChanged(party.peopleHereProperty().get());
        people.refresh();
        history.refresh();
        openRoom = room;
        if (room.fallbackSource() != null) {
            fallback.show(new FallbackViewModel.Setting(FallbackViewModel.Source.fromWire(room.fallbackSource()),
                    room.fallbackLinks()));
        }
        party.setOnEnded(() -> roomEnded(room));

        long t0 = System.nanoTime();
        playerView = new PlayerView(player, playerPage);
        log.info("player view ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
        PartyView.Tabs tabs = new PartyView.Tabs(new RulesView(rules).root(), new PeopleView(people).root(),
                new HistoryView(history, this::chooseCsvFile).root(), new FallbackView(fallback).root(),
                history::refresh);
        partyView = new PartyView(party, player, rules, playerView.root(), tabs, new PartyView.Navigation() {
            @Override
            public void openTvScreen() {
                HostApp.this.openTvScreen();
            }

            @Override
            public void openSettings() {
                HostApp.this.openSettings();
            }
        });
        partyView.queueList().setAnimated(config.animate());
        setRoot(partyView.root());
        stage.setTitle("Queued \u2014 " + joined.roomName() + " \u2014 code " + joined.joinCode());
        partyView.focus();
        tick();

        long sinceLaunch = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        roomOpenMillis = sinceLaunch;
        log.info("Room \"{}\" open {} ms after launch", joined.roomName(), sinceLaunch);
        HostMain.tell("ROOM OPEN " + sinceLaunch + " ms");
        HostMain.tell("ROOM CODE " + joined.joinCode() + " PORT " + server.server().port());

        openRoomName = joined.roomName();
        announce(server.settings().advertise());
        if (config.autoQuit() == HostConfig.AutoQuit.WHEN_OPEN) {
            quit();
        }
    }

    /**
     * Announces the open room on the network (mDNS), or stops announcing it: at once, when the host ticks or unticks
     * "Announce the room on this network", not at the next start. Tests keep rooms off the network altogether.
     */
    private void announce(boolean wanted) {
        RunningServer server = running;
        String name = openRoomName;
        if (server == null || name == null) {
            return;
        }
        boolean advertise = config.advertiseOverride() != null ? config.advertiseOverride() && wanted : wanted;
        int port = server.server().port();
        background.supply(() -> advertise ? lan.start(name, port) : stopAnnouncing()).thenAccept(problem -> {
            if (problem != null) {
                ui.run(() -> party.showNotice(problem));
            }
        });
    }

    private String stopAnnouncing() {
        lan.close();
        return null;
    }

    /** Settings' "Open log folder": the rotating log files of this app ({@code logs/} in the app-data folder). */
    private void openLogFolder() {
        java.nio.file.Path logs = app.queued.appdata.Logs.folder(config.appDataDir());
        background.run(() -> java.nio.file.Files.createDirectories(logs))
                .whenComplete((ok, failure) -> ui.run(() -> {
                    try {
                        config.browser().open(logs.toUri().toString());
                    } catch (java.io.IOException | RuntimeException e) {
                        log.warn("Cannot show the log folder {}: {}", logs, e.getMessage());
                    }
                }));
    }

    /** {@code --quit-after-guest}: a guest joined the open room, so the server answered; the run is done. */
    private void quitAfterGuest(Person guest) {
        HostMain.tell("GUEST JOINED " + guest.nickname());
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
            model.setOnSaved(next -> announce(next.advertise()));
            new SettingsView(model, this::restartServer, config.browser(), this::openLogFolder).show(stage);
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
            String catalogProblem = catalogProblem(server);
            ui.run(() -> {
                model.setCacheAvailable(ok);
                model.setCatalogWarning(catalogProblem);
            });
        }
    }

    /** Why YouTube cannot serve the party as set up (key refused, not set up, quota used up), or null. */
    private static String catalogProblem(RunningServer server) {
        if (!(server.catalog() instanceof YouTubeCatalog youtube)) {
            return null;
        }
        String problem = youtube.hostProblem();
        return problem == null ? null : "YouTube: " + problem + " Guests can still vote on the queue.";
    }

    // ---- the room's end, its fallback and its history file ----

    /** The host ended the party: the room is gone for good, so it leaves the list; back to "Start a party". */
    private void roomEnded(KnownRoom room) {
        log.info("room {} ended by the host", room);
        HostSession s = session;
        session = null;
        if (s != null) {
            s.close();
        }
        closeRoomWindows();
        lan.close();
        partyView = null;
        openRoom = null;
        openRoomName = null;
        background.run(() -> knownRooms.forget(room)).whenComplete((ok, failure) -> ui.run(() -> {
            showRooms();
            rooms.showNotice("\u201c" + room.name() + "\u201d has ended; its guests were told.");
        }));
    }

    /** The server cannot tell the fallback back, so the app keeps what it last saved with the room. */
    private void rememberFallback(KnownRoom room, FallbackViewModel.Setting setting) {
        background.run(() -> knownRooms.in(room.storageKey()).stream()
                .filter(r -> r.roomId() == room.roomId()).findFirst()
                .ifPresent(known -> {
                    try {
                        knownRooms.put(known.withFallback(setting.source().wire(), setting.links()));
                    } catch (java.io.IOException e) {
                        log.warn("could not remember the fallback of {}: {}", room, e.getMessage());
                    }
                }));
    }

    private java.util.Optional<java.nio.file.Path> chooseCsvFile(String suggestedName) {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Save the party's history");
        chooser.setInitialFileName(suggestedName);
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("CSV (spreadsheets)",
                "*.csv"));
        java.io.File file = saveDialog.apply(chooser, stage);
        return java.util.Optional.ofNullable(file).map(java.io.File::toPath);
    }

    private void setRoot(Parent root) {
        scene.setRoot(root);
    }

    /**
     * Every key of the window passes here first (a filter, so no control — not even the player's web view, which
     * swallows keys — can keep a shortcut from working). Ctrl+Q quits from any screen; the room's own keys act only
     * while the room screen shows (a reopened room's screen is a new one: its keys are always the ones in use).
     */
    private void onKey(KeyEvent e) {
        if (QUIT.match(e)) {
            e.consume();
            quit();
            return;
        }
        PartyView room = partyView;
        if (room != null && scene.getRoot() == room.root() && room.handleKey(e)) {
            e.consume();
        }
    }

    private static Parent message(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("headline");
        StackPane pane = new StackPane(label);
        pane.getStyleClass().add("startup");
        return pane;
    }

    // ---- for tests ----

    /** Answers "Export CSV…" without a native dialog. */
    public void answerSaveDialogs(java.util.function.BiFunction<javafx.stage.FileChooser, Stage, java.io.File> dialog) {
        this.saveDialog = dialog;
    }

    public PartyViewModel party() {
        return party;
    }

    public PlayerViewModel player() {
        return player;
    }

    public RulesViewModel rules() {
        return rules;
    }

    public PeopleViewModel people() {
        return people;
    }

    public HistoryViewModel history() {
        return history;
    }

    public FallbackViewModel fallback() {
        return fallback;
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
