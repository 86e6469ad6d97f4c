package app.queued.host.settings;

import app.queued.fx.Background;
import app.queued.fx.UiThread;
import app.queued.host.ui.Failures;
import app.queued.server.StorageUrls;
import app.queued.server.catalog.youtube.OAuthClient;
import app.queued.server.catalog.youtube.YouTubeCredentials;
import java.time.Duration;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Settings: where rooms are kept (built-in or external PostgreSQL/Redis), the port guests use, the catalog and how
 * YouTube is reached (an API key or "Sign in with Google"), and whether the room is announced on the network.
 * Saved in the app-data folder; storage, port and catalog take effect when the server restarts.
 */
public final class SettingsViewModel {
    private final SettingsStore store;
    private final HostSettings running;
    private final boolean storageFromEnvironment;
    private final YouTubeCredentials credentials;
    private final Supplier<String> quotaText;
    private final Background background;
    private final UiThread ui;

    private final BooleanProperty external = new SimpleBooleanProperty();
    private final StringProperty dbUrl = new SimpleStringProperty("");
    private final StringProperty dbPassword = new SimpleStringProperty("");
    private final StringProperty redisUrl = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty("");
    private final BooleanProperty youtube = new SimpleBooleanProperty();
    private final BooleanProperty advertise = new SimpleBooleanProperty();
    private final StringProperty oauthClientId = new SimpleStringProperty("");
    private final StringProperty oauthClientSecret = new SimpleStringProperty("");
    private final StringProperty apiKey = new SimpleStringProperty("");
    private final StringProperty youtubeStatus = new SimpleStringProperty("");
    private final StringProperty quota = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");
    private final BooleanProperty restartNeeded = new SimpleBooleanProperty(false);
    private final BooleanProperty signingIn = new SimpleBooleanProperty(false);
    private HostSettings saved;

