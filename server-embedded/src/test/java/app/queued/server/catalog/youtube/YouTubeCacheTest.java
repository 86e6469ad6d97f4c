package app.queued.server.catalog.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.CatalogEntry;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.ProtocolException;
import app.queued.server.testing.TestStorage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cache hits proven by counting requests at the stub server; Redis down means no cache, not no catalog. */
class YouTubeCacheTest {
    static final String KEY = YouTubeCatalogTest.KEY;

    FakeYouTube yt;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-27T20:00:00Z"));
    String prefix;
    YouTubeCatalog catalog;

    @BeforeEach
    void start() throws Exception {
        yt = new FakeYouTube();
        yt.requiredKey = KEY;
        for (int i = 0; i < 20; i++) {
            yt.video(String.format("gangnamvi%02d", i)).title("Gangnam Style & more #" + i).add();
        }
        yt.video("livelivexx1").title("Gangnam live radio").live("live").add();
        yt.video("songsong001").title("Unsearched song").add();
        prefix = TestStorage.newRedisPrefix();
        catalog = catalog(TestStorage.get().redisUrl());
    }

    YouTubeCatalog catalog(String redisUrl) {
        return YouTubeCatalog.builder(YouTubeCredentials.apiKeyOnly(KEY)).rootUrl(yt.rootUrl()).region("US")
                .clock(clock).timeout(Duration.ofSeconds(2)).retentionPeriod(null).redis(redisUrl, prefix).build();
    }

    @AfterEach
    void stop() {
        catalog.close();
        yt.close();
    }

    @Test
    void repeatedAndEquivalentSearchesCostOneCall() {
        List<CatalogEntry> first = catalog.search("Gangnam Style", 15);
        assertThat(first).hasSize(15);
        assertThat(first.get(0).title()).isEqualTo("Gangnam Style & more #0");
        for (String variant : List.of("gangnam style", "  GANGNAM   style ", "ＧＡＮＧＮＡＭ style", "Gangnam Style")) {
            assertThat(catalog.search(variant, 15)).isEqualTo(first);
        }
        assertThat(catalog.search("gangnam style", 5)).isEqualTo(first.subList(0, 5));
        assertThat(yt.searchCalls.get()).isEqualTo(1);
        assertThat(yt.videoCalls.get()).isEqualTo(1);
        assertThat(catalog.quota().unitsUsedToday()).isEqualTo(101);
    }

    @Test
    void addingASearchResultCostsNothing() {
        List<CatalogEntry> results = catalog.search("gangnam", 15);
        int before = yt.apiCalls();
        for (CatalogEntry entry : results) {
            assertThat(catalog.lookup(entry.videoId())).isEqualTo(entry);
        }
        assertThat(yt.apiCalls()).isEqualTo(before);
        // the live video was found by the search too: its refusal is cached as well
        assertThat(catch_(() -> catalog.lookup("livelivexx1")).getMessage()).contains("live stream");
        assertThat(yt.apiCalls()).isEqualTo(before);
    }

