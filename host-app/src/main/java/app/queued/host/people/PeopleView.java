package app.queued.host.people;

import app.queued.fx.Fxml;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The People tab: who came, live, with co-host and ban buttons. Binds to {@link PeopleViewModel}. */
public final class PeopleView {
    private final PeopleViewModel model;
    private final Parent root;

    @FXML private Label summary;
    @FXML private ListView<PeopleViewModel.Person> people;
    @FXML private CheckBox removeTracksOnBan;
    @FXML private Label notice;

    public PeopleView(PeopleViewModel model) {
        this.model = model;
        this.root = Fxml.load(this, "People.fxml");
    }

    public Parent root() {
        return root;
    }

    @FXML
    private void initialize() {
        summary.textProperty().bind(model.summaryProperty());
        people.setItems(model.people());
        people.setCellFactory(list -> new PersonCell());
        people.setPlaceholder(new Label("Nobody has joined yet."));
        notice.textProperty().bind(model.noticeProperty());
    }

    private final class PersonCell extends ListCell<PeopleViewModel.Person> {
        PersonCell() {
            setPrefWidth(0); // the list's width, names cut with "…" rather than a sideways scroll bar
        }

        @Override
        protected void updateItem(PeopleViewModel.Person person, boolean empty) {
            super.updateItem(person, empty);
            if (empty || person == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label(person.name());
            name.getStyleClass().add("member-name");
            name.setMinWidth(0);
            Label state = new Label(person.state());
            state.getStyleClass().addAll("member-state", person.member().banned() ? "banned"
                    : person.member().present() ? "here" : "away");
            state.setMinWidth(Region.USE_PREF_SIZE);
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            HBox line = new HBox(8, name, gap, state);
            line.getStyleClass().add("member-row");
            VBox box = new VBox(4, line);
            if (!person.host()) {
                Button role = new Button(person.cohost() ? "Make guest" : "Make co-host");
                role.setId((person.cohost() ? "demote-" : "promote-") + person.guestId());
                role.getStyleClass().add("small");
                role.setOnAction(e -> {
                    if (person.cohost()) {
                        model.makeGuest(person);
                    } else {
                        model.makeCohost(person);
                    }
                });
                boolean banned = person.member().banned();
                Button ban = new Button(banned ? "Unban" : "Ban");
                ban.setId((banned ? "unban-" : "ban-") + person.guestId());
                ban.getStyleClass().addAll("small", banned ? "secondary" : "danger");
                ban.setOnAction(e -> {
                    if (banned) {
                        model.unban(person);
                    } else {
                        model.ban(person, removeTracksOnBan.isSelected());
                    }
                });
                role.setDisable(banned);
                HBox actions = new HBox(6, role, ban);
                box.getChildren().add(actions);
            }
            setText(null);
            setGraphic(box);
        }
    }
}
