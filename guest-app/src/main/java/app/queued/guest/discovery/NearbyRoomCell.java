package app.queued.guest.discovery;

import app.queued.discovery.DiscoveredRoom;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.VBox;

/** A party nearby: its name, and where it runs (or that this app cannot talk to it). */
public final class NearbyRoomCell extends ListCell<DiscoveredRoom> {
    private final Label name = new Label();
    private final Label where = new Label();
    private final VBox box = new VBox(name, where);

    public NearbyRoomCell() {
        name.getStyleClass().add("title");
        where.getStyleClass().add("meta");
        box.getStyleClass().add("nearby-room");
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(DiscoveredRoom room, boolean empty) {
        super.updateItem(room, empty);
        if (empty || room == null) {
            setGraphic(null);
            setText(null);
            return;
        }
        name.setText(room.roomName());
        where.setText(DiscoveryViewModel.compatible(room) ? room.address()
                : room.address() + " · needs a different version of this app");
        setId("room-" + room.port());
        setText(null);
        setGraphic(box);
    }
}
