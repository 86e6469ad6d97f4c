package app.queued.guest.search;

import app.queued.fx.Fxml;
import app.queued.fx.cell.CatalogResultCell;
import app.queued.guest.ui.NoticeLabel;
import app.queued.protocol.CatalogEntry;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;

/** Binds {@link SearchViewModel} to {@code Search.fxml}. Enter in the list adds the selected result. */
public final class SearchView {
    private static final CatalogResultCell.Look LOOK = new CatalogResultCell.Look("result", "title", "meta", "add", false);

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
        results.setCellFactory(list -> new CatalogResultCell(LOOK, model::add, model.addingProperty()));
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
}
