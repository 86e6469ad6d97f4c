package app.queued.host.player;

import app.queued.fx.Fxml;
import java.util.Locale;
import javafx.concurrent.Worker;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.web.WebEngine;
import javafx.scene.web.WebView;
import netscape.javascript.JSObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The now-playing panel: the YouTube IFrame player in a WebView, with play/pause, skip, volume and the time. Thin:
 * it binds to {@link PlayerViewModel} and turns the model's commands into calls into the page's script.
 */
public final class PlayerView implements PlayerViewModel.Player {
    private static final Logger log = LoggerFactory.getLogger(PlayerView.class);

    private final PlayerViewModel model;
    private final PlayerPage page;
    private final PlayerBridge bridge; // held here: WebKit keeps only a weak reference to it
    private final Parent root;
    private WebView web;

    @FXML private StackPane screen;
    @FXML private VBox overlay;
    @FXML private Label overlayText;
    @FXML private Button retryButton;
    @FXML private Label title;
    @FXML private Label subtitle;
    @FXML private ProgressBar progress;
    @FXML private Label elapsed;
    @FXML private Label remaining;
    @FXML private Button playButton;
    @FXML private Button skipButton;
    @FXML private Slider volume;
    @FXML private Label notice;

    public PlayerView(PlayerViewModel model, PlayerPage page) {
        this.model = model;
        this.page = page;
        this.bridge = new PlayerBridge(model);
        this.root = Fxml.load(this, "Player.fxml");
        model.attach(this);
    }

    public Parent root() {
        return root;
    }

    /** The page's engine (tests use it to drive the stand-in YouTube API). */
    public WebEngine engine() {
        return web.getEngine();
    }

    @FXML
    private void initialize() {
        web = new WebView();
        web.setContextMenuEnabled(false);
        web.setId("playerWeb");
        screen.getChildren().add(0, web);
        WebEngine engine = web.getEngine();
        engine.getLoadWorker().stateProperty().addListener((obs, old, state) -> {
            if (state == Worker.State.SUCCEEDED) {
                JSObject window = (JSObject) engine.executeScript("window");
                window.setMember("hostBridge", bridge);
                engine.executeScript("boot('" + js(page.apiUrl()) + "')");
            } else if (state == Worker.State.FAILED) {
                model.offline("page");
            }
        });
        engine.load(page.pageUrl());

        title.textProperty().bind(model.titleProperty());
        subtitle.textProperty().bind(model.subtitleProperty());
        progress.progressProperty().bind(model.progressProperty());
        elapsed.textProperty().bind(model.elapsedTextProperty());
        remaining.textProperty().bind(model.remainingTextProperty());
        notice.textProperty().bind(model.noticeProperty());
        volume.valueProperty().bindBidirectional(model.volumeProperty());
        playButton.textProperty().bind(javafx.beans.binding.Bindings.when(model.playingProperty())
                .then("\u275A\u275A Pause").otherwise("\u25B6 Play"));
        playButton.disableProperty().bind(model.trackProperty().isNull());
        playButton.setOnAction(e -> model.togglePlay());
        skipButton.setOnAction(e -> model.skip());
        retryButton.setOnAction(e -> model.retry());
        overlayText.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            if (!model.messageProperty().get().isEmpty()) {
                return model.messageProperty().get();
            }
            return switch (model.modeProperty().get()) {
                case LOADING -> "Loading the YouTube player\u2026";
                case IDLE -> model.trackProperty().get() == null ? "Nothing playing yet" : "";
                default -> "";
            };
        }, model.messageProperty(), model.modeProperty(), model.trackProperty()));
        overlay.visibleProperty().bind(overlayText.textProperty().isNotEmpty());
        retryButton.visibleProperty().bind(model.modeProperty().isEqualTo(PlayerViewModel.Mode.OFFLINE));
        retryButton.managedProperty().bind(retryButton.visibleProperty());
    }

    // ---- PlayerViewModel.Player: calls into the page's script (FX thread) ----

    @Override
    public void load(String videoId, double startSeconds) {
        run("loadVideo('" + js(videoId) + "', " + String.format(Locale.ROOT, "%.1f", startSeconds) + ")");
    }

    @Override
    public void play() {
        run("playVideo()");
    }

    @Override
    public void pause() {
        run("pauseVideo()");
    }

    @Override
    public void stop() {
        run("stopVideo()");
    }

    @Override
    public void setVolume(int value) {
        run("setVolume(" + value + ")");
    }

    @Override
    public void reload() {
        web.getEngine().load(page.pageUrl());
    }

    private void run(String script) {
        try {
            web.getEngine().executeScript(script);
        } catch (RuntimeException e) {
            log.debug("player script failed: {}", script, e);
        }
    }

    private static String js(String text) {
        return text.replace("\\", "\\\\").replace("'", "\\'");
    }
}
