package app.queued.host.party;

import app.queued.host.invite.QrCodeView;
import app.queued.host.moderation.ModerationViewModel;
import app.queued.host.player.PlayerViewModel;
import app.queued.host.ui.Fxml;
import app.queued.protocol.CatalogEntry;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The room screen: join code and address large at the top, the player on the left, the queue in the middle (rows
 * slide as votes reorder it), moderation on the right. Thin: binds to the view models and forwards the host's
 * clicks and keys.
 */
public final class PartyView {
    /** Big enough for a phone held a little away from the laptop's screen: about 3 pixels a module. */
    static final double QR_SIDE = 112;

    /** Where the screen's buttons lead outside this screen. */
    public interface Navigation {
        void openTvScreen();

        void openSettings();

        void quit();
    }

    private final PartyViewModel model;
    private final PlayerViewModel player;
    private final ModerationViewModel moderation;
    private final Navigation navigation;
    private final Parent root;
    private final QueueList queueList;
    private final QrCodeView qrCode = new QrCodeView(QR_SIDE);
    private final javafx.event.EventHandler<KeyEvent> keys = this::onKey;

    @FXML private Label roomName;
    @FXML private Label presence;
    @FXML private Label rules;
    @FXML private Label joinCode;
    @FXML private Label address;
    @FXML private StackPane qrHolder;
    @FXML private Button tvButton;
    @FXML private Button settingsButton;
    @FXML private VBox playerHolder;
    @FXML private TextField addField;
    @FXML private Button addButton;
    @FXML private ListView<CatalogEntry> searchResults;
    @FXML private Label searchSource;
    @FXML private VBox searchPanel;
    @FXML private Button closeSearch;
    @FXML private Label queueTitle;
    @FXML private Label skipText;
    @FXML private ScrollPane queueScroll;
    @FXML private StackPane queueHolder;
    @FXML private Label emptyQueue;
    @FXML private VBox moderationHolder;
    @FXML private Label connection;
    @FXML private Label cacheWarning;
    @FXML private Label notice;

    public PartyView(PartyViewModel model, PlayerViewModel player, ModerationViewModel moderation,
                     Node playerNode, Node moderationNode, Navigation navigation) {
        this.model = model;
        this.player = player;
        this.moderation = moderation;
        this.navigation = navigation;
        this.queueList = new QueueList(new QueueList.Actions() {
            @Override
            public void vote(long trackId, int value) {
                model.vote(trackId, value);
            }

            @Override
            public void remove(long trackId) {
                model.remove(trackId);
            }

            @Override
            public void select(long trackId) {
                model.select(trackId);
            }
        }, false, 0);
        this.queueList.setId("queue");
        this.root = Fxml.load(this, "Party.fxml");
        playerHolder.getChildren().add(playerNode);
        moderationHolder.getChildren().add(moderationNode);
    }

    public Parent root() {
        return root;
    }

    public QueueList queueList() {
        return queueList;
    }

