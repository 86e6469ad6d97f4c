package app.queued.fx.cell;

import app.queued.fx.Durations;
import app.queued.protocol.CatalogEntry;
import java.util.function.Consumer;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A search result: title, channel and length, and an Add button ({@code #add-<videoId>}). The cell takes the
 * list's width, so a long title never pushes Add out of sight; the whole title shows on hover.
 */
public final class CatalogResultCell extends ListCell<CatalogEntry> {

    /** The style classes of the parts, and whether a long title takes a second line rather than "…". */
    public record Look(String rowClass, String titleClass, String metaClass, String addClass, boolean wrapTitle) {
    }

    private final Label title = new Label();
    private final Label meta = new Label();
    private final Button add = new Button("Add");
    private final Tooltip whole = new Tooltip();
    private final HBox row;

    /**
     * @param onAdd  what Add does with the result
     * @param adding while true, Add is disabled (an add is on its way); null when it never is
     */
    public CatalogResultCell(Look look, Consumer<CatalogEntry> onAdd, ObservableValue<Boolean> adding) {
        title.getStyleClass().add(look.titleClass());
        meta.getStyleClass().add(look.metaClass());
        add.getStyleClass().add(look.addClass());
        if (look.wrapTitle()) {
            title.setWrapText(true);
            title.setMaxHeight(40);
        }
        title.setMinWidth(0);
        meta.setMinWidth(0);
        add.setMinWidth(Region.USE_PREF_SIZE);
        add.setFocusTraversable(false);
        add.setOnAction(e -> {
            if (getItem() != null) {
                onAdd.accept(getItem());
            }
        });
        if (adding != null) {
            add.disableProperty().bind(adding);
        }
        VBox text = new VBox(2, title, meta);
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        row = new HBox(8, text, add);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add(look.rowClass());
        setPrefWidth(0);
    }

    /** "channel · 3:07"; without the length when it is unknown. */
    public static String details(CatalogEntry entry) {
        String channel = entry.channel() == null ? "" : entry.channel();
        return entry.durationSeconds() <= 0 ? channel : channel + " \u00b7 " + Durations.format(entry.durationSeconds());
    }

    @Override
    protected void updateItem(CatalogEntry entry, boolean empty) {
        super.updateItem(entry, empty);
        setText(null);
        if (empty || entry == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        title.setText(entry.title());
        whole.setText(entry.title());
        setTooltip(whole);
        meta.setText(details(entry));
        add.setId("add-" + entry.videoId());
        setGraphic(row);
    }
}
