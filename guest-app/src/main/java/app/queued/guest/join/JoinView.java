package app.queued.guest.join;

import app.queued.discovery.DiscoveredRoom;
import app.queued.fx.Fxml;
import app.queued.fx.cell.TwoLineCell;
import app.queued.guest.discovery.DiscoveryViewModel;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.StackPane;

/** The start screen: binds {@link JoinViewModel} and the parties nearby ({@link DiscoveryViewModel}). */
public final class JoinView {
    private final JoinViewModel model;
    private final DiscoveryViewModel discovery;

    @FXML private StackPane root;
    @FXML private ListView<DiscoveredRoom> nearby;
    @FXML private Label discoveryStatus;
    @FXML private TextField addressField;
    @FXML private TextField codeField;
    @FXML private TextField nicknameField;
    @FXML private Button joinButton;
    @FXML private ProgressIndicator joinProgress;
    @FXML private Label progressLabel;
    @FXML private Label joinError;
    @FXML private Button logsButton;
    private final Runnable openLogFolder;

    /** @param openLogFolder shows the app's log files ("Open log folder") */
    public JoinView(JoinViewModel model, DiscoveryViewModel discovery, Runnable openLogFolder) {
        this.model = model;
        this.discovery = discovery;
        this.openLogFolder = openLogFolder;
        Fxml.load(this, "Join.fxml");
        bind();
    }

    public Parent root() {
        return root;
    }

    /** Puts the cursor where the guest most likely types next. */
    public void focusFirstEmptyField() {
        if (addressField.getText().isBlank()) {
            addressField.requestFocus();
        } else if (codeField.getText().isBlank()) {
            codeField.requestFocus();
        } else if (nicknameField.getText().isBlank()) {
            nicknameField.requestFocus();
        } else {
            joinButton.requestFocus();
        }
    }

    private void bind() {
        addressField.textProperty().bindBidirectional(model.addressProperty());
        codeField.textProperty().bindBidirectional(model.codeProperty());
        nicknameField.textProperty().bindBidirectional(model.nicknameProperty());
        joinButton.disableProperty().bind(model.canJoinProperty().not());
        joinProgress.visibleProperty().bind(model.busyProperty());
        progressLabel.textProperty().bind(model.progressProperty());
        joinError.textProperty().bind(model.errorProperty());
        joinError.visibleProperty().bind(model.errorProperty().isNotEmpty());
        joinError.managedProperty().bind(joinError.visibleProperty());
        addressField.disableProperty().bind(model.busyProperty());
        codeField.disableProperty().bind(model.busyProperty());
        nicknameField.disableProperty().bind(model.busyProperty());

        nearby.setItems(discovery.rooms());
        nearby.setCellFactory(list -> new TwoLineCell<DiscoveredRoom>("title", "meta", DiscoveredRoom::roomName,
                DiscoveryViewModel::where).withId(room -> "room-" + room.port()).withBoxClass("nearby-room"));
        nearby.setPlaceholder(new Label("No parties found yet."));
        discoveryStatus.textProperty().bind(discovery.statusProperty());
        nearby.getSelectionModel().selectedItemProperty().addListener((obs, old, room) -> {
            if (room != null) {
                model.choose(room);
            }
        });
        nearby.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && nearby.getSelectionModel().getSelectedItem() != null) {
                focusFirstEmptyField();
            }
        });
        nearby.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && nearby.getSelectionModel().getSelectedItem() != null) {
                codeField.requestFocus();
                e.consume();
            }
        });
    }

    @FXML
    private void onOpenLogs() {
        openLogFolder.run();
    }

    @FXML
    private void onJoin() {
        model.join();
    }
}
