package app.queued.server.catalog.youtube;

import app.queued.protocol.ErrorCode;
import app.queued.protocol.ProtocolException;
import com.google.api.client.auth.oauth2.BearerToken;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.Credential;
import com.google.api.client.auth.oauth2.CredentialRefreshListener;
import com.google.api.client.auth.oauth2.TokenErrorResponse;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.auth.oauth2.TokenResponseException;
import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpExecuteInterceptor;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.youtube.YouTube;
import com.google.api.services.youtube.model.SearchListResponse;
import com.google.api.services.youtube.model.SearchResult;
import com.google.api.services.youtube.model.Thumbnail;
import com.google.api.services.youtube.model.ThumbnailDetails;
import com.google.api.services.youtube.model.Video;
import com.google.api.services.youtube.model.VideoContentDetails;
import com.google.api.services.youtube.model.VideoListResponse;
import com.google.api.services.youtube.model.VideoSnippet;
import com.google.api.services.youtube.model.VideoStatus;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two YouTube Data API v3 calls the catalog makes, through {@code google-api-services-youtube}: search.list
 * for video ids and videos.list for their metadata and playability. Each call has a total deadline (the catalog's
 * timeout, a token refresh included). Counts on the {@link QuotaMeter} what YouTube bills, and turns every failure
 * into a {@link ProtocolException} whose message is our own sentence: nothing YouTube answers (which may quote the
 * request URL, key included) is passed on.
 *
 * <p>Billing, as YouTube does it: a request its quota system let through costs its units whatever became of it (an
 * answer, an invalid request, a server error, or an answer lost or garbled on the way, which YouTube may have
 * served). A request refused at the door costs nothing: a key YouTube does not know, or a missing one, names no
 * project to charge; a rejected sign-in, an API not enabled for the project, and a quota or rate limit allocate
 * nothing.
 */
final class YouTubeApi {
    private static final Logger log = LoggerFactory.getLogger(YouTubeApi.class);
    static final int MAX_IDS_PER_CALL = 50;
    private static final List<String> VIDEO_PARTS = List.of("snippet", "contentDetails", "status");
    private static final String VIDEO_FIELDS = "items(id,snippet(title,channelTitle,liveBroadcastContent,"
            + "thumbnails(default,medium,high)),contentDetails(duration,regionRestriction,contentRating/ytRating),"
            + "status(embeddable,privacyStatus,uploadStatus))";

    static final String NOT_SET_UP = "The host has not set up YouTube yet, so searching and adding YouTube links "
            + "does not work. Ask the host to add a YouTube API key or sign in with Google.";
    static final String KEY_REFUSED = "YouTube refused the host's API key; the host needs to check it in Queued's "
            + "settings.";
    static final String SIGN_IN_EXPIRED = "The host's Google sign-in has expired or was withdrawn; the host needs "
            + "to sign in again.";
    static final String ACCESS_REFUSED = "YouTube refused the host's access (is the YouTube Data API enabled for "
            + "the host's Google Cloud project?).";
    static final String UNREADABLE = "YouTube sent an answer that could not be read";
    static final String TOO_SLOW = "YouTube did not answer in time";
    static final String YOUTUBE_DOWN = "YouTube is not answering right now; try again in a moment.";

    private final String rootUrl;
    private final HttpTransport transport;
    private final YouTubeCredentials credentials;
    private final QuotaMeter quota;
    private final Duration timeout;
    private final String region;
    private final AtomicReference<CachedCredential> oauth = new AtomicReference<>();
    /** When the call this thread is making must end (System.nanoTime); set for the length of {@link #execute}. */
    private final ThreadLocal<Long> callDeadline = new ThreadLocal<>();
    private volatile String hostProblem;

    private record CachedCredential(StoredCredentials source, Credential credential) {
    }

    YouTubeApi(String rootUrl, HttpTransport transport, YouTubeCredentials credentials, QuotaMeter quota,
               Duration timeout, String region) {
        this.rootUrl = rootUrl;
        this.transport = transport;
        this.credentials = credentials;
        this.quota = quota;
        this.timeout = timeout;
        this.region = region;
    }

    /** Why YouTube does not work right now, for the host's screen; null when the last call went through. */
    String hostProblem() {
        return hostProblem;
    }

