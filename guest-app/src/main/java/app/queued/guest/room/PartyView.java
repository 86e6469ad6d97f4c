package app.queued.guest.room;

import app.queued.fx.Fxml;
import app.queued.fx.Ticker;
import app.queued.fx.UiThread;
import app.queued.guest.invite.InviteView;
import app.queued.guest.ui.NoticeLabel;
import app.queued.protocol.Protocol;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;

/**
 * The party screen: binds {@link PartyViewModel} to {@code Party.fxml} and turns keys and clicks into view-model
 * calls. Holds no state of its own beyond what is on screen.
 */
public final class PartyView {
    private final PartyViewModel model;

    @FXML private StackPane root;
    @FXML private StackPane overlay;
    @FXML private Button inviteButton;
    @FXML private Label roomName;
    @FXML private Label roomMeta;
    @FXML private Label houseRules;
    @FXML private Label presence;
    @FXML private Button leaveButton;
    @FXML private HBox banner;
    @FXML private Label bannerText;
    @FXML private Button backButton;
    @FXML private Label nowTitle;
    @FXML private Label nowDetail;
    @FXML private ProgressBar progress;
    @FXML private Label progressText;
    @FXML private Button askToSkip;
    @FXML private Label skipNote;
    @FXML private Label queueCount;
    @FXML private ScrollPane queueScroll;
    @FXML private QueueList queueList;
    @FXML private Label emptyQueue;
    @FXML private StackPane searchSlot;
    @FXML private Label notice;

    private final Ticker ticker;
    private final InviteView invite;
    private Node searchField;

    public PartyView(PartyViewModel model) {
        this.model = model;
        Fxml.load(this, "Party.fxml");
        // a timer thread, not a Timeline: an endless animation would keep every JavaFX pulse running (Ticker)
        ticker = new Ticker(UiThread.fx(), java.time.Duration.ofMillis(500), model::tick);
        invite = new InviteView(model.inviteProperty(), model.roomNameProperty(), model::hideInvite);
        overlay.getChildren().add(invite.root());
        bind();
    }

    public Parent root() {
        return root;
    }

    public QueueList queueList() {
        return queueList;
    }

    /** Puts the search panel in its place; {@code field} gets the focus on "/". */
    public void setSearchPanel(Parent panel, Node field) {
        searchSlot.getChildren().setAll(panel);
        this.searchField = field;
    }

    /**
     * Starts the progress clock and puts the keyboard on the queue, so the arrow keys and + / − work without a click
     * on a row first. The queue sits in a scroll pane, which takes its content into the scene only once its skin
     * exists: CSS is applied first, or the request would go nowhere and the scene would give the focus to its first
     * button. Call once the screen is the scene's root.
     */
    public void activate() {
        ticker.start();
        root.applyCss();
        root.layout();
        queueList.requestFocus();
    }

    /** Stops what runs on its own (the progress clock). */
    public void deactivate() {
        ticker.stop();
    }

    private void bind() {
        roomName.textProperty().bind(model.roomNameProperty());
        roomMeta.textProperty().bind(Bindings.concat("Code ", model.joinCodeProperty(), "  ·  you're ",
                model.nicknameProperty()));

        presence.textProperty().bind(model.presenceProperty());
        presence.tooltipProperty().bind(Bindings.createObjectBinding(
                () -> new javafx.scene.control.Tooltip(model.presenceProperty().get()), model.presenceProperty()));
        houseRules.textProperty().bind(model.houseRulesProperty());
        houseRules.visibleProperty().bind(model.houseRulesProperty().isNotEmpty());
        houseRules.managedProperty().bind(houseRules.visibleProperty());

        banner.visibleProperty().bind(model.bannerProperty().isNotEqualTo(PartyViewModel.BannerKind.NONE));
        banner.managedProperty().bind(banner.visibleProperty());
        bannerText.textProperty().bind(model.bannerTextProperty());
        backButton.visibleProperty().bind(model.bannerProperty().isEqualTo(PartyViewModel.BannerKind.ENDED));
        backButton.managedProperty().bind(backButton.visibleProperty());
        model.bannerProperty().addListener((obs, old, kind) -> {
            banner.getStyleClass().removeAll("reconnecting", "ended");
            if (kind == PartyViewModel.BannerKind.RECONNECTING) {
                banner.getStyleClass().add("reconnecting");
            } else if (kind == PartyViewModel.BannerKind.ENDED) {
                banner.getStyleClass().add("ended");
            }
        });

        nowTitle.textProperty().bind(model.nowPlayingTitleProperty());
        nowDetail.textProperty().bind(model.nowPlayingDetailProperty());
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.playingProperty());
        progressText.textProperty().bind(model.progressTextProperty());
        askToSkip.disableProperty().bind(model.canAskToSkipProperty().not());
        skipNote.textProperty().bind(model.skipTextProperty());

