package app.queued.server.catalog.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.queued.protocol.ErrorCode;
import app.queued.protocol.ProtocolException;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OAuth 2.0 installed-app flow against a local stub authorization server. */
class GoogleSignInTest {
    @TempDir
    Path home;
    FakeYouTube google;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-27T20:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        google = new FakeYouTube();
        google.video("playablexx1").title("Fine Song").add();
    }

    @AfterEach
    void stop() {
        google.close();
    }

    @Test
    void signInBuildsTheRightUrlExchangesTheCodeStoresRefreshesAndSignsOut() throws Exception {
        YouTubeCredentials credentials = YouTubeCredentials.inFolder(home).usingClock(clock);
        AtomicReference<String> opened = new AtomicReference<>();
        YouTubeCredentials.Browser browser = FakeYouTube.browser();
        credentials.signInWithGoogle(google.oauthClient(), url -> {
            opened.set(url);
            browser.open(url);
        }, Duration.ofSeconds(10));

        // the authorization URL
        URI url = URI.create(opened.get());
        assertThat(url.getPath()).isEqualTo("/o/oauth2/auth");
        Map<String, String> params = query(url);
        assertThat(params).containsEntry("client_id", google.clientId)
                .containsEntry("response_type", "code")
                .containsEntry("scope", OAuthClient.YOUTUBE_READONLY)
                .containsEntry("access_type", "offline")
                .containsEntry("code_challenge_method", "S256")
                .doesNotContainKey("client_secret");
        assertThat(params.get("redirect_uri")).matches("http://127\\.0\\.0\\.1:\\d+/Callback");
        assertThat(params.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");

        // the code was exchanged (PKCE verified by the stub) and the tokens stored owner-only
        assertThat(google.codeExchanges.get()).isEqualTo(1);
        assertThat(credentials.mode()).isEqualTo(YouTubeCredentials.Mode.GOOGLE_SIGN_IN);
        assertThat(credentials.describe()).isEqualTo("Signed in with Google");
        Path file = home.resolve(YouTubeCredentials.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String firstAccess = credentials.current().accessToken();
        String refresh = credentials.current().refreshToken();
        assertThat(firstAccess).startsWith("ya29.access-secret-");
        assertThat(refresh).startsWith("1//refresh-secret-");
        assertThat(Files.readString(file)).contains(firstAccess, refresh, google.clientId);

        // API calls carry the bearer token, no key
        YouTubeCatalog catalog = YouTubeCatalog.builder(YouTubeCredentials.inFolder(home).usingClock(clock))
                .rootUrl(google.rootUrl()).clock(clock).retentionPeriod(null).build();
        try {
            assertThat(catalog.lookup("playablexx1").title()).isEqualTo("Fine Song");
            assertThat(google.requests.get(google.requests.size() - 1)).contains("auth=Bearer " + firstAccess)
                    .doesNotContain("key=");

            // an hour later the access token has expired: refreshed before the call, and the new one stored
            clock.advance(Duration.ofMinutes(61));
            catalog.lookup("nosuchvide1".replace("1", "2").substring(0, 11)).toString();
        } catch (ProtocolException expectedNotFound) {
            assertThat(expectedNotFound.code()).isEqualTo(ErrorCode.NOT_FOUND);
        } finally {
            catalog.close();
        }
        assertThat(google.refreshes.get()).isEqualTo(1);
        YouTubeCredentials reread = YouTubeCredentials.inFolder(home);
        assertThat(reread.current().accessToken()).isNotEqualTo(firstAccess).startsWith("ya29.access-secret-");
        assertThat(reread.current().refreshToken()).as("Google keeps the refresh token").isEqualTo(refresh);
        assertThat(google.requests.get(google.requests.size() - 1)).contains("auth=Bearer " + reread.current().accessToken());

        // sign out: file gone, token revoked at the stub, the catalog says YouTube is not set up
        reread.signOut();
        assertThat(file).doesNotExist();
        assertThat(google.revocations.get()).isEqualTo(1);
        assertThat(google.refreshTokens).doesNotContain(refresh);
        assertThat(reread.mode()).isEqualTo(YouTubeCredentials.Mode.NONE);
    }

    @Test
    void aRevokedSignInIsAClearErrorForGuestsAndTheHost() throws Exception {
        YouTubeCredentials credentials = YouTubeCredentials.inFolder(home).usingClock(clock);
        credentials.signInWithGoogle(google.oauthClient(), FakeYouTube.browser(), Duration.ofSeconds(10));
        google.refreshTokens.clear(); // the user withdrew access in their Google account
        google.accessTokens.clear();
        YouTubeCatalog catalog = YouTubeCatalog.builder(credentials).rootUrl(google.rootUrl()).clock(clock)
                .retentionPeriod(null).build();
        try {
            ProtocolException e = YouTubeCatalogTest.error(() -> catalog.search("fine", 15));
            assertThat(e.code()).as("only the host can fix it").isEqualTo(ErrorCode.SETUP_REQUIRED);
            assertThat(e.getMessage()).isEqualTo(YouTubeApi.SIGN_IN_EXPIRED);
            assertThat(catalog.hostProblem()).isEqualTo(YouTubeApi.SIGN_IN_EXPIRED);
            assertThat(catalog.quota().unitsUsedToday()).as("refused at the door: not billed").isZero();
        } finally {
            catalog.close();
        }
    }

    @Test
    void aSignInMakesTheKeyGoAndAKeyMakesTheSignInGo() throws Exception {
        YouTubeCredentials credentials = YouTubeCredentials.inFolder(home).usingClock(clock);
        credentials.setApiKey("AIzaSyBeforeSignIn");
        credentials.signInWithGoogle(google.oauthClient(), FakeYouTube.browser(), Duration.ofSeconds(10));
        assertThat(credentials.current().apiKey()).isNull();
        assertThat(Files.readString(home.resolve(YouTubeCredentials.FILE_NAME))).doesNotContain("AIzaSyBeforeSignIn");
        credentials.setApiKey("AIzaSyAfterSignIn");
        assertThat(credentials.mode()).isEqualTo(YouTubeCredentials.Mode.API_KEY);
        assertThat(Files.readString(home.resolve(YouTubeCredentials.FILE_NAME))).doesNotContain("refresh-secret");
    }

    @Test
    void refusedConsentTimeoutAndCancelFailCleanly() throws Exception {
        YouTubeCredentials credentials = YouTubeCredentials.inFolder(home);
        google.refuseConsent = "access_denied";
        assertThatThrownBy(() -> credentials.signInWithGoogle(google.oauthClient(), FakeYouTube.browser(),
                Duration.ofSeconds(10))).isInstanceOf(IOException.class).hasMessageContaining("did not finish");
        assertThat(credentials.mode()).isEqualTo(YouTubeCredentials.Mode.NONE);

        // nobody ever comes back from the browser: the loopback receiver gives up at the timeout
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> credentials.signInWithGoogle(google.oauthClient(), url -> { }, Duration.ofMillis(500)))
                .isInstanceOf(IOException.class);
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));

        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                credentials.signInWithGoogle(google.oauthClient(), url -> { }, Duration.ofSeconds(30));
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!waiting.isDone() && System.nanoTime() < deadline) {
            credentials.cancelSignIn();
            Thread.onSpinWait();
        }
        assertThat(waiting).failsWithin(Duration.ofSeconds(5));
        assertThat(home.resolve(YouTubeCredentials.FILE_NAME)).doesNotExist();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
