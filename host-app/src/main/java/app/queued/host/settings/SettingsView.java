package app.queued.host.settings;

import app.queued.fx.Fxml;
import app.queued.server.catalog.youtube.YouTubeCredentials;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;

/** The Settings window. Binds to {@link SettingsViewModel}; "Restart server" hands over to the app. */
public final class SettingsView {
    private final SettingsViewModel model;
    private final Runnable restart;
    private final YouTubeCredentials.Browser browser;
    private final Parent root;
    private Stage stage;

    @FXML private RadioButton embedded;
    @FXML private RadioButton external;
    @FXML private VBox externalBox;
    @FXML private TextField dbUrl;
    @FXML private PasswordField dbPassword;
    @FXML private TextField redisUrl;
    @FXML private Label envNote;
    @FXML private TextField port;
    @FXML private CheckBox advertise;
    @FXML private RadioButton demo;
    @FXML private RadioButton youtube;
    @FXML private Label youtubeStatus;
    @FXML private Label quota;
    @FXML private PasswordField apiKey;
    @FXML private Button saveKey;
    @FXML private TextField clientId;
    @FXML private PasswordField clientSecret;
    @FXML private Button signIn;
    @FXML private Button signOut;
    @FXML private Label error;
    @FXML private Label notice;
    @FXML private Button save;
    @FXML private Button restartButton;
    @FXML private Button close;
    @FXML private Button openLogs;
    private final Runnable openLogFolder;

    /** @param openLogFolder shows the app's log files (a file manager on the app-data folder's logs/) */
    public SettingsView(SettingsViewModel model, Runnable restart, YouTubeCredentials.Browser browser,
                        Runnable openLogFolder) {
        this.model = model;
        this.restart = restart;
        this.browser = browser;
        this.openLogFolder = openLogFolder;
        this.root = Fxml.load(this, "Settings.fxml");
    }

    public Parent root() {
        return root;
    }

    @FXML
    private void initialize() {
        ToggleGroup storage = new ToggleGroup();
        embedded.setToggleGroup(storage);
        external.setToggleGroup(storage);
        external.selectedProperty().bindBidirectional(model.externalProperty());
        embedded.setSelected(!model.externalProperty().get());
        externalBox.disableProperty().bind(external.selectedProperty().not());
        dbUrl.textProperty().bindBidirectional(model.dbUrlProperty());
        dbPassword.textProperty().bindBidirectional(model.dbPasswordProperty());
        redisUrl.textProperty().bindBidirectional(model.redisUrlProperty());
        envNote.setVisible(model.storageFromEnvironment());
        envNote.setManaged(model.storageFromEnvironment());
        port.textProperty().bindBidirectional(model.portProperty());
        advertise.selectedProperty().bindBidirectional(model.advertiseProperty());

        ToggleGroup catalog = new ToggleGroup();
        demo.setToggleGroup(catalog);
        youtube.setToggleGroup(catalog);
        youtube.selectedProperty().bindBidirectional(model.youtubeProperty());
        demo.setSelected(!model.youtubeProperty().get());
        model.youtubeProperty().addListener((obs, old, now) -> demo.setSelected(!now));
        youtubeStatus.textProperty().bind(model.youtubeStatusProperty());
        quota.textProperty().bind(model.quotaProperty());
        apiKey.textProperty().bindBidirectional(model.apiKeyProperty());
        saveKey.disableProperty().bind(apiKey.textProperty().isEmpty());
        saveKey.setOnAction(e -> model.saveApiKey());
        clientId.textProperty().bindBidirectional(model.oauthClientIdProperty());
        clientSecret.textProperty().bindBidirectional(model.oauthClientSecretProperty());
        signIn.textProperty().bind(javafx.beans.binding.Bindings.when(model.signingInProperty())
                .then("Cancel sign-in").otherwise("Sign in with Google"));
        signIn.setOnAction(e -> {
            if (model.signingInProperty().get()) {
                model.cancelSignIn();
            } else {
                model.signIn(browser);
            }
        });
        signOut.setOnAction(e -> model.signOut());

        error.textProperty().bind(model.errorProperty());
        notice.textProperty().bind(model.noticeProperty());
        save.setOnAction(e -> model.save());
        restartButton.visibleProperty().bind(model.restartNeededProperty());
        restartButton.managedProperty().bind(restartButton.visibleProperty());
        restartButton.setOnAction(e -> {
            close();
            restart.run();
        });
        close.setOnAction(e -> close());
        openLogs.setOnAction(e -> openLogFolder.run());
    }

    public void show(Stage owner) {
        stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Queued \u2014 Settings");
        Scene scene = new Scene(root);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                close();
            }
        });
        stage.setScene(scene);
        stage.show();
    }

    public void close() {
        if (stage != null) {
            stage.close();
        }
    }
}