        queueList.setActions(new QueueList.Actions() {
            @Override
            public void toggle(long trackId, int value) {
                model.select(trackId);
                model.toggle(trackId, value);
            }

            @Override
            public void select(long trackId) {
                model.select(trackId);
                queueList.requestFocus();
            }
        });
        model.queueProperty().addListener((obs, old, rows) -> showQueue(rows));
        model.selectedTrackIdProperty().addListener((obs, old, id) -> queueList.setSelected(id.longValue()));
        model.canVoteProperty().addListener((obs, old, can) -> queueList.setVotingEnabled(can));
        queueList.addEventHandler(KeyEvent.KEY_PRESSED, this::onQueueKeyPressed);
        queueList.addEventHandler(KeyEvent.KEY_TYPED, this::onQueueKeyTyped);
        root.addEventFilter(KeyEvent.KEY_TYPED, this::onShortcut);

        NoticeLabel.bind(notice, model.noticeProperty(), model::clearNotice);

        inviteButton.disableProperty().bind(model.inviteProperty().isNull());
        overlay.visibleProperty().bind(model.inviteShownProperty());
        model.inviteShownProperty().addListener((obs, was, shown) -> {
            if (shown) {
                invite.focus();
            } else {
                queueList.requestFocus();
            }
        });
        showQueue(model.queue());
        queueList.setSelected(model.selectedTrackIdProperty().get());
    }

    private void showQueue(List<QueueEntry> rows) {
        queueList.show(rows);
        emptyQueue.setVisible(rows.isEmpty());
        queueCount.setText(rows.isEmpty() ? "" : rows.size() == 1 ? "1 song" : rows.size() + " songs");
    }

    private void onQueueKeyPressed(KeyEvent e) {
        KeyCode code = e.getCode();
        switch (code) {
            case UP, KP_UP -> model.moveSelection(-1);
            case DOWN, KP_DOWN -> model.moveSelection(1);
            case PAGE_UP -> model.moveSelection(-10);
            case PAGE_DOWN -> model.moveSelection(10);
            case HOME -> model.selectFirst();
            case END -> model.selectLast();
            case BACK_SPACE, DELETE -> model.voteSelected(Protocol.NONE);
            default -> {
                return;
            }
        }
        e.consume();
    }

    private void onQueueKeyTyped(KeyEvent e) {
        switch (e.getCharacter()) {
            case "+", "=" -> model.voteSelected(Protocol.UP);
            case "-", "−", "_" -> model.voteSelected(Protocol.DOWN);
            case "0" -> model.voteSelected(Protocol.NONE);
            case "s", "S" -> model.askToSkip();
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** "/" jumps to search from anywhere but a text field. */
    private void onShortcut(KeyEvent e) {
        if ("/".equals(e.getCharacter()) && searchField != null && !model.inviteShownProperty().get()
                && !(root.getScene() != null && root.getScene().getFocusOwner() instanceof TextInputControl)) {
            searchField.requestFocus();
            e.consume();
        }
    }

    @FXML
    private void onAskToSkip() {
        model.askToSkip();
        queueList.requestFocus();
    }

    @FXML
    private void onInvite() {
        model.showInvite();
    }

    @FXML
    private void onLeave() {
        deactivate();
        model.leave();
    }
}
