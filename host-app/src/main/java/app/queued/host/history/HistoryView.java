package app.queued.host.history;

import app.queued.fx.Fxml;
import app.queued.fx.cell.TwoLineCell;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;

/** The History tab: what played, newest first, and "Export CSV…". Binds to {@link HistoryViewModel}. */
public final class HistoryView {
    private final HistoryViewModel model;
    private final Function<String, Optional<Path>> chooseFile;
    private final Parent root;

    @FXML private Label summary;
    @FXML private ListView<HistoryViewModel.Entry> played;
    @FXML private Button export;
    @FXML private Label notice;

    /** @param chooseFile asks where to save, given a file name to suggest (a file chooser in the app) */
    public HistoryView(HistoryViewModel model, Function<String, Optional<Path>> chooseFile) {
        this.model = model;
        this.chooseFile = chooseFile;
        this.root = Fxml.load(this, "History.fxml");
    }

    public Parent root() {
        return root;
    }

    @FXML
    private void initialize() {
        summary.textProperty().bind(model.summaryProperty());
        played.setItems(model.played());
        played.setCellFactory(list -> new TwoLineCell<>("history-title", "history-details",
                HistoryViewModel.Entry::title, HistoryViewModel.Entry::details));
        played.setPlaceholder(new Label("Songs show up here once they have played."));
        export.disableProperty().bind(model.canExportProperty().not());
        export.setOnAction(e -> chooseFile.apply("party-history.csv").ifPresent(model::export));
        notice.textProperty().bind(model.noticeProperty());
    }
}
