package app.queued.server.catalog.youtube;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The content of the credentials file: either an API key, or an OAuth client with the tokens of the host's
 * Google sign-in. Never sent anywhere but to Google.
 *
 * @param expiresAt epoch milliseconds when the access token expires; null if unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record StoredCredentials(String apiKey, OAuthClient oauthClient, String accessToken, String refreshToken,
                         Long expiresAt) {

    static StoredCredentials apiKeyOnly(String apiKey) {
        return new StoredCredentials(apiKey, null, null, null, null);
    }

    boolean signedIn() {
        return oauthClient != null && (refreshToken != null || accessToken != null);
    }

    StoredCredentials withTokens(String newAccess, String newRefresh, Long newExpiresAt) {
        return new StoredCredentials(null, oauthClient, newAccess, newRefresh != null ? newRefresh : refreshToken,
                newExpiresAt);
    }

    @Override
    public String toString() {
        // a record's toString would print the secrets into any log line that mentions it
        return "StoredCredentials[" + (apiKey != null ? "api key" : signedIn() ? "google sign-in" : "none") + "]";
    }
}
