package app.queued.server.catalog.youtube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.auth.oauth2.TokenResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the host's server reaches YouTube: an API key, or the host's Google sign-in (OAuth 2.0 installed-app flow),
 * or nothing yet. Kept in {@value #FILE_NAME} in the app-data folder, readable only by the user (POSIX mode 600,
 * or an owner-only ACL on Windows). One way is configured at a time: setting a key signs out, signing in replaces
 * the key.
 *
 * <p>The host app's settings screen drives this: {@link #mode()}, {@link #describe()}, {@link #setApiKey},
 * {@link #signInWithGoogle}, {@link #signOut()}. Thread-safe. Nothing here is ever sent to a guest (I6).
 */
public final class YouTubeCredentials {
    public static final String FILE_NAME = "youtube-credentials.json";
    private static final Logger log = LoggerFactory.getLogger(YouTubeCredentials.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    /** How YouTube is reached. */
    public enum Mode {
        /** Not set up: YouTube search answers that the host has not set it up. */
        NONE,
        /** A YouTube Data API key. */
        API_KEY,
        /** The host signed in with Google; the server holds a refresh token. */
        GOOGLE_SIGN_IN
    }

    private final Path file;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile StoredCredentials current;
    private volatile GoogleSignIn activeSignIn;
    private volatile Clock clock = Clock.systemUTC();

    private YouTubeCredentials(Path file, StoredCredentials initial) {
        this.file = file;
        this.current = initial;
    }

    /** The credentials stored in {@code appDataDir} (none yet if the file does not exist). */
    public static YouTubeCredentials inFolder(Path appDataDir) {
        Path file = appDataDir.resolve(FILE_NAME);
        return new YouTubeCredentials(file, read(file));
    }

    /** An API key for this run only, never written to disk (e.g. {@code --youtube-api-key}). */
    public static YouTubeCredentials apiKeyOnly(String apiKey) {
        requireKey(apiKey);
        return new YouTubeCredentials(null, StoredCredentials.apiKeyOnly(apiKey.strip()));
    }

    /** Nothing set up and nothing stored: for tests and the demo. */
    public static YouTubeCredentials none() {
        return new YouTubeCredentials(null, null);
    }

    public Mode mode() {
        StoredCredentials c = current;
        if (c == null) {
            return Mode.NONE;
        }
        if (c.apiKey() != null) {
            return Mode.API_KEY;
        }
        return c.signedIn() ? Mode.GOOGLE_SIGN_IN : Mode.NONE;
    }

    /** For the host's settings screen, e.g. "API key ending in …x9Qk"; never the whole secret. */
    public String describe() {
        StoredCredentials c = current;
        return switch (mode()) {
            case NONE -> "YouTube is not set up";
            case API_KEY -> "API key ending in \u2026" + c.apiKey().substring(Math.max(0, c.apiKey().length() - 4));
            case GOOGLE_SIGN_IN -> "Signed in with Google";
        };
    }

    /** The file the credentials live in; null when they are kept in memory only. */
    public Path file() {
        return file;
    }

    /** Stores an API key (replacing a Google sign-in). */
    public void setApiKey(String apiKey) {
        requireKey(apiKey);
        replace(StoredCredentials.apiKeyOnly(apiKey.strip()));
    }

    /**
     * Runs "Sign in with Google": opens {@code browser} on Google's consent page, waits on a loopback receiver
     * (127.0.0.1, a free port) for the redirect, exchanges the code for tokens (with PKCE) and stores them,
     * replacing an API key. Blocks up to {@code timeout}; call it off the UI thread.
     *
     * @throws IOException when the user refused, the time ran out, it was cancelled, or Google refused the code
     */
    public void signInWithGoogle(OAuthClient client, Browser browser, Duration timeout) throws IOException {
        GoogleSignIn signIn = new GoogleSignIn(client, GoogleSignIn.defaultTransport(), clock);
        activeSignIn = signIn;
        try {
            TokenResponse tokens = signIn.run(browser, timeout);
            replace(new StoredCredentials(null, client, tokens.getAccessToken(), tokens.getRefreshToken(),
                    expiresAt(tokens, clock)));
        } finally {
            activeSignIn = null;
        }
    }

    /** Stops a sign-in that is waiting for the browser; {@link #signInWithGoogle} then fails. */
    public void cancelSignIn() {
        GoogleSignIn signIn = activeSignIn;
        if (signIn != null) {
            signIn.cancel();
        }
    }

    /**
     * Forgets the credentials: deletes the file, and for a Google sign-in asks Google to revoke the token (best
     * effort: signing out works offline too).
     */
    public void signOut() {
        StoredCredentials old = current;
        replace(null);
        if (old != null && old.signedIn() && old.oauthClient().revokeUrl() != null) {
            GoogleSignIn.revoke(old.oauthClient(), old.refreshToken() != null ? old.refreshToken() : old.accessToken());
        }
    }

    /** Runs after every change of credentials (set, sign-in, sign-out, refreshed token). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Tests run token expiry on their own clock. */
    YouTubeCredentials usingClock(Clock testClock) {
        this.clock = testClock;
        return this;
    }

    Clock clock() {
        return clock;
    }

    StoredCredentials current() {
        return current;
    }

    /** A refreshed access token (and possibly a new refresh token) for the sign-in that is still current. */
    void tokensRefreshed(OAuthClient client, String accessToken, String refreshToken, Long expiresAt) {
        synchronized (this) {
            StoredCredentials c = current;
            if (c == null || c.oauthClient() == null || !c.oauthClient().equals(client)) {
                return; // signed out (or in again) meanwhile: do not bring old tokens back
            }
            StoredCredentials updated = c.withTokens(accessToken, refreshToken, expiresAt);
            write(updated);
            current = updated;
        }
        listeners.forEach(Runnable::run);
    }

    static Long expiresAt(TokenResponse tokens, Clock clock) {
        return tokens.getExpiresInSeconds() == null ? null : clock.millis() + tokens.getExpiresInSeconds() * 1000;
    }

    private void replace(StoredCredentials next) {
        synchronized (this) {
            write(next);
            current = next;
        }
        listeners.forEach(Runnable::run);
    }

    private static void requireKey(String apiKey) {
        if (apiKey == null || apiKey.isBlank() || apiKey.strip().chars().anyMatch(ch -> ch <= ' ' || ch > '~')) {
            throw new IllegalArgumentException("That does not look like a YouTube API key.");
        }
    }

    private void write(StoredCredentials next) {
        if (file == null) {
            return;
        }
        try {
            if (next == null) {
                Files.deleteIfExists(file);
                return;
            }
            Files.createDirectories(file.getParent());
            Path tmp = ownerOnlyTempFile(file.getParent());
            try {
                Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(next));
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            restrictToOwner(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Queued could not save the YouTube credentials in " + file.getParent()
                    + ": " + e.getMessage(), e);
        }
    }

    private static StoredCredentials read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            restrictToOwner(file); // someone widened it: narrow it again before going on
            StoredCredentials stored = JSON.readValue(new String(bytes, StandardCharsets.UTF_8),
                    StoredCredentials.class);
            return stored.apiKey() == null && !stored.signedIn() ? null : stored;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            log.warn("Ignoring unreadable YouTube credentials file {}: {}", file, e.getClass().getSimpleName());
            return null;
        }
    }

    /** A temp file that is owner-only from its creation, so the secret is never readable by others. */
    private static Path ownerOnlyTempFile(Path dir) throws IOException {
        if (posix()) {
            return Files.createTempFile(dir, ".youtube-credentials", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Path tmp = Files.createTempFile(dir, ".youtube-credentials", ".tmp");
        restrictToOwner(tmp);
        return tmp;
    }

    static void restrictToOwner(Path path) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(path, OWNER_ONLY);
            return;
        }
        AclFileAttributeView acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
        if (acl != null) {
            UserPrincipal owner = Files.getOwner(path);
            acl.setAcl(List.of(AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner)
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build()));
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Opens the consent page; the host app passes the system browser, tests a client that follows redirects. */
    @FunctionalInterface
    public interface Browser {
        void open(String url) throws IOException;
    }
}
