package app.queued.server.catalog.youtube;

import app.queued.protocol.CatalogEntry;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.ProtocolException;
import app.queued.server.catalog.CatalogResources;
import app.queued.server.catalog.TrackCatalog;
import app.queued.youtube.YouTubeLinks;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.HttpTransport;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The YouTube catalog: search and video metadata through the YouTube Data API v3, only ever on the server, with
 * the host's credentials ({@link YouTubeCredentials}). Spends as little quota as it can:
 * <ul>
 *   <li>video metadata cached in Redis ({@code video:ID}, TTL {@link Builder#videoTtl} with jitter), including
 *       "no such video" and unplayable answers for a shorter time;</li>
 *   <li>search results cached per normalized query and region ({@code search:REGION:QUERY}): fresh for
 *       {@link Builder#searchTtl}, served stale when YouTube cannot be asked (quota used up, outage);</li>
 *   <li>a search stores the metadata of every video it found, so adding a search result costs nothing;</li>
 *   <li>concurrent identical searches and look-ups collapse into one API call (single-flight);</li>
 *   <li>when the quota is used up or YouTube is down, videos already queued on this server within 30 days still
 *       resolve from PostgreSQL.</li>
 * </ul>
 * Only playable videos are offered (embeddable, not live or upcoming, public or unlisted, processed, not age-
 * restricted, not blocked in the configured region); a pasted link to another gets a sentence saying why. Redis
 * may be absent or down: the catalog then asks YouTube every time. Thread-safe; calls block (network).
 */
public final class YouTubeCatalog implements TrackCatalog {
    public static final String NAME = "YouTube";
    public static final String GOOGLE_ROOT_URL = "https://www.googleapis.com/";
    private static final Logger log = LoggerFactory.getLogger(YouTubeCatalog.class);
    private static final ObjectMapper JSON = app.queued.protocol.Codec.mapper();
    /** Search results older than this are never served, not even stale (well inside YouTube's 30 days). */
    private static final Duration STALE_SEARCH_LIMIT = Duration.ofDays(2);
    /** Results asked of search.list (the same 100 units for 1 to 50); unplayable ones are filtered out. */
    private static final int SEARCH_PAGE_SIZE = 25;

    private final YouTubeCredentials credentials;
    private final QuotaMeter quota;
    private final YouTubeApi api;
    private final Clock clock;
    private final String region;
    private final Duration videoTtl;
    private final Duration searchTtl;
    private final Duration negativeTtl;
    private final double jitter;
    private final CatalogCache fixedCache;
    private final Duration retentionPeriod;
    private final SingleFlight<String, List<CatalogEntry>> searches = new SingleFlight<>();
    private final SingleFlight<String, CatalogEntry> lookups = new SingleFlight<>();

    private volatile CatalogCache cache;
    private volatile boolean ownsCache;
    private volatile StoredMetadata stored;
    private ScheduledExecutorService retention;

    private YouTubeCatalog(Builder b) {
        this.credentials = b.credentials;
        this.clock = b.clock;
        this.quota = new QuotaMeter(b.clock, QuotaMeter.DEFAULT_DAILY_LIMIT);
        this.region = b.region;
        this.videoTtl = b.videoTtl;
        this.searchTtl = b.searchTtl;
        this.negativeTtl = b.negativeTtl;
        this.jitter = b.jitter;
        this.retentionPeriod = b.retentionPeriod;
        this.fixedCache = b.redisUrl != null ? new RedisCatalogCache(b.redisUrl, b.redisPrefix) : null;
        this.cache = fixedCache != null ? fixedCache : CatalogCache.none();
        this.api = new YouTubeApi(b.rootUrl, b.transport, b.credentials, quota, b.timeout, b.region);
    }

    public static Builder builder(YouTubeCredentials credentials) {
        return new Builder(credentials);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The host's credentials (set an API key, sign in with Google, sign out, current mode). */
    public YouTubeCredentials credentials() {
        return credentials;
    }

    /** Units spent today, reset at midnight Pacific, persisted once attached to a server. */
    public QuotaMeter quota() {
        return quota;
    }

    /** Why YouTube is not working right now, for the host's screen (null when it is). */
    public String hostProblem() {
        if (credentials.mode() == YouTubeCredentials.Mode.NONE) {
            return "YouTube is not set up: add an API key or sign in with Google.";
        }
        if (quota.exhausted()) {
            return "The YouTube quota for today is used up; it renews at midnight Pacific time.";
        }
        return api.hostProblem();
    }

    /** False while the metadata cache (Redis) is absent or unreachable. */
    public boolean cacheAvailable() {
        return cache.available();
    }

    public String region() {
        return region;
    }

    /** Callers waiting for an identical search or look-up another caller is making (tests, diagnostics). */
    int callersWaiting() {
        return searches.waiting() + lookups.waiting();
    }

    // ---- look-up ----

    @Override
    public CatalogEntry lookup(String videoId) {
        if (!YouTubeLinks.isVideoId(videoId)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "That is not a YouTube video link or id.");
        }
        Optional<CachedVideo> cached = readVideo(videoId);
        if (cached.isPresent()) {
            return verdict(videoId, cached.get());
        }
        return lookups.run(videoId, () -> {
            Optional<CachedVideo> again = readVideo(videoId); // a flight that just ended may have stored it
            if (again.isPresent()) {
                return verdict(videoId, again.get());
            }
            try {
                VideoFacts facts = api.videos(List.of(videoId)).get(videoId);
                CachedVideo answer = new CachedVideo(facts, facts == null);
                storeVideo(videoId, answer);
                return verdict(videoId, answer);
            } catch (ProtocolException e) {
                Optional<CatalogEntry> known = knownHere(videoId, e);
                if (known.isPresent()) {
                    return known.get();
                }
                throw e;
            }
        });
    }

    private CatalogEntry verdict(String videoId, CachedVideo video) {
        if (video.missing() || video.facts() == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "YouTube has no public video with the id " + videoId
                    + " (it may be private or deleted).");
        }
        String refusal = video.facts().refusal(region);
        if (refusal != null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, refusal);
        }
        return video.facts().entry();
    }

    /** When YouTube cannot be asked: a video queued on this server within 30 days still resolves. */
    private Optional<CatalogEntry> knownHere(String videoId, ProtocolException why) {
        StoredMetadata db = stored;
        if (db == null || !cannotAsk(why)) {
            return Optional.empty();
        }
        try {
            return db.known(videoId);
        } catch (SQLException e) {
            log.debug("known-video look-up failed: {}", e.toString());
            return Optional.empty();
        }
    }

    /** YouTube could not be asked (quota, outage, set-up): what is known here still serves. */
    private static boolean cannotAsk(ProtocolException why) {
        return why.code() == ErrorCode.QUOTA_EXCEEDED || why.code() == ErrorCode.UNAVAILABLE
                || why.code() == ErrorCode.SETUP_REQUIRED;
    }

    // ---- search ----

    @Override
    public List<CatalogEntry> search(String query, int limit) {
        String q = SearchQuery.normalize(query);
        if (q.isEmpty() || limit <= 0) {
            return List.of();
        }
        String key = "search:" + (region == null ? "any" : region) + ":" + q;
        Optional<CachedSearch> cached = readSearch(key);
        if (cached.isPresent() && fresh(cached.get())) {
            return first(cached.get().results(), limit);
        }
        try {
            return first(searches.run(key, () -> {
                Optional<CachedSearch> again = readSearch(key);
                if (again.isPresent() && fresh(again.get())) {
                    return again.get().results();
                }
                return searchYouTube(q, key);
            }), limit);
        } catch (ProtocolException e) {
            if (cached.isPresent() && cannotAsk(e)) {
                return first(cached.get().results(), limit); // stale beats nothing
            }
            throw e;
        }
    }

    private List<CatalogEntry> searchYouTube(String q, String key) {
        List<String> ids = api.searchIds(q, SEARCH_PAGE_SIZE);
        Map<String, VideoFacts> facts = ids.isEmpty() ? Map.of() : api.videos(ids);
        List<CatalogEntry> playable = ids.stream()
                .map(facts::get)
                .filter(Objects::nonNull)
                .filter(f -> f.playableIn(region))
                .map(VideoFacts::entry)
                .toList();
        facts.forEach((id, f) -> storeVideo(id, new CachedVideo(f, false)));
        writeJson(key, new CachedSearch(clock.millis(), playable), STALE_SEARCH_LIMIT);
        return playable;
    }

    private boolean fresh(CachedSearch search) {
        return clock.millis() - search.at() < searchTtl.toMillis();
    }

    private static List<CatalogEntry> first(List<CatalogEntry> results, int limit) {
        return results.size() <= limit ? results : List.copyOf(results.subList(0, limit));
    }

    // ---- cache ----

    /** What the cache holds for a video: its facts, or that YouTube has no such video. */
    record CachedVideo(VideoFacts facts, boolean missing) {
    }

    /** A search's playable results and when YouTube was asked (epoch ms). */
    record CachedSearch(long at, List<CatalogEntry> results) {
    }

    private Optional<CachedVideo> readVideo(String videoId) {
        return readJson("video:" + videoId, CachedVideo.class);
    }

    private void storeVideo(String videoId, CachedVideo video) {
        boolean usable = !video.missing() && video.facts() != null && video.facts().playableIn(region);
        writeJson("video:" + videoId, video, usable ? videoTtl : negativeTtl);
    }

    private Optional<CachedSearch> readSearch(String key) {
        Optional<CachedSearch> found = readJson(key, CachedSearch.class);
        return found.filter(s -> s.results() != null && clock.millis() - s.at() < STALE_SEARCH_LIMIT.toMillis());
    }

    private <T> Optional<T> readJson(String key, Class<T> type) {
        Optional<String> json = cache.get(key);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json.get(), type));
        } catch (JsonProcessingException e) {
            log.debug("ignoring unreadable cache entry {}", key);
            return Optional.empty();
        }
    }

    private void writeJson(String key, Object value, Duration ttl) {
        try {
            cache.put(key, JSON.writeValueAsString(value), jittered(ttl));
        } catch (JsonProcessingException e) {
            log.warn("cannot cache {}: {}", key, e.getMessage());
        }
    }

    /** The TTL plus or minus {@code jitter}, so entries written together do not all expire together. */
    Duration jittered(Duration ttl) {
        if (jitter <= 0) {
            return ttl;
        }
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        return Duration.ofMillis(Math.max(1, Math.round(ttl.toMillis() * factor)));
    }

    // ---- server lifecycle ----

    @Override
    public synchronized void attach(CatalogResources resources) {
        if (resources.dataSource() != null) {
            stored = new StoredMetadata(resources.dataSource());
            quota.useStore(new JdbcQuotaStore(resources.dataSource()));
        }
        if (fixedCache == null && resources.redisUrl() != null) {
            cache = new RedisCatalogCache(resources.redisUrl(), resources.redisPrefix() + "yt:");
            ownsCache = true;
        }
        if (stored != null && retentionPeriod != null) {
            retention = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "queued-youtube-retention");
                t.setDaemon(true);
                return t;
            });
            retention.scheduleWithFixedDelay(this::retentionQuietly, 1, Math.max(1, retentionPeriod.toMinutes()),
                    TimeUnit.MINUTES);
        }
    }

    @Override
    public synchronized void detach() {
        if (retention != null) {
            retention.shutdownNow();
            retention = null;
        }
        if (ownsCache) {
            cache.close();
            cache = CatalogCache.none();
            ownsCache = false;
        }
        quota.detachStore();
        stored = null;
    }

    /** What one run of the 30-day rule did. */
    public record Retention(int refreshed, int dropped) {
    }

    /**
     * Applies YouTube's 30-day rule to the metadata stored in PostgreSQL now (it also runs every
     * {@link Builder#retentionPeriod}): refreshes what is due when YouTube can be asked, drops what is too old.
     */
    public Retention refreshStoredMetadata() throws SQLException {
        StoredMetadata db = stored;
        if (db == null) {
            return new Retention(0, 0);
        }
        int refreshed = 0;
        List<String> due = db.dueForRefresh();
        if (!due.isEmpty() && credentials.mode() != YouTubeCredentials.Mode.NONE && !quota.exhausted()) {
            try {
                Map<String, VideoFacts> facts = api.videos(due);
                Map<String, VideoFacts> playable = new java.util.LinkedHashMap<>();
                facts.forEach((id, f) -> {
                    storeVideo(id, new CachedVideo(f, false));
                    if (f.playableIn(region)) {
                        playable.put(id, f);
                    }
                });
                refreshed = db.refresh(playable);
            } catch (ProtocolException e) {
                log.info("Stored YouTube metadata not refreshed now: {}", e.getMessage());
            }
        }
        int dropped = db.dropExpired();
        if (refreshed + dropped > 0) {
            log.info("YouTube 30-day rule: {} track rows refreshed, {} dropped", refreshed, dropped);
        }
        return new Retention(refreshed, dropped);
    }

    private void retentionQuietly() {
        try {
            refreshStoredMetadata();
        } catch (Exception e) {
            log.warn("YouTube 30-day rule could not run: {}", e.toString());
        }
    }

    /** Closes the cache this catalog opened itself (a catalog built with its own Redis URL). */
    public void close() {
        detach();
        if (fixedCache != null) {
            fixedCache.close();
        }
    }

    /** Settings; every one has a sensible default. */
    public static final class Builder {
        private final YouTubeCredentials credentials;
        private String rootUrl = GOOGLE_ROOT_URL;
        private HttpTransport transport;
        private Clock clock = Clock.systemUTC();
        private String region = defaultRegion();
        private Duration timeout = Duration.ofSeconds(5);
        private Duration videoTtl = Duration.ofDays(3);
        private Duration searchTtl = Duration.ofHours(6);
        private Duration negativeTtl = Duration.ofHours(1);
        private double jitter = 0.1;
        private Duration retentionPeriod = Duration.ofHours(6);
        private String redisUrl;
        private String redisPrefix;

        private Builder(YouTubeCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
        }

        /** Where the API lives; tests pass {@code http://127.0.0.1:PORT/} (request paths add {@code youtube/v3/}). */
        public Builder rootUrl(String url) {
            this.rootUrl = url.endsWith("/") ? url : url + "/";
            return this;
        }

        public Builder transport(HttpTransport httpTransport) {
            this.transport = httpTransport;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /** ISO 3166 country whose availability counts (region-blocked videos are refused); null for none. */
        public Builder region(String countryCode) {
            this.region = countryCode == null || countryCode.isBlank() ? null
                    : countryCode.strip().toUpperCase(Locale.ROOT);
            return this;
        }

        /**
         * Total deadline of each API call: connecting, the answer's last byte and a token refresh if one is due
         * (with the default transport; a transport of one's own may read it as a per-read timeout).
         */
        public Builder timeout(Duration t) {
            this.timeout = t;
            return this;
        }

        /** How long playable video metadata stays cached (at most 30 days by YouTube's terms). */
        public Builder videoTtl(Duration ttl) {
            if (ttl.compareTo(Duration.ofDays(29)) > 0) {
                throw new IllegalArgumentException("YouTube's terms allow caching for at most 30 days");
            }
            this.videoTtl = ttl;
            return this;
        }

        /** How long search results count as fresh. */
        public Builder searchTtl(Duration ttl) {
            this.searchTtl = ttl;
            return this;
        }

        /** How long "no such video" and unplayable answers are cached. */
        public Builder negativeTtl(Duration ttl) {
            this.negativeTtl = ttl;
            return this;
        }

        /** Relative TTL jitter, e.g. 0.1 for ±10 %. */
        public Builder jitter(double fraction) {
            this.jitter = fraction;
            return this;
        }

        /** How often the 30-day rule runs while attached; null: only when called. */
        public Builder retentionPeriod(Duration period) {
            this.retentionPeriod = period;
            return this;
        }

        /** A Redis of its own instead of the server's (tests, or a catalog used without a server). */
        public Builder redis(String url, String prefix) {
            this.redisUrl = url;
            this.redisPrefix = prefix;
            return this;
        }

        public YouTubeCatalog build() {
            if (transport == null) {
                transport = new JdkHttpTransport();
            }
            return new YouTubeCatalog(this);
        }

        private static String defaultRegion() {
            String country = Locale.getDefault().getCountry();
            return country != null && country.length() == 2 ? country.toUpperCase(Locale.ROOT) : "US";
        }
    }
}
