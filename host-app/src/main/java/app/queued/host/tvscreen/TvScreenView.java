package app.queued.host.tvscreen;

import app.queued.fx.Fxml;
import app.queued.fx.invite.QrCodeView;
import app.queued.host.party.PartyViewModel;
import app.queued.host.party.QueueEntry;
import app.queued.host.party.QueueList;
import app.queued.host.player.PlayerViewModel;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The room for a TV or projector: what plays with its progress, the next songs moving as votes come in, and the
 * join code — large enough to read across a room. Opens full screen on a second screen when there is one.
 */
public final class TvScreenView {
    static final int NEXT_ROWS = 7;
    /** Read from across a room: about 6 pixels a module on a 1280x720 screen, more when the window is larger. */
    static final double QR_SIDE = 220;

    private final PartyViewModel party;
    private final PlayerViewModel player;
    private final Parent root;
    private final QueueList next;
    private final QrCodeView qrCode = new QrCodeView(QR_SIDE);
    private Stage stage;

    @FXML private Label title;
    @FXML private Label subtitle;
    @FXML private Label playerMessage;
    @FXML private ProgressBar progress;
    @FXML private Label elapsed;
    @FXML private Label remaining;
    @FXML private Label joinCode;
    @FXML private Label address;
    @FXML private StackPane qrHolder;
    @FXML private Label roomName;
    @FXML private Label presence;
    @FXML private VBox nextHolder;
    @FXML private Label emptyNext;

    public TvScreenView(PartyViewModel party, PlayerViewModel player) {
        this.party = party;
        this.player = player;
        this.next = new QueueList(new QueueList.Actions() {
            @Override
            public void vote(long trackId, int value) {
            }

            @Override
            public void remove(long trackId) {
            }

            @Override
            public void select(long trackId) {
            }
        }, true, NEXT_ROWS);
        this.next.setId("tvQueue");
        this.root = Fxml.load(this, "TvScreen.fxml");
    }

    @FXML
    private void initialize() {
        title.textProperty().bind(player.titleProperty());
        subtitle.textProperty().bind(player.subtitleProperty());
        playerMessage.textProperty().bind(player.messageProperty());
        playerMessage.managedProperty().bind(player.messageProperty().isNotEmpty());
        progress.progressProperty().bind(player.progressProperty());
        elapsed.textProperty().bind(player.elapsedTextProperty());
        remaining.textProperty().bind(player.remainingTextProperty());
        joinCode.textProperty().bind(party.joinCodeProperty());
        address.textProperty().bind(party.addressProperty());
        qrCode.setId("tvQr");
        qrCode.codeProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                () -> party.inviteProperty().get() == null ? null : party.inviteProperty().get().qrCode(),
                party.inviteProperty()));
        qrHolder.getChildren().add(qrCode);
        roomName.textProperty().bind(party.roomNameProperty());
        presence.textProperty().bind(party.presenceTextProperty());
        nextHolder.getChildren().add(next);
        // rows that do not fit the screen are cut at its edge rather than drawn over it
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(nextHolder.widthProperty());
        clip.heightProperty().bind(nextHolder.heightProperty());
        nextHolder.setClip(clip);
        nextHolder.setMinHeight(0);
        emptyNext.visibleProperty().bind(party.queueSizeProperty().isEqualTo(0));
        emptyNext.managedProperty().bind(emptyNext.visibleProperty());
        party.queue().addListener((ListChangeListener<QueueEntry>) c -> next.show(List.copyOf(party.queue())));
        next.show(List.copyOf(party.queue()));
    }

    public Parent root() {
        return root;
    }

    public QueueList queueList() {
        return next;
    }

    public boolean showing() {
        return stage != null && stage.isShowing();
    }

    /** Opens (or brings forward) the TV window: full screen on a second screen if there is one. */
    public void show(Stage owner, boolean fullScreen) {
        if (stage == null) {
            stage = new Stage();
            stage.setTitle("Queued \u2014 TV screen");
            Scene scene = new Scene(root, 1280, 720);
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
            scene.setOnKeyPressed(e -> {
                if (e.getCode() == KeyCode.ESCAPE || e.getCode() == KeyCode.F11) {
                    stage.close();
                }
            });
            stage.setScene(scene);
            stage.setFullScreenExitHint("Esc closes the TV screen");
            stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
            List<Screen> screens = Screen.getScreens();
            Screen target = screens.size() > 1 ? screens.stream().filter(s -> !s.equals(Screen.getPrimary()))
                    .findFirst().orElse(Screen.getPrimary()) : Screen.getPrimary();
            Rectangle2D bounds = target.getVisualBounds();
            stage.setX(bounds.getMinX());
            stage.setY(bounds.getMinY());
            stage.setWidth(Math.min(1280, bounds.getWidth()));
            stage.setHeight(Math.min(720, bounds.getHeight()));
        }
        stage.setFullScreen(fullScreen);
        stage.show();
        stage.toFront();
    }

    public void close() {
        if (stage != null) {
            stage.close();
        }
    }
}