    @Test
    void lookupsAreCachedAcrossCatalogsSharingRedisIncludingNotFound() {
        assertThat(catalog.lookup("songsong001").title()).isEqualTo("Unsearched song");
        assertThat(catch_(() -> catalog.lookup("nosuchvideo")).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(yt.videoCalls.get()).isEqualTo(2);
        YouTubeCatalog otherNode = catalog(TestStorage.get().redisUrl());
        try {
            assertThat(otherNode.lookup("songsong001").title()).isEqualTo("Unsearched song");
            assertThat(catch_(() -> otherNode.lookup("nosuchvideo")).code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(catch_(() -> catalog.lookup("nosuchvideo")).code()).isEqualTo(ErrorCode.NOT_FOUND);
        } finally {
            otherNode.close();
        }
        assertThat(yt.videoCalls.get()).isEqualTo(2);
    }

    @Test
    void entriesExpireWithJitteredTtls() throws Exception {
        catalog.close();
        catalog = YouTubeCatalog.builder(YouTubeCredentials.apiKeyOnly(KEY)).rootUrl(yt.rootUrl()).region("US")
                .clock(clock).retentionPeriod(null).redis(TestStorage.get().redisUrl(), prefix)
                .videoTtl(Duration.ofDays(3)).negativeTtl(Duration.ofHours(1)).jitter(0.1).build();
        catalog.search("gangnam", 15);
        catalog.lookup("songsong001");
        catch_(() -> catalog.lookup("nosuchvideo"));
        try (RedisCatalogCache probe = new RedisCatalogCache(TestStorage.get().redisUrl(), prefix)) {
            long day = Duration.ofDays(1).toMillis();
            java.util.Set<Long> ttls = new java.util.HashSet<>();
            for (int i = 0; i < 15; i++) {
                long ttl = probe.ttlMillis(String.format("video:gangnamvi%02d", i));
                assertThat(ttl).isBetween((long) (2.7 * day) - 5_000, (long) (3.3 * day));
                ttls.add(ttl / 1000);
            }
            assertThat(ttls).as("jitter spreads the expiries").hasSizeGreaterThan(5);
            assertThat(probe.ttlMillis("video:nosuchvideo")).isBetween(3_240_000L - 5_000, 3_960_000L);
            assertThat(probe.ttlMillis("search:US:gangnam")).as("search entries live at most two days")
                    .isBetween((long) (1.8 * day) - 5_000, (long) (2.2 * day));
        }
    }

    @Test
    void staleSearchesAreFreshAfterTheirTtlButServedWhenYouTubeCannotBeAsked() {
        catalog.search("gangnam", 15);
        clock.advance(Duration.ofHours(7)); // past the 6 h search TTL
        catalog.search("gangnam", 15);
        assertThat(yt.searchCalls.get()).as("refreshed after the TTL").isEqualTo(2);

        clock.advance(Duration.ofHours(7));
        yt.quotaExhausted = true;
        assertThat(catalog.search("gangnam", 15)).as("stale results beat an error").hasSize(15);
        assertThat(catalog.lookup("gangnamvi03").videoId()).isEqualTo("gangnamvi03");
        ProtocolException fresh = catch_(() -> catalog.search("something new", 15));
        assertThat(fresh.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
    }

    @Test
    void withRedisDownTheCatalogStillWorksWithoutCache() throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        YouTubeCatalog noRedis = catalog("redis://127.0.0.1:" + deadPort);
        try {
            assertThat(noRedis.search("gangnam", 15)).hasSize(15);
            assertThat(noRedis.cacheAvailable()).isFalse();
            assertThat(noRedis.lookup("songsong001").title()).isEqualTo("Unsearched song");
            assertThat(noRedis.search("gangnam", 15)).hasSize(15);
            assertThat(yt.searchCalls.get()).as("no cache, so YouTube is asked again").isEqualTo(2);
        } finally {
            noRedis.close();
        }
    }

    @Test
    void theCacheHealsWhenRedisComesBack() throws Exception {
        int redisPort = java.net.URI.create(TestStorage.get().redisUrl()).getPort();
        try (app.queued.server.testing.TcpProxy proxy = new app.queued.server.testing.TcpProxy(redisPort)) {
            YouTubeCatalog viaProxy = catalog("redis://127.0.0.1:" + proxy.port());
            try {
                viaProxy.search("gangnam", 15);
                viaProxy.search("gangnam", 15);
                assertThat(yt.searchCalls.get()).isEqualTo(1);

                proxy.block(); // Redis unreachable: the guest still gets results, straight from YouTube
                assertThat(viaProxy.search("gangnam", 15)).hasSize(15);
                assertThat(viaProxy.lookup("songsong001").title()).isEqualTo("Unsearched song");
                assertThat(yt.searchCalls.get()).isEqualTo(2);
                assertThat(viaProxy.cacheAvailable()).isFalse();

                proxy.unblock(); // back: the entry Redis kept during the outage is served again
                FakeYouTube.awaitCondition(viaProxy::cacheAvailable, "the catalog tries Redis again");
                int before = yt.searchCalls.get();
                assertThat(viaProxy.search("gangnam", 15)).hasSize(15);
                assertThat(yt.searchCalls.get()).as("answered from Redis again").isEqualTo(before);
                assertThat(viaProxy.cacheAvailable()).isTrue();
            } finally {
                viaProxy.close();
            }
        }
    }

    static ProtocolException catch_(Runnable r) {
        return YouTubeCatalogTest.error(r);
    }
}