    @FXML
    private void initialize() {
        roomName.textProperty().bind(model.roomNameProperty());
        presence.textProperty().bind(model.presenceTextProperty());
        rules.textProperty().bind(model.rulesTextProperty());
        joinCode.textProperty().bind(model.joinCodeProperty());
        address.textProperty().bind(model.addressProperty());
        qrCode.setId("roomQr");
        qrCode.codeProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                () -> model.inviteProperty().get() == null ? null : model.inviteProperty().get().qrCode(),
                model.inviteProperty()));
        qrHolder.getChildren().add(qrCode);
        connection.textProperty().bind(model.connectionProperty());
        cacheWarning.textProperty().bind(model.cacheWarningProperty());
        cacheWarning.visibleProperty().bind(model.cacheWarningProperty().isNotEmpty());
        cacheWarning.managedProperty().bind(cacheWarning.visibleProperty());
        notice.textProperty().bind(model.noticeProperty());
        skipText.textProperty().bind(model.skipTextProperty());
        queueTitle.textProperty().bind(model.queueSizeProperty().asString("Up next \u00b7 %d songs"));

        queueScroll.setContent(queueList);
        queueScroll.setFitToWidth(true);
        queueList.setScroller(queueScroll);
        emptyQueue.visibleProperty().bind(model.queueSizeProperty().isEqualTo(0));
        model.queue().addListener((ListChangeListener<QueueEntry>) change -> queueList.show(model.queue()));
        queueList.show(model.queue());
        model.selectedProperty().addListener((obs, old, now) -> queueList.setSelected(now.longValue()));

        addField.textProperty().bindBidirectional(model.addTextProperty());
        addField.setOnAction(e -> model.addOrSearch());
        addButton.setOnAction(e -> model.addOrSearch());
        searchResults.setItems(model.searchResults());
        searchResults.setCellFactory(list -> new ResultCell());
        searchPanel.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(model.searchResults()));
        searchSource.textProperty().bind(javafx.beans.binding.Bindings.concat("Found in the ",
                model.searchSourceProperty()));
        closeSearch.setOnAction(e -> model.clearSearch());

        tvButton.setOnAction(e -> navigation.openTvScreen());
        settingsButton.setOnAction(e -> navigation.openSettings());
    }

    /**
     * Keyboard shortcuts for the common host actions. Letters and Space act only when no text field has the focus.
     */
    public void installShortcuts(Scene scene) {
        scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+F"), () -> addField.requestFocus());
        scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+RIGHT"), player::skip);
        scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+UP"), () -> player.changeVolume(10));
        scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+DOWN"), () -> player.changeVolume(-10));
        scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+L"), moderation::toggleAddingLocked);
        scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+Shift+L"), moderation::toggleVotingLocked);
        scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+T"), navigation::openTvScreen);
        scene.getAccelerators().put(KeyCombination.keyCombination("F11"), navigation::openTvScreen);
        scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+COMMA"), navigation::openSettings);
        scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+Q"), navigation::quit);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, keys);
    }

    /** Takes this screen's keys off the scene (the screen is being replaced). */
    public void uninstallShortcuts(Scene scene) {
        scene.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
        scene.getAccelerators().clear();
    }

    private void onKey(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown()) {
            return;
        }
        boolean typing = root.getScene().getFocusOwner() instanceof TextInputControl;
        if (e.getCode() == KeyCode.ESCAPE && typing) {
            model.clearSearch();
            root.requestFocus();
            e.consume();
            return;
        }
        if (typing) {
            return;
        }
        switch (e.getCode()) {
            case SPACE -> player.togglePlay();
            case DOWN, J -> model.moveSelection(1);
            case UP, K -> model.moveSelection(-1);
            case PLUS, ADD, EQUALS -> model.voteSelected(1);
            case MINUS, SUBTRACT -> model.voteSelected(-1);
            case DELETE, BACK_SPACE -> model.removeSelected();
            case N -> player.skip();
            case SLASH -> addField.requestFocus();
            default -> {
                return;
            }
        }
        e.consume();
    }

    private final class ResultCell extends ListCell<CatalogEntry> {
        ResultCell() {
            setPrefWidth(0); // fit the list's width (long titles are cut with an ellipsis) instead of scrolling sideways
        }

        @Override
        protected void updateItem(CatalogEntry entry, boolean empty) {
            super.updateItem(entry, empty);
            if (empty || entry == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label title = new Label(entry.title());
            title.getStyleClass().add("result-title");
            Label channel = new Label(entry.channel() + " \u00b7 "
                    + QueueEntry.Clock.format(entry.durationSeconds()));
            channel.getStyleClass().add("result-details");
            Button add = new Button("Add");
            add.setId("add-" + entry.videoId());
            add.getStyleClass().add("primary");
            add.setOnAction(e -> model.add(entry));
            title.setMinWidth(0);
            channel.setMinWidth(0);
            add.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            VBox text = new VBox(2, title, channel);
            text.setMinWidth(0);
            javafx.scene.layout.HBox.setHgrow(text, javafx.scene.layout.Priority.ALWAYS);
            javafx.scene.layout.HBox row = new javafx.scene.layout.HBox(8, text, add);
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            setText(null);
            setGraphic(row);
        }
    }
}
