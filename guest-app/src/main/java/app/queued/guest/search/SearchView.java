package app.queued.guest.search;

import app.queued.guest.ui.Fxml;
import app.queued.guest.ui.NoticeLabel;
import app.queued.protocol.CatalogEntry;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Binds {@link SearchViewModel} to {@code Search.fxml}. Enter in the list adds the selected result. */
public final class SearchView {
    private final SearchViewModel model;

    @FXML private VBox root;
    @FXML private TextField searchField;
    @FXML private Button searchButton;
    @FXML private Label sourceLabel;
    @FXML private ListView<CatalogEntry> results;
    @FXML private TextField linkField;
    @FXML private Button addLinkButton;
    @FXML private Label status;

    public SearchView(SearchViewModel model) {
        this.model = model;
        Fxml.load(this, "Search.fxml");
        bind();
    }

    public Parent root() {
        return root;
    }

    public TextField searchField() {
        return searchField;
    }

    private void bind() {
        searchField.textProperty().bindBidirectional(model.queryProperty());
        linkField.textProperty().bindBidirectional(model.linkProperty());
        searchButton.disableProperty().bind(model.canSearchProperty().not());
        addLinkButton.disableProperty().bind(model.canAddLinkProperty().not());
        sourceLabel.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> model.sourceProperty().get().isEmpty() ? "" : "Results from " + model.sourceProperty().get(),
                model.sourceProperty()));
        results.setItems(model.results());
        results.setPlaceholder(new Label("Search results show up here."));
        results.setCellFactory(list -> new ResultCell());
        results.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && results.getSelectionModel().getSelectedItem() != null) {
                model.add(results.getSelectionModel().getSelectedItem());
                e.consume();
            }
        });
        NoticeLabel.show(status, model.statusProperty().get());
        model.statusProperty().addListener((obs, old, now) -> NoticeLabel.show(status, now));
    }

    @FXML
    private void onSearch() {
        model.search();
    }

    @FXML
    private void onAddLink() {
        model.addLink();
    }

    /** A result: title, channel and length, and an Add button. */
    private final class ResultCell extends ListCell<CatalogEntry> {
        private final Label title = new Label();
        private final Label meta = new Label();
        private final Button add = new Button("Add");
        private final HBox box;

        ResultCell() {
            title.getStyleClass().add("title");
            meta.getStyleClass().add("meta");
            add.getStyleClass().add("add");
            add.setFocusTraversable(false);
            VBox text = new VBox(title, meta);
            text.setMinWidth(0);
            HBox.setHgrow(text, Priority.ALWAYS);
            box = new HBox(text, add);
            box.getStyleClass().add("result");
            // Let the list decide the width: long titles are cut with "…", never pushing Add out of sight.
            setPrefWidth(0);
            add.setMinWidth(Region.USE_PREF_SIZE);
            add.setOnAction(e -> {
                if (getItem() != null) {
                    model.add(getItem());
                }
            });
            add.disableProperty().bind(model.addingProperty());
        }

        @Override
        protected void updateItem(CatalogEntry entry, boolean empty) {
            super.updateItem(entry, empty);
            if (empty || entry == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                return;
            }
            title.setText(entry.title());
            setTooltip(new javafx.scene.control.Tooltip(entry.title())); // the whole title when it is cut
            long s = entry.durationSeconds();
            String length = s <= 0 ? "" : String.format(" · %d:%02d", s / 60, s % 60);
            meta.setText((entry.channel() == null ? "" : entry.channel()) + length);
            add.setId("add-" + entry.videoId());
            setText(null);
            setGraphic(box);
        }
    }
}
