package app.queued.server.catalog.youtube;

import com.google.api.client.auth.oauth2.AuthorizationCodeFlow;
import com.google.api.client.auth.oauth2.BearerToken;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.auth.oauth2.TokenResponseException;
import com.google.api.client.extensions.jetty.auth.oauth2.LocalServerReceiver;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.UrlEncodedContent;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the OAuth 2.0 installed-app flow (RFC 8252): a loopback receiver on 127.0.0.1 with a free port,
 * the consent page opened in the browser, the code exchanged for tokens with PKCE.
 */
final class GoogleSignIn {
    private static final Logger log = LoggerFactory.getLogger(GoogleSignIn.class);
    private final OAuthClient client;
    private final HttpTransport transport;
    private final Clock clock;
    private volatile LocalServerReceiver receiver;
    private volatile boolean cancelled;

    GoogleSignIn(OAuthClient client, HttpTransport transport, Clock clock) {
        this.client = client;
        this.transport = transport;
        this.clock = clock;
    }

    static HttpTransport defaultTransport() {
        return new NetHttpTransport();
    }

    static AuthorizationCodeFlow flow(OAuthClient client, HttpTransport transport, Clock clock) {
        return new AuthorizationCodeFlow.Builder(BearerToken.authorizationHeaderAccessMethod(), transport,
                GsonFactory.getDefaultInstance(), new GenericUrl(client.tokenUrl()),
                new ClientParametersAuthentication(client.clientId(), client.clientSecret()), client.clientId(),
                client.authorizationUrl())
                .setScopes(client.scopes())
                .setClock(clock::millis)
                .enablePKCE()
                .build();
    }

    TokenResponse run(YouTubeCredentials.Browser browser, Duration timeout) throws IOException {
        AuthorizationCodeFlow flow = flow(client, transport, clock);
        LocalServerReceiver local = new LocalServerReceiver.Builder().setHost("127.0.0.1").setPort(-1).build();
        receiver = local;
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "queued-google-sign-in-timeout");
            t.setDaemon(true);
            return t;
        });
        try {
            String redirectUri = local.getRedirectUri();
            String url = flow.newAuthorizationUrl()
                    .setRedirectUri(redirectUri)
                    .set("access_type", "offline") // a refresh token, so the party survives the hour
                    .set("prompt", "consent")
                    .build();
            if (cancelled) {
                throw new IOException("Sign-in was cancelled.");
            }
            watchdog.schedule(() -> stopQuietly(local), timeout.toMillis(), TimeUnit.MILLISECONDS);
            browser.open(url);
            String code;
            try {
                code = local.waitForCode();
            } catch (IOException e) { // the consent page answered with an error, e.g. access_denied
                throw new IOException("Google sign-in did not finish: " + e.getMessage(), e);
            }
            if (cancelled) {
                throw new IOException("Sign-in was cancelled.");
            }
            if (code == null || code.isBlank()) {
                throw new IOException("Google sign-in did not finish (it was refused, or no answer came within "
                        + timeout.toSeconds() + " s).");
            }
            try {
                TokenResponse tokens = flow.newTokenRequest(code).setRedirectUri(redirectUri).execute();
                if (tokens.getAccessToken() == null) {
                    throw new IOException("Google sent no access token.");
                }
                return tokens;
            } catch (TokenResponseException e) {
                String error = e.getDetails() == null ? String.valueOf(e.getStatusCode()) : e.getDetails().getError();
                throw new IOException("Google refused the sign-in (" + error + ").", e);
            }
        } finally {
            watchdog.shutdownNow();
            stopQuietly(local);
            receiver = null;
        }
    }

    void cancel() {
        cancelled = true;
        LocalServerReceiver local = receiver;
        if (local != null) {
            stopQuietly(local);
        }
    }

    private static void stopQuietly(LocalServerReceiver local) {
        try {
            local.stop();
        } catch (IOException | RuntimeException e) {
            log.debug("loopback receiver stop: {}", e.toString());
        }
    }

    /** Best effort: tells Google the token is no longer wanted. Never throws. */
    static void revoke(OAuthClient client, String token) {
        if (token == null) {
            return;
        }
        try {
            var response = defaultTransport().createRequestFactory()
                    .buildPostRequest(new GenericUrl(client.revokeUrl()), new UrlEncodedContent(Map.of("token", token)))
                    .setThrowExceptionOnExecuteError(false)
                    .setConnectTimeout(3_000)
                    .setReadTimeout(3_000)
                    .execute();
            response.disconnect();
        } catch (IOException | RuntimeException e) {
            log.info("Could not revoke the Google token (signed out locally anyway): {}", e.getClass().getSimpleName());
        }
    }
}
