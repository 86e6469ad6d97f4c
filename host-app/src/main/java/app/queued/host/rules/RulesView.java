package app.queued.host.rules;

import app.queued.fx.Fxml;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;

/** The Rules tab. Binds to {@link RulesViewModel}; a click or a committed number sends the whole rule set. */
public final class RulesView {
    private final RulesViewModel model;
    private final Parent root;

    @FXML private CheckBox lockAdding;
    @FXML private CheckBox lockVoting;
    @FXML private CheckBox voteOnly;
    @FXML private CheckBox downvotes;
    @FXML private CheckBox capEnabled;
    @FXML private Spinner<Integer> cap;
    @FXML private CheckBox maxLengthEnabled;
    @FXML private Spinner<Integer> maxLength;
    @FXML private CheckBox autoRemoveEnabled;
    @FXML private Spinner<Integer> autoRemove;
    @FXML private CheckBox fairOrder;
    @FXML private Slider skipShare;
    @FXML private Label skipShareText;
    @FXML private Label notice;

    public RulesView(RulesViewModel model) {
        this.model = model;
        this.root = Fxml.load(this, "Rules.fxml");
    }

    public Parent root() {
        return root;
    }

    @FXML
    private void initialize() {
        toggle(lockAdding, model.addingLockedProperty());
        toggle(lockVoting, model.votingLockedProperty());
        toggle(voteOnly, model.voteOnlyProperty());
        toggle(downvotes, model.downvotesProperty());
        toggle(fairOrder, model.fairOrderProperty());
        toggle(capEnabled, model.capEnabledProperty());
        toggle(maxLengthEnabled, model.maxLengthEnabledProperty());
        toggle(autoRemoveEnabled, model.autoRemoveEnabledProperty());
        number(cap, capEnabled, model.capProperty(), 1, 1000);
        number(maxLength, maxLengthEnabled, model.maxLengthMinutesProperty(), 1, 24 * 60);
        number(autoRemove, autoRemoveEnabled, model.autoRemoveBelowProperty(), 1, 1000);

        skipShare.setValue(model.skipPercentProperty().get());
        model.skipPercentProperty().addListener((obs, old, now) -> {
            if (!skipShare.isValueChanging()) {
                skipShare.setValue(now.intValue());
            }
        });
        skipShare.valueProperty().addListener((obs, old, now) -> model.skipPercentProperty().set(
                (int) Math.round(now.doubleValue())));
        skipShare.valueChangingProperty().addListener((obs, was, changing) -> {
            if (!changing) {
                model.apply();
            }
        });
        skipShare.setOnMouseReleased(e -> model.apply());
        skipShare.setOnKeyReleased(e -> model.apply());
        skipShareText.textProperty().bind(model.skipTextProperty());
        notice.textProperty().bind(model.noticeProperty());
    }

    /** A check box shows its rule; a click (not a change from the server) sends the rules. */
    private void toggle(CheckBox box, BooleanProperty rule) {
        box.selectedProperty().bindBidirectional(rule);
        box.setOnAction(e -> model.apply());
    }

    /** A number of a rule: off while its check box is; a committed value sends the rules. */
    private void number(Spinner<Integer> spinner, CheckBox enabled, IntegerProperty rule, int min, int max) {
        SpinnerValueFactory.IntegerSpinnerValueFactory values =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, rule.get());
        spinner.setValueFactory(values);
        spinner.setEditable(true);
        spinner.disableProperty().bind(enabled.selectedProperty().not());
        rule.addListener((obs, old, now) -> values.setValue(now.intValue()));
        values.valueProperty().addListener((obs, old, now) -> {
            if (now != null && now != rule.get()) {
                rule.set(now);
                model.apply();
            }
        });
        // a typed number counts when the field loses the focus, not only on Enter
        spinner.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused) {
                spinner.commitValue();
            }
        });
    }
}
