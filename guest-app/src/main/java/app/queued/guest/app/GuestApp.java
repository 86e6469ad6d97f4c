package app.queued.guest.app;

import app.queued.appdata.StartMarks;
import app.queued.client.RoomView;
import app.queued.fx.Background;
import app.queued.fx.FrameMarks;
import app.queued.fx.UiThread;
import app.queued.guest.discovery.DiscoveryViewModel;
import app.queued.guest.identity.IdentityStore;
import app.queued.guest.join.JoinView;
import app.queued.guest.join.JoinViewModel;
import app.queued.guest.room.PartyView;
import app.queued.guest.room.PartyViewModel;
import app.queued.guest.search.SearchView;
import app.queued.guest.search.SearchViewModel;
import app.queued.guest.session.ClientParty;
import app.queued.guest.session.Party;
import app.queued.guest.session.PartyJoiner;
import app.queued.guest.ui.Notice;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import javafx.animation.PauseTransition;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The composition root: builds the screens with their dependencies and switches between them (start screen →
 * party → start screen). One scene; the screens swap its root. Everything here runs on the FX thread.
 */
public final class GuestApp implements AutoCloseable {
    public static final String STYLESHEET = "/app/queued/guest/app/guest.css";

    private final Stage stage;
    private final GuestConfig config;
    private final UiThread ui;
    private final Background background = Background.pool("queued-guest-io", 2);
    private final IdentityStore identities;
    private final PartyJoiner joiner;
    private final DiscoveryViewModel discovery;
    private final Scene scene;

    private Party party;
    private JoinViewModel.Joined joinedAs;
    private PartyView partyView;
    private PartyViewModel partyModel;
    private SearchViewModel searchModel;
    private JoinViewModel joinModel;
    private boolean closed;
    private Runnable openLogFolder = () -> { };
    private IntConsumer autoQuit;

    public GuestApp(Stage stage, GuestConfig config) {
        this(stage, config, UiThread.fx());
    }

    /** With another way onto the FX thread: measurements pass one that notes when each hop was asked for. */
    GuestApp(Stage stage, GuestConfig config, UiThread ui) {
        this.stage = stage;
        this.config = config;
        this.ui = ui;
        this.identities = new IdentityStore(config.identityDir());
        this.joiner = ClientParty.joiner(config.client(), ui);
        this.discovery = new DiscoveryViewModel(config.rooms(), background, ui);
        this.scene = new Scene(new javafx.scene.layout.StackPane(), 1120, 740);
        scene.getStylesheets().add(Objects.requireNonNull(GuestApp.class.getResource(STYLESHEET)).toExternalForm());
        stage.setScene(scene);
        stage.setTitle("Queued");
        String icon = Objects.requireNonNull(GuestApp.class.getResource("icon.png")).toExternalForm();
        stage.getIcons().add(new Image(icon));
        stage.setMinWidth(760);
        stage.setMinHeight(520);
    }

    /** Shows the start screen and the window. */
    public void start() {
        showJoin();
        stage.show();
        StartMarks.mark("window-shown");
        FrameMarks.markNextFrame(scene, "join-screen");
    }

    public void showJoin() {
        discovery.start();
        joinModel = new JoinViewModel(identities, joiner, background, ui, config.clock(), this::showParty);
        JoinView view = new JoinView(joinModel, discovery, () -> openLogFolder.run());
        show(view.root(), "Queued — join a party");
        joinModel.loadRemembered();
        view.focusFirstEmptyField();
    }

    /** What "Open log folder" on the start screen does (the application shows the folder with the desktop's tool). */
    public void setOpenLogFolder(Runnable action) {
        this.openLogFolder = action;
    }

    /**
     * Fills in the join form from the command line and joins (see {@link AutoJoin}). With {@code quitWhenJoined},
     * {@code quit} is called with 0 once the room's state arrived, or with 1 when the join failed.
     */
    public void autoJoin(AutoJoin request, IntConsumer quit) {
        autoQuit = request.quitWhenJoined() ? quit : null;
        joinModel.addressProperty().set(request.address());
        joinModel.codeProperty().set(request.code());
        joinModel.nicknameProperty().set(request.nickname());
        if (autoQuit != null) {
            joinModel.errorProperty().addListener((obs, old, now) -> {
                if (!now.isEmpty()) {
                    GuestMain.tell("JOIN FAILED " + now);
                    finishAutoJoin(1);
                }
            });
        }
        StartMarks.mark("join-requested");
        joinModel.join();
    }

    private void reportWhenRoomArrives(Party joined, long deadline) {
        RoomView view = joined.view();
        if (view.hasSnapshot()) {
            GuestMain.tell("JOINED SEQ " + view.seq() + " TRACKS " + view.queue().size() + " ROOM "
                    + joined.joined().roomName());
            finishAutoJoin(0);
        } else if (System.nanoTime() - deadline > 0) {
            GuestMain.tell("JOIN FAILED the room's state did not arrive");
            finishAutoJoin(1);
        } else {
            PauseTransition again = new PauseTransition(Duration.millis(20));
            again.setOnFinished(e -> reportWhenRoomArrives(joined, deadline));
            again.play();
        }
    }

    private void finishAutoJoin(int exitCode) {
        IntConsumer quit = autoQuit;
        autoQuit = null;
        if (quit != null) {
            quit.accept(exitCode);
        }
    }

    private void showParty(JoinViewModel.Joined joinedAs) {
        Party joined = joinedAs.party();
        if (closed) {
            joined.leave();
            joinedAs.release();
            return;
        }
        this.joinedAs = joinedAs;
        party = joined;
        partyModel = new PartyViewModel(joined, ui, config.clock(), this::leftParty);
        searchModel = new SearchViewModel(joined, ui, trackId -> partyModel.reveal(trackId));
        partyView = new PartyView(partyModel);
        partyView.queueList().setAnimated(config.animated());
        SearchView search = new SearchView(searchModel);
        partyView.setSearchPanel(search.root(), search.searchField());
        partyModel.attach();
        if (joinedAs.notice() != null) {
            partyModel.showNotice(Notice.info(joinedAs.notice()));
        }
        show(partyView.root(), "Queued — " + joined.joined().roomName());
        partyView.activate();
        PartyViewModel shownModel = partyModel;
        FrameMarks.markFrameWhen(scene, () -> joined.view().hasSnapshot()
                && shownModel.queue().size() == joined.view().queue().size(), "queue-on-screen");
        if (autoQuit != null) {
            reportWhenRoomArrives(joined, System.nanoTime() + TimeUnit.SECONDS.toNanos(20));
        }
    }

    private void leftParty() {
        releaseIdentity();
        party = null;
        partyView = null;
        partyModel = null;
        searchModel = null;
        showJoin();
    }

    private void show(Parent root, String title) {
        scene.setRoot(root);
        stage.setTitle(title);
    }

    /** The identity this window was in the room as may now be someone's again (the next app's, or this one's). */
    private void releaseIdentity() {
        if (joinedAs != null) {
            joinedAs.release();
            joinedAs = null;
        }
    }

    // ---- for tests: the live screens

    public PartyViewModel partyModel() {
        return partyModel;
    }

    public SearchViewModel searchModel() {
        return searchModel;
    }

    public JoinViewModel joinModel() {
        return joinModel;
    }

    public PartyView partyView() {
        return partyView;
    }

    /** Leaves the party and stops discovery; their sockets close on background threads. Safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (partyView != null) {
            partyView.deactivate();
        }
        if (party != null) {
            party.leave();
        }
        releaseIdentity();
        discovery.stop();
        background.close();
    }
}
