package app.queued.host.app;

import app.queued.appdata.StartMarks;
import app.queued.fx.Background;
import app.queued.fx.FrameMarks;
import app.queued.fx.UiThread;
import app.queued.host.fallback.FallbackViewModel;
import app.queued.host.history.HistoryViewModel;
import app.queued.host.lan.LanAddress;
import app.queued.host.lan.LanAdvertising;
import app.queued.host.party.PartyView;
import app.queued.host.party.PartyViewModel;
import app.queued.host.people.PeopleViewModel;
import app.queued.host.player.PlayerPage;
import app.queued.host.player.PlayerView;
import app.queued.host.player.PlayerViewModel;
import app.queued.host.room.KnownRoom;
import app.queued.host.room.KnownRooms;
import app.queued.host.room.RoomsView;
import app.queued.host.room.RoomsViewModel;
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
import app.queued.protocol.Person;
import app.queued.protocol.Results;
import app.queued.server.StartupProgress;
import app.queued.server.catalog.TrackCatalog;
import app.queued.server.catalog.youtube.QuotaMeter;
import app.queued.server.catalog.youtube.YouTubeCatalog;
import app.queued.server.catalog.youtube.YouTubeCredentials;
import app.queued.server.embedded.StartupException;
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
    private volatile OpenRoom room;
    /** The room opened last, kept after it ended so tests can read its models. */
    private volatile OpenRoom lastRoom;
    private volatile PlayerPage playerPage;
    private volatile String openRoomName;
    private RoomsViewModel rooms;
    private volatile boolean quitting;
    private volatile long roomOpenMillis = -1;
    private EarlyStart early;
    /** The server of the start under way (the rooms screen waits on it to create a room). FX thread. */
    private CompletableFuture<RunningServer> starting;
    /** A room to open once the server is ready (reopened while it was still starting). FX thread. */
    private KnownRoom openWhenReady;
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
        StartMarks.mark("window-opening");
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
        StartMarks.mark("window-shown");
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

    /**
     * Shows "Start a party" at once, while the server starts behind it (issue 19): the host can name a room or pick one
     * to reopen meanwhile; creating or reopening waits for the server, and the screen says it is starting. A start
     * that fails shows the start screen with its reason, <em>Try again</em> and <em>Settings</em>.
     */
    private void showStartup(HostSettings loaded) {
        settings = loaded;
        HostSettings effective = starter.effective(settings);
        StartupViewModel model = new StartupViewModel(this::startWith, background, ui, effective.embedded());
        CompletableFuture<RunningServer> ready = new CompletableFuture<>();
        starting = ready;
        model.setOnReady(server -> {
            ready.complete(server);
            serverReady(server);
        });
        // "Try again" reads the settings anew: the host may have just changed the port or the storage
        StartupView startupView = new StartupView(model, this::startServer, this::openSettings);
        model.errorProperty().addListener((obs, old, now) -> {
            if (!now.isEmpty() && starting == ready) {
                openWhenReady = null;
                ready.completeExceptionally(new StartupException(now));
                setRoot(startupView.root());
            }
        });
        showRooms(effective.storageKey(), ready);
        FrameMarks.markNextFrame(scene, "start-screen");
        rooms.showNotice("Starting the party server\u2026");
        model.start(settings);
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
        rooms.showNotice("");
        KnownRoom pending = openWhenReady;
        openWhenReady = null;
        if (pending != null) {
            openRoom(pending);
        }
    }

    private void showRooms() {
        RunningServer server = running;
        showRooms(server.storageKey(), CompletableFuture.completedFuture(server));
    }

    /** "Start a party" for this storage; creating a room waits for {@code server}. */
    private void showRooms(String storageKey, CompletableFuture<RunningServer> server) {
        rooms = new RoomsViewModel(knownRooms, storageKey, name -> {
            return server.join().server().createRoom(name);
        }, background, ui, clock);
        rooms.setOnOpen(this::openRoom);
        RoomsView view = new RoomsView(rooms, this::openSettings);
        setRoot(view.root());
        FrameMarks.markNextFrame(scene, "rooms-screen");
        view.focusName();
        if (config.autoRoom() != null) {
            RoomsViewModel model = rooms;
            background.supply(() -> knownRooms.in(storageKey)).whenComplete((list, failure) -> ui.run(() -> {
                KnownRoom known = list == null ? null : model.findByName(config.autoRoom(), list);
                if (known != null) {
                    model.reopen(known);
                } else {
                    model.newNameProperty().set(config.autoRoom());
                    model.create();
                }
            }));
        } else {
            rooms.load();
        }
    }

    // ---- the room ----

    private void openRoom(KnownRoom known) {
        if (running == null) {
            // the server is still starting (the rooms screen shows at once): the room opens once it is ready
            openWhenReady = known;
            rooms.showNotice("Opening \u201c" + known.name() + "\u201d once the party server is ready\u2026");
            return;
        }
        log.info("opening room {}", known);
        RunningServer server = running;
        RoomsViewModel roomsModel = rooms;
        OpenRoom opening = new OpenRoom(known, server.server().localUri(), config.autoQuit(), background, ui, clock,
                new OpenRoom.Host() {
                    @Override
                    public void guestJoined(Person guest) {
                        quitAfterGuest(guest);
                    }

                    @Override
                    public void rememberFallback(KnownRoom r, FallbackViewModel.Setting setting) {
                        HostApp.this.rememberFallback(r, setting);
                    }
                });
        room = opening;
        lastRoom = opening;
        opening.open().whenComplete((joined, failure) -> ui.run(() -> {
            if (failure != null) {
                opening.release();
                opening.closeSession();
                if (room == opening) {
                    room = null;
                }
                roomsModel.showError("Could not open \u201c" + known.name() + "\u201d: " + Failures.sentence(failure));
                roomsModel.load();
                return;
            }
            showParty(opening, joined);
        }));
    }

    private void showParty(OpenRoom opened, Results.Joined joined) {
        RunningServer server = running;
        if (playerPage == null) {
            playerPage = PlayerPage.start(config.playerApiUrl(), config.playerFiles());
        }
        int port = server.server().port();
        opened.joined(joined, new InviteLink(LanAddress.guestHost(config.bindAddress()), port, joined.joinCode()),
                LanAddress.display(config.bindAddress(), port), server.server().cacheAvailable(), this::roomEnded);

        long t0 = System.nanoTime();
        PartyView partyView = opened.screen(playerPage, this::chooseCsvFile, new PartyView.Navigation() {
            @Override
            public void openTvScreen() {
                HostApp.this.openTvScreen();
            }

            @Override
            public void openSettings() {
                HostApp.this.openSettings();
            }
        }, config.animate());
        log.info("room screen ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
        setRoot(partyView.root());
        stage.setTitle("Queued \u2014 " + joined.roomName() + " \u2014 code " + joined.joinCode());
        partyView.focus();
        tick();

        long sinceLaunch = StartMarks.mark("room-open");
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
        OpenRoom shown = room;
        background.supply(() -> advertise ? lan.start(name, port) : stopAnnouncing()).thenAccept(problem -> {
            if (problem != null && shown != null) {
                ui.run(() -> shown.party().showNotice(problem));
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
        OpenRoom shown = room;
        if (shown != null) {
            shown.showTvScreen(stage, config.tvFullScreen(), config.animate());
        }
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
        releaseRoom();
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
        releaseRoom();
        Thread stopper = new Thread(() -> {
            stopEverything();
            ui.run(config.onExit());
        }, "queued-host-quit");
        stopper.start();
    }

    /** The open room lets go of its windows and listeners (FX thread); its session closes with the server. */
    private void releaseRoom() {
        OpenRoom shown = room;
        if (shown != null) {
            shown.release();
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
        OpenRoom open = room;
        room = null;
        if (open != null) {
            open.closeSession();
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
        OpenRoom open = room;
        PartyViewModel model = open == null ? null : open.party();
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
    private void roomEnded(KnownRoom ended) {
        log.info("room {} ended by the host", ended);
        OpenRoom open = room;
        room = null;
        if (open != null) {
            open.release();
            open.closeSession();
        }
        lan.close();
        openRoomName = null;
        background.run(() -> knownRooms.forget(ended)).whenComplete((ok, failure) -> ui.run(() -> {
            showRooms();
            rooms.showNotice("\u201c" + ended.name() + "\u201d has ended; its guests were told.");
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
        OpenRoom open = room;
        PartyView screen = open == null ? null : open.partyView();
        if (screen != null && scene.getRoot() == screen.root() && screen.handleKey(e)) {
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
        OpenRoom r = lastRoom;
        return r == null ? null : r.party();
    }

    public PlayerViewModel player() {
        OpenRoom r = lastRoom;
        return r == null ? null : r.player();
    }

    public RulesViewModel rules() {
        OpenRoom r = lastRoom;
        return r == null ? null : r.rules();
    }

    public PeopleViewModel people() {
        OpenRoom r = lastRoom;
        return r == null ? null : r.people();
    }

    public HistoryViewModel history() {
        OpenRoom r = lastRoom;
        return r == null ? null : r.history();
    }

    public FallbackViewModel fallback() {
        OpenRoom r = lastRoom;
        return r == null ? null : r.fallback();
    }

    public PlayerView playerView() {
        OpenRoom r = lastRoom;
        return r == null ? null : r.playerView();
    }

    /** The screen of the room opened last (kept after it closed, for reading). */
    public PartyView partyView() {
        OpenRoom r = lastRoom;
        return r == null ? null : r.partyView();
    }

    public TvScreenView tvScreen() {
        OpenRoom r = room;
        return r == null ? null : r.tvScreen();
    }

    public RunningServer running() {
        return running;
    }

    public long roomOpenMillis() {
        return roomOpenMillis;
    }
}
