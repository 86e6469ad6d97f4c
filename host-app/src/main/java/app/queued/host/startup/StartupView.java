package app.queued.host.startup;

import app.queued.fx.Fxml;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The start screen: a progress bar, one line per part starting, and the reason if something failed. */
public final class StartupView {
    private final StartupViewModel model;
    private final Runnable retry;
    private final Runnable openSettings;
    private final Parent root;

    @FXML private Label headline;
    @FXML private ProgressBar progress;
    @FXML private VBox steps;
    @FXML private Label error;
    @FXML private HBox failureButtons;
    @FXML private Button retryButton;
    @FXML private Button settingsButton;

    public StartupView(StartupViewModel model, Runnable retry, Runnable openSettings) {
        this.model = model;
        this.retry = retry;
        this.openSettings = openSettings;
        this.root = Fxml.load(this, "Startup.fxml");
    }

    public Parent root() {
        return root;
    }

    @FXML
    private void initialize() {
        headline.textProperty().bind(model.headlineProperty());
        progress.progressProperty().bind(model.progressProperty());
        for (StartupViewModel.Step step : model.steps()) {
            Label mark = new Label();
            mark.getStyleClass().add("step-mark");
            mark.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                    () -> switch (step.stateProperty().get()) {
                        case WAITING -> "\u25CB";
                        case STARTING -> "\u25D4";
                        case READY -> "\u2714";
                        case FAILED -> "\u2716";
                    }, step.stateProperty()));
            step.stateProperty().addListener((obs, old, now) -> {
                mark.getStyleClass().removeAll("waiting", "starting", "ready", "failed");
                mark.getStyleClass().add(now.name().toLowerCase(java.util.Locale.ROOT));
            });
            Label label = new Label(step.label());
            label.getStyleClass().add("step-label");
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            Label detail = new Label();
            detail.getStyleClass().add("step-detail");
            detail.textProperty().bind(step.detailProperty());
            HBox row = new HBox(10, mark, label, gap, detail);
            row.setId("step-" + step.part().name().toLowerCase(java.util.Locale.ROOT));
            row.getStyleClass().add("step-row");
            steps.getChildren().add(row);
        }
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        failureButtons.visibleProperty().bind(model.errorProperty().isNotEmpty());
        retryButton.setOnAction(e -> retry.run());
        settingsButton.setOnAction(e -> openSettings.run());
    }
}
