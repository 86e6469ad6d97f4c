package app.queued.server.catalog.youtube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local HTTP server that answers like the YouTube Data API v3 ({@code search.list}, {@code videos.list}, errors
 * shaped as the API reference documents them) and like Google's OAuth 2.0 endpoints (authorization with PKCE,
 * token exchange and refresh, revoke). It counts requests and quota units, so tests measure what the catalog
 * would spend.
 */
final class FakeYouTube implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final Map<String, Map<String, Object>> videos = new ConcurrentHashMap<>();
    private final Map<String, List<String>> searches = new ConcurrentHashMap<>();
    private final List<String> order = new CopyOnWriteArrayList<>();

    final AtomicInteger searchCalls = new AtomicInteger();
    final AtomicInteger videoCalls = new AtomicInteger();
    final AtomicLong units = new AtomicLong();
    /** Every request as seen on the wire: method, path with query, Authorization header. */
    final List<String> requests = new CopyOnWriteArrayList<>();

    volatile String requiredKey;
    volatile boolean quotaExhausted;
    /** While set, API requests wait at this gate (at most {@link #gateLimit}) before they are answered: a slow YouTube. */
    volatile java.util.concurrent.CountDownLatch gate;
    /** How long a request waits at the gate at most; {@link #hangUntilClosed()} makes it as long as the stub lives. */
    volatile Duration gateLimit = Duration.ofSeconds(10);
    /** When set, a 200 answer is sent one byte per this interval (the headers at once): a trickling YouTube. */
    volatile Duration trickle;
    /** API requests waiting at the gate now. */
    final AtomicInteger atGate = new AtomicInteger();
    /**
     * When set, the next API request gets this status and body instead of its answer: an error, or with status 200 an
     * answer that is not what the API documents ({@link #EMPTY_BODY}, {@link #ARRAY_BODY}, ...).
     */
    volatile Failure nextFailure;
    volatile boolean keyErrorOldFormat;

    // OAuth stub state
    final String clientId = "1234-test.apps.googleusercontent.com";
    final String clientSecret = "GOCSPX-test-client-secret";
    volatile long tokenLifetimeSeconds = 3600;
    volatile String refuseConsent; // e.g. "access_denied"
    final Map<String, String> lastAuthorizationParams = new ConcurrentHashMap<>();
    private final Map<String, String[]> codes = new ConcurrentHashMap<>(); // code -> {challenge, redirectUri}
    final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    final List<String> issuedSecrets = new CopyOnWriteArrayList<>();
    final AtomicInteger codeExchanges = new AtomicInteger();
    final AtomicInteger refreshes = new AtomicInteger();
    final AtomicInteger revocations = new AtomicInteger();
    private final AtomicInteger tokenCounter = new AtomicInteger();

    /** A status and body to answer with; {@link #billed()} says whether YouTube would charge the project for it. */
    record Failure(int status, String body) {
        /**
         * What YouTube bills: a request its quota system let through, whatever became of it. A request refused at the
         * door (unknown, expired or missing key, rejected OAuth token, API not enabled, quota or rate limit) names no
         * project that could be charged, or allocates nothing.
         */
        boolean billed() {
            return status != 401 && status != 403 && !body.contains("API_KEY_INVALID") && !body.contains("keyInvalid")
                    && !body.contains("API_KEY_EXPIRED") && !body.contains("keyExpired");
        }
    }

    FakeYouTube() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(pool);
        server.createContext("/youtube/v3/search", ex -> handle(ex, this::search));
        server.createContext("/youtube/v3/videos", ex -> handle(ex, this::videos));
        server.createContext("/o/oauth2/auth", ex -> handle(ex, this::authorize));
        server.createContext("/token", ex -> handle(ex, this::token));
        server.createContext("/revoke", ex -> handle(ex, this::revoke));
        server.start();
    }

    String rootUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    OAuthClient oauthClient() {
        return new OAuthClient(clientId, clientSecret, rootUrl() + "o/oauth2/auth", rootUrl() + "token",
                rootUrl() + "revoke", null);
    }

    int apiCalls() {
        return searchCalls.get() + videoCalls.get();
    }

    void resetCounters() {
        searchCalls.set(0);
        videoCalls.set(0);
        units.set(0);
        requests.clear();
    }

    // ---------------------------------------------------------------- videos

    /** Starts a video with sensible defaults (public, embeddable, processed, 3:33). */
    VideoBuilder video(String id) {
        return new VideoBuilder(id);
    }

    /** search.list for {@code query} (normalized by the stub like a search engine would) answers these ids. */
    void searchResults(String query, String... ids) {
        searches.put(query.toLowerCase(Locale.ROOT).strip(), List.of(ids));
    }

    final class VideoBuilder {
        private final String id;
        private final Map<String, Object> snippet = new LinkedHashMap<>();
        private final Map<String, Object> details = new LinkedHashMap<>();
        private final Map<String, Object> status = new LinkedHashMap<>();
        private boolean withSnippet = true;
        private boolean withDetails = true;
        private boolean withStatus = true;

        VideoBuilder(String id) {
            this.id = id;
            snippet.put("publishedAt", "2012-07-15T07:46:32Z");
            snippet.put("channelId", "UCrDkAvwZum-UTjHmzDI2iIw");
            snippet.put("title", "Video " + id);
            snippet.put("description", "A description that the catalog never needs.");
            snippet.put("thumbnails", Map.of(
                    "default", Map.of("url", "https://i.ytimg.com/vi/" + id + "/default.jpg", "width", 120, "height", 90),
                    "medium", Map.of("url", "https://i.ytimg.com/vi/" + id + "/mqdefault.jpg", "width", 320, "height", 180),
                    "high", Map.of("url", "https://i.ytimg.com/vi/" + id + "/hqdefault.jpg", "width", 480, "height", 360)));
            snippet.put("channelTitle", "Channel of " + id);
            snippet.put("categoryId", "10");
            snippet.put("liveBroadcastContent", "none");
            details.put("duration", "PT3M33S");
            details.put("dimension", "2d");
            details.put("definition", "hd");
            details.put("caption", "false");
            details.put("licensedContent", true);
            details.put("contentRating", Map.of());
            details.put("projection", "rectangular");
            status.put("uploadStatus", "processed");
            status.put("privacyStatus", "public");
            status.put("license", "youtube");
            status.put("embeddable", true);
            status.put("publicStatsViewable", true);
            status.put("madeForKids", false);
        }

        VideoBuilder title(String title) {
            snippet.put("title", title);
            return this;
        }

        VideoBuilder channel(String channel) {
            snippet.put("channelTitle", channel);
            return this;
        }

        VideoBuilder duration(String iso) {
            if (iso == null) {
                details.remove("duration");
            } else {
                details.put("duration", iso);
            }
            return this;
        }

        VideoBuilder live(String liveBroadcastContent) {
            snippet.put("liveBroadcastContent", liveBroadcastContent);
            if (!"none".equals(liveBroadcastContent)) {
                details.put("duration", "P0D");
            }
            return this;
        }

        VideoBuilder embeddable(boolean embeddable) {
            status.put("embeddable", embeddable);
            return this;
        }

        VideoBuilder privacy(String privacyStatus) {
            status.put("privacyStatus", privacyStatus);
            return this;
        }

        VideoBuilder upload(String uploadStatus) {
            status.put("uploadStatus", uploadStatus);
            return this;
        }

        VideoBuilder allowedIn(String... regions) {
            details.put("regionRestriction", Map.of("allowed", List.of(regions)));
            return this;
        }

        VideoBuilder blockedIn(String... regions) {
            details.put("regionRestriction", Map.of("blocked", List.of(regions)));
            return this;
        }

        VideoBuilder ageRestricted() {
            details.put("contentRating", Map.of("ytRating", "ytAgeRestricted"));
            return this;
        }

        /** Leaves out optional parts, as the API does for fields it has no value for. */
        VideoBuilder bare() {
            snippet.keySet().retainAll(Set.of("title"));
            details.clear();
            status.clear();
            return this;
        }

        VideoBuilder noSnippet() {
            withSnippet = false;
            return this;
        }

        String add() {
            Map<String, Object> video = new LinkedHashMap<>();
            video.put("kind", "youtube#video");
            video.put("etag", "etag-" + id);
            video.put("id", id);
            if (withSnippet) {
                video.put("snippet", snippet);
            }
            if (withDetails) {
                video.put("contentDetails", details);
            }
            if (withStatus) {
                video.put("status", status);
            }
            videos.put(id, video);
            if (!order.contains(id)) {
                order.add(id);
            }
            return id;
        }
    }

    // ---------------------------------------------------------------- handlers

    private interface Handler {
        void handle(HttpExchange exchange, Map<String, String> params) throws Exception;
    }

    private void handle(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            Map<String, String> params = parse(query);
            if ("POST".equals(exchange.getRequestMethod())) {
                params.putAll(parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            }
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            handler.handle(exchange, params);
        } catch (IOException e) {
            // the client gave up (timeout tests)
        } catch (Exception e) {
            send(exchange, 500, Map.of("error", Map.of("code", 500, "message", e.toString())));
        }
    }

    private boolean apiGate(HttpExchange exchange, Map<String, String> params, int cost) throws Exception {
        java.util.concurrent.CountDownLatch held = gate;
        if (held != null) {
            atGate.incrementAndGet();
            try {
                held.await(gateLimit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } finally {
                atGate.decrementAndGet();
            }
        }
        Failure failure = nextFailure;
        if (failure != null) {
            nextFailure = null;
            if (failure.billed()) {
                units.addAndGet(cost);
            }
            sendRaw(exchange, failure.status(), failure.body());
            return false;
        }
        if (quotaExhausted) {
            sendRaw(exchange, 403, QUOTA_EXCEEDED_BODY);
            return false;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Bearer ")) {
            if (!accessTokens.contains(auth.substring(7))) {
                sendRaw(exchange, 401, AUTH_ERROR_BODY);
                return false;
            }
            units.addAndGet(cost);
            return true;
        }
        String key = params.get("key");
        if (key == null) {
            sendRaw(exchange, 403, FORBIDDEN_NO_KEY_BODY);
            return false;
        }
        if (requiredKey != null && !requiredKey.equals(key)) {
            sendRaw(exchange, 400, keyErrorOldFormat ? KEY_INVALID_OLD_BODY : KEY_INVALID_BODY);
            return false;
        }
        units.addAndGet(cost); // billed only once the key names a project
        return true;
    }

    private void search(HttpExchange exchange, Map<String, String> params) throws Exception {
        searchCalls.incrementAndGet();
        if (!apiGate(exchange, params, QuotaMeter.SEARCH_COST)) {
            return;
        }
        String q = params.getOrDefault("q", "").toLowerCase(Locale.ROOT).strip();
        int max = Integer.parseInt(params.getOrDefault("maxResults", "5"));
        List<String> ids = searches.get(q);
        if (ids == null) {
            ids = new ArrayList<>();
            List<String> words = Arrays.stream(q.split("\\s+")).filter(w -> !w.isEmpty()).toList();
            for (String id : order) {
                Object snippet = videos.get(id).get("snippet");
                String title = snippet instanceof Map<?, ?> s ? String.valueOf(s.get("title")).toLowerCase(Locale.ROOT) : "";
                if (!words.isEmpty() && words.stream().allMatch(title::contains)) {
                    ids.add(id);
                }
            }
        }
        List<Object> items = new ArrayList<>();
        // search.list mixes kinds unless type=video is honoured; a channel result must not confuse the client
        if (!"video".equals(params.get("type"))) {
            items.add(Map.of("kind", "youtube#searchResult", "etag", "e-ch",
                    "id", Map.of("kind", "youtube#channel", "channelId", "UCchannel")));
        }
        for (String id : ids.subList(0, Math.min(max, ids.size()))) {
            Map<String, Object> video = videos.get(id);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("kind", "youtube#searchResult");
            item.put("etag", "s-" + id);
            item.put("id", Map.of("kind", "youtube#video", "videoId", id));
            if (video != null && video.get("snippet") instanceof Map<?, ?> snippet) {
                Map<String, Object> s = new LinkedHashMap<>();
                snippet.forEach((k, v) -> s.put(String.valueOf(k), v));
                s.put("title", htmlEscape(String.valueOf(snippet.get("title")))); // search snippets are escaped
                s.put("publishTime", "2012-07-15T07:46:32Z");
                item.put("snippet", s);
            }
            items.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "youtube#searchListResponse");
        body.put("etag", "etag-search");
        body.put("nextPageToken", "CBkQAA");
        body.put("regionCode", params.getOrDefault("regionCode", "US"));
        body.put("pageInfo", Map.of("totalResults", 1_000_000, "resultsPerPage", max));
        body.put("items", items);
        send(exchange, 200, body);
    }

    private void videos(HttpExchange exchange, Map<String, String> params) throws Exception {
        videoCalls.incrementAndGet();
        if (!apiGate(exchange, params, QuotaMeter.VIDEOS_COST)) {
            return;
        }
        List<Object> items = new ArrayList<>();
        String ids = params.getOrDefault("id", "");
        for (String id : ids.split(",")) {
            Map<String, Object> video = videos.get(id);
            if (video != null) {
                items.add(video);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "youtube#videoListResponse");
        body.put("etag", "etag-videos");
        body.put("items", items);
        body.put("pageInfo", Map.of("totalResults", items.size(), "resultsPerPage", items.size()));
        send(exchange, 200, body);
    }

    // ---------------------------------------------------------------- OAuth

    private void authorize(HttpExchange exchange, Map<String, String> params) throws IOException {
        lastAuthorizationParams.clear();
        lastAuthorizationParams.putAll(params);
        String redirect = params.get("redirect_uri");
        if (!clientId.equals(params.get("client_id")) || redirect == null || !"code".equals(params.get("response_type"))) {
            send(exchange, 400, Map.of("error", "invalid_request"));
            return;
        }
        String location;
        String state = params.containsKey("state") ? "&state=" + enc(params.get("state")) : "";
        if (refuseConsent != null) {
            location = redirect + "?error=" + enc(refuseConsent) + state;
        } else {
            String code = "4/code-" + tokenCounter.incrementAndGet();
            codes.put(code, new String[] {params.get("code_challenge"), redirect});
            location = redirect + "?code=" + enc(code) + "&scope=" + enc(params.getOrDefault("scope", "")) + state;
        }
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange exchange, Map<String, String> params) throws Exception {
        if (!clientId.equals(params.get("client_id")) || !clientSecret.equals(params.get("client_secret"))) {
            send(exchange, 401, Map.of("error", "invalid_client", "error_description", "The OAuth client was not found."));
            return;
        }
        String grant = params.get("grant_type");
        if ("authorization_code".equals(grant)) {
            String[] pending = codes.remove(params.getOrDefault("code", ""));
            if (pending == null || !pending[1].equals(params.get("redirect_uri"))
                    || pending[0] == null || !pending[0].equals(s256(params.getOrDefault("code_verifier", "")))) {
                send(exchange, 400, Map.of("error", "invalid_grant", "error_description", "Bad Request"));
                return;
            }
            codeExchanges.incrementAndGet();
            String refresh = "1//refresh-secret-" + tokenCounter.incrementAndGet() + "-xyz";
            refreshTokens.add(refresh);
            issuedSecrets.add(refresh);
            send(exchange, 200, tokenBody(newAccessToken(), refresh));
        } else if ("refresh_token".equals(grant)) {
            if (!refreshTokens.contains(params.getOrDefault("refresh_token", ""))) {
                send(exchange, 400, Map.of("error", "invalid_grant", "error_description", "Token has been expired or revoked."));
                return;
            }
            refreshes.incrementAndGet();
            send(exchange, 200, tokenBody(newAccessToken(), null));
        } else {
            send(exchange, 400, Map.of("error", "unsupported_grant_type"));
        }
    }

    private void revoke(HttpExchange exchange, Map<String, String> params) throws IOException {
        String token = params.getOrDefault("token", "");
        revocations.incrementAndGet();
        refreshTokens.remove(token);
        accessTokens.remove(token);
        send(exchange, 200, Map.of());
    }

    private String newAccessToken() {
        String access = "ya29.access-secret-" + tokenCounter.incrementAndGet();
        accessTokens.add(access);
        issuedSecrets.add(access);
        return access;
    }

    private Map<String, Object> tokenBody(String access, String refresh) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", access);
        body.put("expires_in", tokenLifetimeSeconds);
        body.put("scope", OAuthClient.YOUTUBE_READONLY);
        body.put("token_type", "Bearer");
        if (refresh != null) {
            body.put("refresh_token", refresh);
        }
        return body;
    }

    static String s256(String verifier) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    // ---------------------------------------------------------------- plumbing

    static final String QUOTA_EXCEEDED_BODY = """
            {"error":{"code":403,"message":"The request cannot be completed because you have exceeded your \
            <a href=\\"/youtube/v3/getting-started#quota\\">quota</a>.","errors":[{"message":"The request cannot be \
            completed because you have exceeded your <a href=\\"/youtube/v3/getting-started#quota\\">quota</a>.",\
            "domain":"youtube.quota","reason":"quotaExceeded"}]}}""";
    static final String KEY_INVALID_BODY = """
            {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","errors":[{"message":\
            "API key not valid. Please pass a valid API key.","domain":"global","reason":"badRequest"}],\
            "status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",\
            "reason":"API_KEY_INVALID","domain":"googleapis.com","metadata":{"service":"youtube.googleapis.com"}}]}}""";
    static final String KEY_INVALID_OLD_BODY = """
            {"error":{"errors":[{"domain":"usageLimits","reason":"keyInvalid","message":"Bad Request"}],\
            "code":400,"message":"Bad Request"}}""";
    static final String AUTH_ERROR_BODY = """
            {"error":{"code":401,"message":"Request had invalid authentication credentials.","errors":[{"message":\
            "Invalid Credentials","domain":"global","reason":"authError","location":"Authorization",\
            "locationType":"header"}],"status":"UNAUTHENTICATED"}}""";
    static final String FORBIDDEN_NO_KEY_BODY = """
            {"error":{"code":403,"message":"The request is missing a valid API key.","errors":[{"message":\
            "The request is missing a valid API key.","domain":"global","reason":"forbidden"}],\
            "status":"PERMISSION_DENIED"}}""";
    static final String BACKEND_ERROR_BODY = """
            {"error":{"code":503,"message":"The service is currently unavailable.","errors":[{"message":\
            "The service is currently unavailable.","domain":"global","reason":"backendError"}],\
            "status":"UNAVAILABLE"}}""";

    /** 200 answers that are not what the API documents: nothing, a JSON array, {@code items} as an object, cut JSON. */
    static final String EMPTY_BODY = "";
    static final String ARRAY_BODY = "[]";
    static final String ITEMS_OBJECT_BODY = """
            {"kind":"youtube#searchListResponse","etag":"e","items":{"kind":"youtube#searchResult"}}""";
    static final String CUT_BODY =
            "{\"kind\":\"youtube#searchListResponse\",\"etag\":\"e\",\"items\":[{\"kind\":\"youtube#video\",\"id\":\"a\"";

    private static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.merge(k, v, (a, b) -> a + "," + b); // a repeated parameter reads like a comma list
        }
        return params;
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        Duration every = trickle;
        if (every != null && status == 200 && exchange.getRequestURI().getPath().startsWith("/youtube/")) {
            trickle(exchange, JSON.writeValueAsString(body), every);
            return;
        }
        sendRaw(exchange, status, JSON.writeValueAsString(body));
    }

    /** The headers at once, then one byte of the body per {@code every}: each read succeeds, the whole never ends. */
    private static void trickle(HttpExchange exchange, String body, Duration every) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                try {
                    Thread.sleep(every.toMillis()); // the stub's own pacing, not a test waiting
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("stub stopped", e);
                }
            }
        }
    }

    /** API requests wait at the gate until the stub is closed: a YouTube that accepts requests and never answers. */
    void hangUntilClosed() {
        gateLimit = Duration.ofDays(1);
        gate = new java.util.concurrent.CountDownLatch(1);
    }

    private static void sendRaw(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Follows the consent page's redirect to the app's loopback receiver, like a browser would. */
    static YouTubeCredentials.Browser browser() {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return url -> {
            try {
                http.send(java.net.http.HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        };
    }

    /** Waits (with a deadline) until {@code condition} holds; for tests that coordinate with the stub. */
    static void awaitCondition(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000); // poll the condition, bounded by the deadline
        }
    }

    @Override
    public void close() {
        java.util.concurrent.CountDownLatch held = gate;
        if (held != null) {
            held.countDown();
        }
        server.stop(0);
        pool.shutdownNow();
    }
}
