package app.queued.host.moderation;

import app.queued.host.ui.Fxml;
import app.queued.protocol.Results;
import app.queued.protocol.Role;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The Moderation panel: rules at the top, the people below with ban / unban. Binds to {@link ModerationViewModel}. */
public final class ModerationView {
    private final ModerationViewModel model;
    private final Parent root;

    @FXML private CheckBox lockAdding;
    @FXML private CheckBox lockVoting;
    @FXML private CheckBox capEnabled;
    @FXML private Spinner<Integer> cap;
    @FXML private Slider skipShare;
    @FXML private Label skipShareText;
    @FXML private CheckBox downvotes;
    @FXML private CheckBox fairOrder;
    @FXML private ListView<Results.Member> members;
    @FXML private Button refreshMembers;
    @FXML private CheckBox removeTracksOnBan;
    @FXML private Label notice;

    public ModerationView(ModerationViewModel model) {
        this.model = model;
        this.root = Fxml.load(this, "Moderation.fxml");
    }

    public Parent root() {
        return root;
    }

    @FXML
    private void initialize() {
        lockAdding.selectedProperty().bindBidirectional(model.addingLockedProperty());
        lockVoting.selectedProperty().bindBidirectional(model.votingLockedProperty());
        capEnabled.selectedProperty().bindBidirectional(model.capEnabledProperty());
        downvotes.selectedProperty().bindBidirectional(model.downvotesProperty());
        fairOrder.selectedProperty().bindBidirectional(model.fairOrderProperty());
        // user actions send the rules; changes coming from the server do not (onAction fires only on clicks)
        lockAdding.setOnAction(e -> model.apply());
        lockVoting.setOnAction(e -> model.apply());
        capEnabled.setOnAction(e -> model.apply());
        downvotes.setOnAction(e -> model.apply());
        fairOrder.setOnAction(e -> model.apply());

        SpinnerValueFactory.IntegerSpinnerValueFactory capValues =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 1000, model.capProperty().get());
        cap.setValueFactory(capValues);
        cap.setEditable(true);
        cap.disableProperty().bind(capEnabled.selectedProperty().not());
        model.capProperty().addListener((obs, old, now) -> capValues.setValue(now.intValue()));
        capValues.valueProperty().addListener((obs, old, now) -> {
            if (now != null && now != model.capProperty().get()) {
                model.capProperty().set(now);
                model.apply();
            }
        });

        skipShare.setValue(model.skipPercentProperty().get());
        model.skipPercentProperty().addListener((obs, old, now) -> {
            if (!skipShare.isValueChanging()) {
                skipShare.setValue(now.intValue());
            }
        });
        skipShareText.textProperty().bind(skipShare.valueProperty().asString("%.0f %% of the people here"));
        skipShare.valueChangingProperty().addListener((obs, was, changing) -> {
            if (!changing) {
                commitSkipShare();
            }
        });
        skipShare.setOnMouseReleased(e -> commitSkipShare());
        skipShare.setOnKeyReleased(e -> commitSkipShare());

        members.setItems(model.members());
        members.setCellFactory(list -> new MemberCell());
        members.setPlaceholder(new Label("Nobody has joined yet."));
        refreshMembers.setOnAction(e -> model.refreshMembers());
        notice.textProperty().bind(model.noticeProperty());
    }

    private void commitSkipShare() {
        int percent = (int) Math.round(skipShare.getValue());
        if (percent != model.skipPercentProperty().get()) {
            model.skipPercentProperty().set(percent);
            model.apply();
        }
    }

    private final class MemberCell extends ListCell<Results.Member> {
        MemberCell() {
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(Results.Member member, boolean empty) {
            super.updateItem(member, empty);
            if (empty || member == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label(member.nickname());
            name.getStyleClass().add("member-name");
            Label state = new Label(member.role() == Role.HOST ? "host"
                    : member.banned() ? "banned" : member.present() ? "here" : "away");
            state.getStyleClass().addAll("member-state", member.banned() ? "banned" : member.present() ? "here" : "away");
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            HBox row = new HBox(8, name, state, gap);
            row.getStyleClass().add("member-row");
            if (member.role() != Role.HOST) {
                Button action = new Button(member.banned() ? "Unban" : "Ban");
                action.setId((member.banned() ? "unban-" : "ban-") + member.guestId());
                action.getStyleClass().add(member.banned() ? "secondary" : "danger");
                action.setOnAction(e -> {
                    if (member.banned()) {
                        model.unban(member);
                    } else {
                        model.ban(member, removeTracksOnBan.isSelected());
                    }
                });
                row.getChildren().add(action);
            }
            setText(null);
            setGraphic(row);
        }
    }
}