    /** Video ids for a search, best first: search.list, {@value QuotaMeter#SEARCH_COST} units. */
    List<String> searchIds(String query, int maxResults) {
        Call call = prepare();
        try {
            YouTube.Search.List request = call.youtube.search().list(List.of("id"))
                    .setQ(query)
                    .setType(List.of("video"))
                    .setVideoEmbeddable("true")
                    .setVideoSyndicated("true")
                    .setMaxResults((long) maxResults)
                    .setFields("items(id(kind,videoId))");
            if (region != null) {
                request.setRegionCode(region);
            }
            if (call.apiKey != null) {
                request.setKey(call.apiKey);
            }
            return execute(() -> ids(request.execute()), QuotaMeter.SEARCH_COST);
        } catch (IOException e) {
            throw unexpected(e);
        }
    }

    private static List<String> ids(SearchListResponse response) {
        Set<String> ids = new LinkedHashSet<>();
        if (response.getItems() != null) {
            for (SearchResult item : response.getItems()) {
                if (item.getId() != null && item.getId().getVideoId() != null
                        && app.queued.youtube.YouTubeLinks.isVideoId(item.getId().getVideoId())) {
                    ids.add(item.getId().getVideoId());
                }
            }
        }
        return List.copyOf(ids);
    }

    /**
     * Facts about each of {@code ids} that exists: videos.list, {@value QuotaMeter#VIDEOS_COST} unit per call of up
     * to {@value #MAX_IDS_PER_CALL} ids. Unknown or deleted videos are simply absent from the map.
     */
    Map<String, VideoFacts> videos(Collection<String> ids) {
        List<String> all = List.copyOf(new LinkedHashSet<>(ids));
        Map<String, VideoFacts> found = new LinkedHashMap<>();
        for (int from = 0; from < all.size(); from += MAX_IDS_PER_CALL) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + MAX_IDS_PER_CALL));
            Call call = prepare();
            try {
                YouTube.Videos.List request = call.youtube.videos().list(VIDEO_PARTS)
                        .setId(List.of(String.join(",", batch))) // the documented comma-separated form
                        .setFields(VIDEO_FIELDS);
                if (call.apiKey != null) {
                    request.setKey(call.apiKey);
                }
                found.putAll(execute(() -> facts(request.execute(), batch), QuotaMeter.VIDEOS_COST));
            } catch (IOException e) {
                throw unexpected(e);
            }
        }
        return found;
    }

    private static Map<String, VideoFacts> facts(VideoListResponse response, List<String> asked) {
        Map<String, VideoFacts> found = new LinkedHashMap<>();
        if (response.getItems() != null) {
            for (Video video : response.getItems()) {
                if (video.getId() != null && asked.contains(video.getId())) {
                    found.put(video.getId(), facts(video));
                }
            }
        }
        return found;
    }

    static VideoFacts facts(Video video) {
        String id = video.getId();
        VideoSnippet snippet = video.getSnippet();
        VideoContentDetails details = video.getContentDetails();
        VideoStatus status = video.getStatus();
        // videos.list sends plain text (unlike search.list snippets, which are HTML-escaped and never read here)
        String title = snippet == null ? "" : DisplayText.oneLine(snippet.getTitle());
        String channel = snippet == null ? "" : DisplayText.oneLine(snippet.getChannelTitle());
        List<String> allowed = null;
        List<String> blocked = null;
        boolean ageRestricted = false;
        if (details != null && details.getRegionRestriction() != null) {
            allowed = upper(details.getRegionRestriction().getAllowed());
            blocked = upper(details.getRegionRestriction().getBlocked());
        }
        if (details != null && details.getContentRating() != null) {
            ageRestricted = "ytAgeRestricted".equals(details.getContentRating().getYtRating());
        }
        return new VideoFacts(id,
                title.isEmpty() ? "YouTube video " + id : title,
                channel,
                details == null ? 0 : IsoDuration.seconds(details.getDuration()),
                thumbnail(id, snippet == null ? null : snippet.getThumbnails()),
                status == null || status.getEmbeddable() == null || status.getEmbeddable(),
                snippet == null || snippet.getLiveBroadcastContent() == null ? "none"
                        : snippet.getLiveBroadcastContent(),
                status == null ? null : status.getPrivacyStatus(),
                status == null ? null : status.getUploadStatus(),
                allowed, blocked, ageRestricted);
    }

    private static List<String> upper(List<String> regions) {
        return regions == null ? null : regions.stream().map(r -> r.toUpperCase(Locale.ROOT)).toList();
    }

    private static String thumbnail(String id, ThumbnailDetails thumbnails) {
        if (thumbnails != null) {
            for (Thumbnail t : new Thumbnail[] {thumbnails.getHigh(), thumbnails.getMedium(), thumbnails.getDefault()}) {
                if (t != null && t.getUrl() != null && t.getUrl().startsWith("https://")) {
                    return t.getUrl();
                }
            }
        }
        return "https://i.ytimg.com/vi/" + id + "/hqdefault.jpg";
    }

    // ---- calls ----

    private interface Execution<T> {
        T run() throws IOException;
    }

    private record Call(YouTube youtube, String apiKey) {
    }

    /** A client for the current credentials, or the "not set up" error. */
    private Call prepare() {
        if (quota.exhausted()) {
            throw quotaExceeded();
        }
        StoredCredentials current = credentials.current();
        if (current == null || (current.apiKey() == null && !current.signedIn())) {
            hostProblem = "YouTube is not set up";
            throw new ProtocolException(ErrorCode.SETUP_REQUIRED, NOT_SET_UP);
        }
        Credential credential = current.apiKey() != null ? null : credential(current);
        HttpRequestInitializer init = request -> {
            if (credential != null) {
                credential.initialize(request);
            }
            // the time left is taken again before every exchange: a token refresh may have used some of it
            HttpExecuteInterceptor authorize = request.getInterceptor();
            request.setInterceptor(r -> {
                if (authorize != null) {
                    authorize.intercept(r);
                }
                withinDeadline(r);
            });
        };
        YouTube youtube = new YouTube.Builder(transport, GsonFactory.getDefaultInstance(), init)
                .setRootUrl(rootUrl)
                .setApplicationName("Queued")
                .build();
        return new Call(youtube, current.apiKey());
    }

    private Credential credential(StoredCredentials stored) {
        CachedCredential cached = oauth.get();
        if (cached != null && cached.source() == stored) {
            return cached.credential();
        }
        OAuthClient client = stored.oauthClient();
        Credential credential = new Credential.Builder(BearerToken.authorizationHeaderAccessMethod())
                .setTransport(transport)
                .setJsonFactory(GsonFactory.getDefaultInstance())
                .setTokenServerEncodedUrl(client.tokenUrl())
                .setClientAuthentication(new ClientParametersAuthentication(client.clientId(), client.clientSecret()))
                .setClock(credentials.clock()::millis)
                .setRequestInitializer(this::withinDeadline)
                .addRefreshListener(new CredentialRefreshListener() {
                    @Override
                    public void onTokenResponse(Credential c, TokenResponse tokens) {
                        credentials.tokensRefreshed(client, tokens.getAccessToken(), tokens.getRefreshToken(),
                                YouTubeCredentials.expiresAt(tokens, credentials.clock()));
                    }

                    @Override
                    public void onTokenErrorResponse(Credential c, TokenErrorResponse error) {
                        hostProblem = SIGN_IN_EXPIRED;
                        log.warn("Google refused to refresh the host's sign-in ({})",
                                error == null ? "no answer" : error.getError());
                    }
                })
                .build()
                .setAccessToken(stored.accessToken())
                .setRefreshToken(stored.refreshToken())
                .setExpirationTimeMilliseconds(stored.expiresAt());
        oauth.set(new CachedCredential(stored, credential));
        return credential;
    }

    /** Sets an exchange's timeouts to what is left of the current call's deadline (the transport's whole-answer limit). */
    private void withinDeadline(HttpRequest request) throws IOException {
        Long deadline = callDeadline.get();
        long left = deadline == null ? timeout.toMillis() : (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new HttpTimeoutException("the call's deadline has passed");
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, left);
        request.setConnectTimeout(millis);
        request.setReadTimeout(millis);
    }

    /**
     * Runs one call (the request and the reading of its answer) within the deadline, charging what YouTube bills. An
     * answer that cannot be read is a fault on the way like a broken connection: {@code unavailable}, counted.
     */
    private <T> T execute(Execution<T> execution, int cost) {
        callDeadline.set(System.nanoTime() + timeout.toNanos());
        try {
            T result = execution.run();
            quota.charge(cost);
            hostProblem = null;
            return result;
        } catch (GoogleJsonResponseException e) {
            throw translate(e, cost);
        } catch (TokenResponseException e) {
            // Google's token endpoint, not YouTube: nothing billed
            log.warn("Google refused to refresh the host's sign-in (HTTP {})", e.getStatusCode());
            if (e.getStatusCode() >= 400 && e.getStatusCode() < 500) {
                hostProblem = SIGN_IN_EXPIRED;
                throw new ProtocolException(ErrorCode.SETUP_REQUIRED, SIGN_IN_EXPIRED);
            }
            hostProblem = "Google's sign-in service answered HTTP " + e.getStatusCode();
            throw new ProtocolException(ErrorCode.UNAVAILABLE, YOUTUBE_DOWN);
        } catch (IOException e) {
            // timeout, refused connection, answer cut off: the request may have been served and billed
            quota.charge(cost);
            boolean late = e instanceof HttpTimeoutException || e instanceof java.net.SocketTimeoutException;
            log.warn("YouTube call failed: {}", late ? "no answer in time" : e.getClass().getSimpleName());
            hostProblem = late ? TOO_SLOW : "YouTube could not be reached (" + e.getClass().getSimpleName() + ")";
            throw new ProtocolException(ErrorCode.UNAVAILABLE, YOUTUBE_DOWN);
        } catch (RuntimeException e) {
            // a 200 answer that is not what the API documents (empty, an array, a field of the wrong shape, cut JSON)
            quota.charge(cost);
            log.warn("YouTube sent an unreadable answer: {}", e.toString());
            hostProblem = UNREADABLE;
            throw new ProtocolException(ErrorCode.UNAVAILABLE, YOUTUBE_DOWN);
        } finally {
            callDeadline.remove();
        }
    }

    private ProtocolException translate(GoogleJsonResponseException e, int cost) {
        Set<String> reasons = reasons(e.getDetails());
        int status = e.getStatusCode();
        log.warn("YouTube answered {} {}", status, reasons);
        if (reasons.contains("quotaExceeded") || reasons.contains("dailyLimitExceeded")) {
            quota.markExhausted();
            hostProblem = "The YouTube quota for today is used up";
            return quotaExceeded();
        }
        // refused at the door (see the class comment): the host has to act, and nothing is billed
        if (reasons.contains("keyInvalid") || reasons.contains("keyExpired") || reasons.contains("API_KEY_INVALID")
                || reasons.contains("API_KEY_EXPIRED")) {
            hostProblem = KEY_REFUSED;
            return new ProtocolException(ErrorCode.SETUP_REQUIRED, KEY_REFUSED);
        }
        if (status == 401) {
            hostProblem = SIGN_IN_EXPIRED;
            return new ProtocolException(ErrorCode.SETUP_REQUIRED, SIGN_IN_EXPIRED);
        }
        if (reasons.contains("rateLimitExceeded") || reasons.contains("userRateLimitExceeded") || status == 429) {
            hostProblem = "YouTube asks Queued to slow down";
            return new ProtocolException(ErrorCode.UNAVAILABLE, YOUTUBE_DOWN);
        }
        if (status == 403) {
            hostProblem = ACCESS_REFUSED;
            return new ProtocolException(ErrorCode.SETUP_REQUIRED, ACCESS_REFUSED);
        }
        quota.charge(cost); // let through, then refused as invalid or failed: billed
        hostProblem = "YouTube answered HTTP " + status;
        return new ProtocolException(ErrorCode.UNAVAILABLE, YOUTUBE_DOWN);
    }

    private static Set<String> reasons(GoogleJsonError error) {
        Set<String> reasons = new LinkedHashSet<>();
        if (error == null) {
            return reasons;
        }
        if (error.getErrors() != null) {
            error.getErrors().stream().map(GoogleJsonError.ErrorInfo::getReason)
                    .filter(java.util.Objects::nonNull).forEach(reasons::add);
        }
        try {
            if (error.getDetails() != null) {
                error.getDetails().stream().map(GoogleJsonError.Details::getReason)
                        .filter(java.util.Objects::nonNull).forEach(reasons::add);
            }
        } catch (RuntimeException ignored) {
            // an odd "details" shape must not hide the answer itself
        }
        return reasons;
    }

    ProtocolException quotaExceeded() {
        return new ProtocolException(ErrorCode.QUOTA_EXCEEDED, "The host's YouTube allowance for today is used up; "
                + "it renews at midnight Pacific time (in " + QuotaMeter.humanDuration(quota.untilReset())
                + "). Songs found earlier and songs already played here can still be added.");
    }

    private static ProtocolException unexpected(IOException e) {
        log.warn("YouTube request could not be built: {}", e.getClass().getSimpleName());
        return new ProtocolException(ErrorCode.UNAVAILABLE, YOUTUBE_DOWN);
    }
}
