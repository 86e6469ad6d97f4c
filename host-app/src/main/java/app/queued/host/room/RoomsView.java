package app.queued.host.room;

import app.queued.fx.Fxml;
import app.queued.fx.cell.TwoLineCell;
import java.text.DateFormat;
import java.util.Date;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.MouseButton;

/** "Start a party": a name field for a new room and the list of earlier rooms to reopen. */
public final class RoomsView {
    private final RoomsViewModel model;
    private final Runnable openSettings;
    private final Parent root;

    @FXML private TextField name;
    @FXML private Button create;
    @FXML private ListView<KnownRoom> rooms;
    @FXML private Button reopen;
    @FXML private Button forget;
    @FXML private Button settings;
    @FXML private Label error;
    @FXML private Label notice;

    public RoomsView(RoomsViewModel model, Runnable openSettings) {
        this.model = model;
        this.openSettings = openSettings;
        this.root = Fxml.load(this, "Rooms.fxml");
    }

    public Parent root() {
        return root;
    }

    public void focusName() {
        name.requestFocus();
    }

    @FXML
    private void initialize() {
        name.textProperty().bindBidirectional(model.newNameProperty());
        name.setOnAction(e -> model.create());
        create.disableProperty().bind(model.nameInvalid().or(model.busyProperty()));
        create.setOnAction(e -> model.create());
        rooms.setItems(model.rooms());
        rooms.setPlaceholder(new Label("Rooms you start are kept here, with their queues."));
        rooms.setCellFactory(list -> new TwoLineCell<KnownRoom>("room-title", "room-details", KnownRoom::name,
                room -> "code " + room.joinCode() + " \u00b7 last opened "
                        + DateFormat.getDateTimeInstance(DateFormat.MEDIUM, DateFormat.SHORT)
                        .format(new Date(room.lastOpenedAt())))
                .withId(room -> "room-" + room.roomId()));
        rooms.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                model.reopen(rooms.getSelectionModel().getSelectedItem());
            }
        });
        rooms.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                model.reopen(rooms.getSelectionModel().getSelectedItem());
            }
        });
        reopen.disableProperty().bind(rooms.getSelectionModel().selectedItemProperty().isNull());
        reopen.setOnAction(e -> model.reopen(rooms.getSelectionModel().getSelectedItem()));
        forget.disableProperty().bind(rooms.getSelectionModel().selectedItemProperty().isNull());
        forget.setOnAction(e -> model.forget(rooms.getSelectionModel().getSelectedItem()));
        settings.setOnAction(e -> openSettings.run());
        error.textProperty().bind(model.errorProperty());
        notice.textProperty().bind(model.noticeProperty());
        // keeps its line when empty: the card must not jump under the host's pointer when "Starting the party
        // server..." goes away as they type the room's name
        notice.visibleProperty().bind(model.noticeProperty().isNotEmpty());
    }
}
