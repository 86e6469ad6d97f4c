package app.queued.server.catalog.youtube;

import java.util.List;
import java.util.Objects;

/**
 * The host's OAuth 2.0 client for "Sign in with Google" (a "Desktop app" client made in the Google Cloud console,
 * with the YouTube Data API enabled) and the endpoints it talks to. Tests point the endpoints at a local stub.
 *
 * @param clientSecret for installed apps Google issues a secret that is not really secret; may be null
 * @param revokeUrl    where sign-out revokes the token; null to only forget it locally
 */
public record OAuthClient(String clientId, String clientSecret, String authorizationUrl, String tokenUrl,
                          String revokeUrl, List<String> scopes) {

    /** Read-only access to YouTube: enough for search and video metadata. */
    public static final String YOUTUBE_READONLY = "https://www.googleapis.com/auth/youtube.readonly";

    public OAuthClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(authorizationUrl, "authorizationUrl");
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        scopes = scopes == null || scopes.isEmpty() ? List.of(YOUTUBE_READONLY) : List.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "OAuthClient[" + clientId + " at " + tokenUrl + "]"; // no secret in logs
    }

    /** Google's own endpoints. */
    public static OAuthClient google(String clientId, String clientSecret) {
        return new OAuthClient(clientId, clientSecret, "https://accounts.google.com/o/oauth2/v2/auth",
                "https://oauth2.googleapis.com/token", "https://oauth2.googleapis.com/revoke",
                List.of(YOUTUBE_READONLY));
    }
}
