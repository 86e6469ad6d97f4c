package app.queued.host.party;

import app.queued.fx.Fxml;
import app.queued.fx.cell.CatalogResultCell;
import app.queued.fx.invite.QrCodeView;
import app.queued.host.player.PlayerViewModel;
import app.queued.host.rules.RulesViewModel;
import app.queued.protocol.CatalogEntry;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The room screen: join code, address and QR code large at the top, the player on the left, the queue in the
 * middle (rows slide as votes reorder it), and the host's tabs on the right — Rules, People, History, Fallback.
 * Thin: binds to the view models and forwards the host's clicks and keys.
 */
public final class PartyView {
    private static final CatalogResultCell.Look RESULT =
            new CatalogResultCell.Look("search-result", "result-title", "result-details", "primary", true);
    /** Big enough for a phone held a little away from the laptop's screen: about 3 pixels a module. */
    static final double QR_SIDE = 112;

    private static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination NEXT = new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination LOUDER = new KeyCodeCombination(KeyCode.UP, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination SOFTER = new KeyCodeCombination(KeyCode.DOWN, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination LOCK_ADDING = new KeyCodeCombination(KeyCode.L,
            KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination LOCK_VOTING = new KeyCodeCombination(KeyCode.L,
            KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    private static final KeyCombination TV = new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination TV_KEY = new KeyCodeCombination(KeyCode.F11);
    private static final KeyCombination SETTINGS = new KeyCodeCombination(KeyCode.COMMA,
            KeyCombination.SHORTCUT_DOWN);

    /** Where the screen's buttons lead outside this screen. */
    public interface Navigation {
        void openTvScreen();

        void openSettings();
    }

    /** The host's tabs on the right; {@code onHistoryShown} runs when the History tab is chosen. */
    public record Tabs(Node rules, Node people, Node history, Node fallback, Runnable onHistoryShown) {
    }

    private final PartyViewModel model;
    private final PlayerViewModel player;
    private final RulesViewModel rulesModel;
    private final Navigation navigation;
    private final Parent root;
    private final QueueList queueList;
    private final QrCodeView qrCode = new QrCodeView(QR_SIDE);

    @FXML private BorderPane screen;
    @FXML private Label roomName;
    @FXML private Label presence;
    @FXML private Label rules;
    @FXML private Label joinCode;
    @FXML private Label address;
    @FXML private StackPane qrHolder;
    @FXML private Button tvButton;
    @FXML private Button settingsButton;
    @FXML private Button endButton;
    @FXML private Label catalogWarning;
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
    @FXML private TabPane sideTabs;
    @FXML private Tab historyTab;
    @FXML private ScrollPane rulesHolder;
    @FXML private StackPane peopleHolder;
    @FXML private StackPane historyHolder;
    @FXML private ScrollPane fallbackHolder;
    @FXML private Label connection;
    @FXML private Label cacheWarning;
    @FXML private Label notice;
    @FXML private StackPane confirmEnd;
    @FXML private Label confirmTitle;
    @FXML private Label confirmText;
    @FXML private Button keepParty;
    @FXML private Button endForAll;

    public PartyView(PartyViewModel model, PlayerViewModel player, RulesViewModel rulesModel, Node playerNode,
                     Tabs tabs, Navigation navigation) {
        this.model = model;
        this.player = player;
        this.rulesModel = rulesModel;
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
        rulesHolder.setContent(tabs.rules());
        peopleHolder.getChildren().add(tabs.people());
        historyHolder.getChildren().add(tabs.history());
        fallbackHolder.setContent(tabs.fallback());
        historyTab.selectedProperty().addListener((obs, was, selected) -> {
            if (selected) {
                tabs.onHistoryShown().run();
            }
        });
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
        roomName.tooltipProperty().bind(Bindings.createObjectBinding(
                () -> new Tooltip(model.roomNameProperty().get()), model.roomNameProperty()));
        presence.textProperty().bind(model.presenceTextProperty());
        rules.textProperty().bind(model.rulesTextProperty());
        joinCode.textProperty().bind(model.joinCodeProperty());
        address.textProperty().bind(model.addressProperty());
        qrCode.setId("roomQr");
        qrCode.codeProperty().bind(Bindings.createObjectBinding(
                () -> model.inviteProperty().get() == null ? null : model.inviteProperty().get().qrCode(),
                model.inviteProperty()));
        qrHolder.getChildren().add(qrCode);
        catalogWarning.textProperty().bind(model.catalogWarningProperty());
        catalogWarning.visibleProperty().bind(model.catalogWarningProperty().isNotEmpty());
        catalogWarning.managedProperty().bind(catalogWarning.visibleProperty());
        connection.textProperty().bind(model.connectionProperty());
        cacheWarning.textProperty().bind(model.cacheWarningProperty());
        cacheWarning.visibleProperty().bind(model.cacheWarningProperty().isNotEmpty());
        cacheWarning.managedProperty().bind(cacheWarning.visibleProperty());
        notice.textProperty().bind(model.noticeProperty());
        skipText.textProperty().bind(model.skipTextProperty());
        queueTitle.textProperty().bind(Bindings.createStringBinding(() -> {
            int n = model.queueSizeProperty().get();
            return "Up next \u00b7 " + (n == 1 ? "1 song" : n + " songs");
        }, model.queueSizeProperty()));

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
        searchResults.setCellFactory(list -> new CatalogResultCell(RESULT, model::add, null));
        searchPanel.visibleProperty().bind(Bindings.isNotEmpty(model.searchResults()));
        searchSource.textProperty().bind(Bindings.concat("Found in the ", model.searchSourceProperty()));
        closeSearch.setOnAction(e -> model.clearSearch());

        tvButton.setOnAction(e -> navigation.openTvScreen());
        settingsButton.setOnAction(e -> navigation.openSettings());
        endButton.setOnAction(e -> model.askToEnd());

        confirmEnd.visibleProperty().bind(model.confirmingEndProperty());
        confirmTitle.textProperty().bind(Bindings.concat("End \u201c", model.roomNameProperty(),
                "\u201d for everyone?"));
        confirmText.textProperty().bind(model.endWarningProperty());
        keepParty.setOnAction(e -> model.cancelEnd());
        endForAll.setOnAction(e -> model.endParty());
        model.confirmingEndProperty().addListener((obs, was, asking) -> {
            if (asking) {
                keepParty.requestFocus(); // Enter keeps the party: ending takes a deliberate click
            } else {
                screen.requestFocus();
            }
        });
    }

    /** Puts the keyboard on the room screen (not in a text field), where the shortcuts act. */
    public void focus() {
        screen.requestFocus();
    }

    /**
     * This screen's keys, from the scene's key filter: before any control — the player's web view included — can
     * swallow them. Letters and Space act only when no text field has the focus. Returns whether it was one.
     */
    public boolean handleKey(KeyEvent e) {
        if (model.confirmingEndProperty().get()) {
            if (e.getCode() == KeyCode.ESCAPE) {
                model.cancelEnd();
                return true;
            }
            return false; // the dialog's buttons take Enter; nothing else acts behind it
        }
        if (LOCK_VOTING.match(e)) {
            rulesModel.toggleVotingLocked();
        } else if (LOCK_ADDING.match(e)) {
            rulesModel.toggleAddingLocked();
        } else if (FIND.match(e)) {
            addField.requestFocus();
        } else if (NEXT.match(e)) {
            player.skip();
        } else if (LOUDER.match(e)) {
            player.changeVolume(10);
        } else if (SOFTER.match(e)) {
            player.changeVolume(-10);
        } else if (TV.match(e) || TV_KEY.match(e)) {
            navigation.openTvScreen();
        } else if (SETTINGS.match(e)) {
            navigation.openSettings();
        } else {
            return plainKey(e);
        }
        return true;
    }

    private boolean plainKey(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown() || e.isControlDown() || e.isMetaDown()) {
            return false;
        }
        boolean typing = root.getScene() != null && root.getScene().getFocusOwner() instanceof TextInputControl;
        if (e.getCode() == KeyCode.ESCAPE && typing) {
            model.clearSearch();
            screen.requestFocus();
            return true;
        }
        if (typing) {
            return false;
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
                return false;
            }
        }
        return true;
    }
}