    /**
     * @param running     the settings the server runs with now
     * @param credentials the YouTube credential store (app-data folder)
     * @param quotaText   today's YouTube quota use, or "" with the demo catalog
     */
    public SettingsViewModel(SettingsStore store, HostSettings saved, HostSettings running,
                             boolean storageFromEnvironment, YouTubeCredentials credentials,
                             Supplier<String> quotaText, Background background, UiThread ui) {
        this.store = store;
        this.saved = saved;
        this.running = running;
        this.storageFromEnvironment = storageFromEnvironment;
        this.credentials = credentials;
        this.quotaText = quotaText;
        this.background = background;
        this.ui = ui;
        external.set(!saved.embedded());
        dbUrl.set(nullToEmpty(saved.dbUrl()));
        dbPassword.set(nullToEmpty(saved.dbPassword()));
        redisUrl.set(nullToEmpty(saved.redisUrl()));
        port.set(Integer.toString(saved.port()));
        youtube.set(HostSettings.YOUTUBE.equals(saved.catalog()));
        advertise.set(saved.advertise());
        oauthClientId.set(nullToEmpty(saved.oauthClientId()));
        oauthClientSecret.set(nullToEmpty(saved.oauthClientSecret()));
        refreshYouTube();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The settings the form describes, or an {@link IllegalArgumentException} with a sentence for the host. */
    public HostSettings edited() {
        int p;
        try {
            p = Integer.parseInt(port.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The port must be a number between 0 and 65535.");
        }
        if (external.get()) {
            if (dbUrl.get().isBlank()) {
                throw new IllegalArgumentException("Enter the PostgreSQL URL, e.g. postgresql://queued@db.local:5432/queued.");
            }
            StorageUrls.jdbc(dbUrl.get());
            String redis = redisUrl.get().strip();
            if (!redis.isEmpty() && !redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
                throw new IllegalArgumentException("The Redis URL must start with redis:// (or leave it empty).");
            }
        }
        return new HostSettings(external.get() ? HostSettings.EXTERNAL : HostSettings.EMBEDDED, dbUrl.get(),
                dbPassword.get(), redisUrl.get(), p, youtube.get() ? HostSettings.YOUTUBE : HostSettings.DEMO,
                oauthClientId.get(), oauthClientSecret.get(), advertise.get());
    }

    private java.util.function.Consumer<HostSettings> onSaved = next -> { };

    /** What else happens once the settings are saved: the announcement goes on or off at once. */
    public void setOnSaved(java.util.function.Consumer<HostSettings> onSaved) {
        this.onSaved = onSaved;
    }

    /** Saves the form; says whether the server must restart for it to take effect. */
    public void save() {
        HostSettings next;
        try {
            next = edited();
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        error.set("");
        background.run(() -> store.save(next)).whenComplete((ok, failure) -> ui.run(() -> {
            if (failure != null) {
                error.set("Could not save the settings: " + Failures.sentence(failure));
                return;
            }
            saved = next;
            boolean restart = needsRestart(next);
            restartNeeded.set(restart);
            notice.set(restart ? "Saved. Restart the server to use the new storage, port or catalog." : "Saved.");
            onSaved.accept(next);
        }));
    }

    boolean needsRestart(HostSettings next) {
        return !storageFromEnvironment && (next.embedded() != running.embedded()
                || !java.util.Objects.equals(next.dbUrl(), running.dbUrl())
                || !java.util.Objects.equals(next.redisUrl(), running.redisUrl())
                || !java.util.Objects.equals(next.dbPassword(), running.dbPassword()))
                || next.port() != running.port() || !next.catalog().equals(running.catalog());
    }

    public HostSettings saved() {
        return saved;
    }

    // ---- YouTube ----

    public void saveApiKey() {
        if (credentials == null) {
            return;
        }
        String key = apiKey.get() == null ? "" : apiKey.get().strip();
        background.run(() -> credentials.setApiKey(key)).whenComplete((ok, failure) -> ui.run(() -> {
            if (failure != null) {
                error.set(Failures.sentence(failure));
                return;
            }
            apiKey.set("");
            youtube.set(true);
            notice.set("YouTube API key saved. Choose YouTube as the catalog and save to use it.");
            refreshYouTube();
        }));
    }

    /** Opens Google's consent page in the browser and waits (off the UI thread) for the answer. */
    public void signIn(YouTubeCredentials.Browser browser) {
        if (credentials == null || signingIn.get()) {
            return;
        }
        if (oauthClientId.get().isBlank()) {
            error.set("Enter the client ID of your Google \u201cDesktop app\u201d OAuth client first.");
            return;
        }
        error.set("");
        signingIn.set(true);
        notice.set("Finish signing in in your browser\u2026");
        OAuthClient client = OAuthClient.google(oauthClientId.get().strip(),
                oauthClientSecret.get().isBlank() ? null : oauthClientSecret.get().strip());
        background.run(() -> credentials.signInWithGoogle(client, browser, Duration.ofMinutes(5)))
                .whenComplete((ok, failure) -> ui.run(() -> {
                    signingIn.set(false);
                    if (failure != null) {
                        error.set("Google sign-in did not finish: " + Failures.sentence(failure));
                        notice.set("");
                    } else {
                        notice.set("Signed in with Google.");
                    }
                    refreshYouTube();
                }));
    }

    public void cancelSignIn() {
        if (credentials != null) {
            credentials.cancelSignIn();
        }
    }

    public void signOut() {
        if (credentials == null) {
            return;
        }
        background.run(credentials::signOut).whenComplete((ok, failure) -> ui.run(() -> {
            if (failure != null) {
                error.set(Failures.sentence(failure));
            }
            refreshYouTube();
        }));
    }

    private void refreshYouTube() {
        youtubeStatus.set(credentials == null ? "YouTube settings are not available." : credentials.describe());
        quota.set(quotaText.get());
    }

    // ---- properties ----

    public BooleanProperty externalProperty() {
        return external;
    }

    public StringProperty dbUrlProperty() {
        return dbUrl;
    }

    public StringProperty dbPasswordProperty() {
        return dbPassword;
    }

    public StringProperty redisUrlProperty() {
        return redisUrl;
    }

    public StringProperty portProperty() {
        return port;
    }

    public BooleanProperty youtubeProperty() {
        return youtube;
    }

    public BooleanProperty advertiseProperty() {
        return advertise;
    }

    public StringProperty oauthClientIdProperty() {
        return oauthClientId;
    }

    public StringProperty oauthClientSecretProperty() {
        return oauthClientSecret;
    }

    public StringProperty apiKeyProperty() {
        return apiKey;
    }

    public ReadOnlyStringProperty youtubeStatusProperty() {
        return youtubeStatus;
    }

    public ReadOnlyStringProperty quotaProperty() {
        return quota;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice;
    }

    public ReadOnlyBooleanProperty restartNeededProperty() {
        return restartNeeded;
    }

    public ReadOnlyBooleanProperty signingInProperty() {
        return signingIn;
    }

    public boolean storageFromEnvironment() {
        return storageFromEnvironment;
    }
}
