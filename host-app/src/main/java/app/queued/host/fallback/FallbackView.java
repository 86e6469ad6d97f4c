package app.queued.host.fallback;

import app.queued.fx.Fxml;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleGroup;

/** The Fallback tab. Binds to {@link FallbackViewModel}. */
public final class FallbackView {
    private final FallbackViewModel model;
    private final Parent root;

    @FXML private RadioButton none;
    @FXML private RadioButton history;
    @FXML private RadioButton links;
    @FXML private TextArea linkList;
    @FXML private Button copyHistory;
    @FXML private Button save;
    @FXML private Label status;
    @FXML private Label notice;

    public FallbackView(FallbackViewModel model) {
        this.model = model;
        this.root = Fxml.load(this, "Fallback.fxml");
    }

    public Parent root() {
        return root;
    }

    @FXML
    private void initialize() {
        ToggleGroup group = new ToggleGroup();
        none.setToggleGroup(group);
        history.setToggleGroup(group);
        links.setToggleGroup(group);
        none.setUserData(FallbackViewModel.Source.NONE);
        history.setUserData(FallbackViewModel.Source.HISTORY);
        links.setUserData(FallbackViewModel.Source.LINKS);
        select(group, model.sourceProperty().get());
        model.sourceProperty().addListener((obs, old, now) -> select(group, now));
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.sourceProperty().set((FallbackViewModel.Source) now.getUserData());
            }
        });
        linkList.textProperty().bindBidirectional(model.linksProperty());
        linkList.disableProperty().bind(model.sourceProperty().isNotEqualTo(FallbackViewModel.Source.LINKS));
        copyHistory.setOnAction(e -> model.copyFromHistory());
        save.setOnAction(e -> model.save());
        status.textProperty().bind(model.statusProperty());
        notice.textProperty().bind(model.noticeProperty());
    }

    private static void select(ToggleGroup group, FallbackViewModel.Source source) {
        group.getToggles().stream().filter(t -> t.getUserData() == source).findFirst()
                .ifPresent(group::selectToggle);
    }
}
