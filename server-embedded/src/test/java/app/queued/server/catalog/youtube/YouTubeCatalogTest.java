package app.queued.server.catalog.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.queued.protocol.CatalogEntry;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.ProtocolException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catalog against the stub API, without a cache: shapes of answers, playability, errors. */
class YouTubeCatalogTest {
    static final String KEY = "AIzaSyTEST-secret-api-key-0123456789";

    FakeYouTube yt;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-27T20:00:00Z"));
    YouTubeCatalog catalog;

    @BeforeEach
    void start() throws Exception {
        yt = new FakeYouTube();
        yt.requiredKey = KEY;
        catalog = catalog(YouTubeCredentials.apiKeyOnly(KEY));
    }

    YouTubeCatalog catalog(YouTubeCredentials credentials) {
        return YouTubeCatalog.builder(credentials).rootUrl(yt.rootUrl()).region("US").clock(clock)
                .timeout(Duration.ofSeconds(5)).retentionPeriod(null).build();
    }

    @AfterEach
    void stop() {
        catalog.close();
        yt.close();
    }

    static ProtocolException error(Runnable call) {
        try {
            call.run();
        } catch (ProtocolException e) {
            return e;
        }
        throw new AssertionError("expected a ProtocolException");
    }

    @Test
    void searchReturnsPlayableVideosInOrderWithDecodedMetadata() {
        yt.video("aaaaaaaaaa1").title("Tom & Jerry \"Theme\" <remix> Don't").channel("Cartoon & Co").duration("PT1H2M3S").add();
        yt.video("aaaaaaaaaa2").title("방탄소년단 'Dynamite' 🔥🎵").channel("HYBE LABELS").duration("PT3M19S").add();
        yt.video("aaaaaaaaaa3").title("Live now").live("live").add();
        yt.video("aaaaaaaaaa4").title("Premiere tomorrow").live("upcoming").add();
        yt.video("aaaaaaaaaa5").title("No embeds").embeddable(false).add();
        yt.video("aaaaaaaaaa6").title("Not in the US").blockedIn("US", "CA").add();
        yt.video("aaaaaaaaaa7").title("Only in Germany").allowedIn("DE", "AT").add();
        yt.video("aaaaaaaaaa8").title("Bare video").bare().add();
        yt.video("aaaaaaaaaa9").title("Zero length").duration("PT0S").add();
        yt.video("aaaaaaaaa10").title("Still processing").upload("uploaded").add();
        yt.video("aaaaaaaaa11").title("Private").privacy("private").add();
        yt.video("aaaaaaaaa12").title("Grown-ups only").ageRestricted().add();
        yt.video("aaaaaaaaa13").title("Unlisted gem").privacy("unlisted").add();
        yt.video("aaaaaaaaa14").noSnippet().add();
        yt.searchResults("party", "aaaaaaaaaa1", "aaaaaaaaaa2", "aaaaaaaaaa3", "aaaaaaaaaa4", "aaaaaaaaaa5",
                "aaaaaaaaaa6", "aaaaaaaaaa7", "aaaaaaaaaa8", "aaaaaaaaaa9", "aaaaaaaaa10", "aaaaaaaaa11",
                "aaaaaaaaa12", "aaaaaaaaa13", "aaaaaaaaa14", "deletedvid1");

        List<CatalogEntry> results = catalog.search("Party", 15);

        assertThat(results).extracting(CatalogEntry::videoId).containsExactly(
                "aaaaaaaaaa1", "aaaaaaaaaa2", "aaaaaaaaaa8", "aaaaaaaaaa9", "aaaaaaaaa13", "aaaaaaaaa14");
        assertThat(results.get(0)).isEqualTo(new CatalogEntry("aaaaaaaaaa1", "Tom & Jerry \"Theme\" <remix> Don't",
                "Cartoon & Co", 3723, "https://i.ytimg.com/vi/aaaaaaaaaa1/hqdefault.jpg"));
        assertThat(results.get(1).title()).isEqualTo("방탄소년단 'Dynamite' 🔥🎵");
        assertThat(results.get(1).durationSeconds()).isEqualTo(199);
        // missing optional fields: no duration, no channel, no thumbnails
        assertThat(results.get(2)).isEqualTo(new CatalogEntry("aaaaaaaaaa8", "Bare video", "", 0,
                "https://i.ytimg.com/vi/aaaaaaaaaa8/hqdefault.jpg"));
        assertThat(results.get(3).durationSeconds()).isZero();
        assertThat(results.get(5).title()).isEqualTo("YouTube video aaaaaaaaa14");
        assertThat(yt.searchCalls.get()).isEqualTo(1);
        assertThat(yt.videoCalls.get()).isEqualTo(1);
        assertThat(catalog.quota().unitsUsedToday()).isEqualTo(101);
        assertThat(yt.units.get()).isEqualTo(101);
        // the request asked for embeddable videos only, in the region, with the key
        assertThat(yt.requests.get(0)).contains("/youtube/v3/search?", "type=video", "videoEmbeddable=true",
                "regionCode=US", "q=party", "maxResults=25");
    }

    @Test
    void searchKeepsAtMostTheLimit() {
        String[] ids = IntStream.range(0, 25).mapToObj(i -> String.format("manyvideo%02d", i)).toArray(String[]::new);
        for (String id : ids) {
            yt.video(id).title("Many " + id).add();
        }
        yt.searchResults("many", ids);
        assertThat(catalog.search("many", 15)).hasSize(15);
        assertThat(catalog.search("nothing at all matches", 15)).isEmpty();
        assertThat(yt.videoCalls.get()).as("no videos.list for an empty search").isEqualTo(1);
        assertThat(catalog.search("   ", 15)).isEmpty();
        assertThat(yt.searchCalls.get()).as("a blank query costs nothing").isEqualTo(2);
    }

    @Test
    void pastedLinksToUnplayableVideosSayWhy() {
        yt.video("livelivexx1").title("Radio 24/7").live("live").add();
        yt.video("upcomingxx1").title("Album premiere").live("upcoming").add();
        yt.video("noembedxxx1").title("Label Song").embeddable(false).add();
        yt.video("blockedxxx1").title("Blocked Song").blockedIn("US").add();
        yt.video("allowedxxx1").title("Allowed Song").allowedIn("DE").add();
        yt.video("privatexxx1").title("Secret Song").privacy("private").add();
        yt.video("processxxx1").title("Fresh Upload").upload("uploaded").add();
        yt.video("agelimitxx1").title("Grown-up Song").ageRestricted().add();
        yt.video("playablexx1").title("Fine Song").add();

        assertThat(error(() -> catalog.lookup("livelivexx1"))).satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.getMessage()).isEqualTo("\u201cRadio 24/7\u201d is a live stream; only finished videos can be queued.");
        });
        assertThat(error(() -> catalog.lookup("upcomingxx1")).getMessage()).contains("has not started yet");
        assertThat(error(() -> catalog.lookup("noembedxxx1")).getMessage()).contains("turned off embedding");
        assertThat(error(() -> catalog.lookup("blockedxxx1")).getMessage()).contains("not available in this country (US)");
        assertThat(error(() -> catalog.lookup("allowedxxx1")).getMessage()).contains("not available in this country (US)");
        assertThat(error(() -> catalog.lookup("privatexxx1")).getMessage()).contains("is private");
        assertThat(error(() -> catalog.lookup("processxxx1")).getMessage()).contains("still being processed");
        assertThat(error(() -> catalog.lookup("agelimitxx1")).getMessage()).contains("age-restricted");
        ProtocolException missing = error(() -> catalog.lookup("gonegonegon"));
        assertThat(missing.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(missing.getMessage()).isEqualTo("YouTube has no public video with the id gonegonegon (it may be private or deleted).");
        assertThat(error(() -> catalog.lookup("not an id")).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(catalog.lookup("playablexx1").title()).isEqualTo("Fine Song");
        assertThat(yt.videoCalls.get()).isEqualTo(10);
        assertThat(catalog.quota().unitsUsedToday()).isEqualTo(10);
    }

    @Test
    void regionIsTheConfiguredOne() {
        yt.video("blockedxxx1").title("Blocked Song").blockedIn("US").add();
        YouTubeCatalog german = YouTubeCatalog.builder(YouTubeCredentials.apiKeyOnly(KEY)).rootUrl(yt.rootUrl())
                .region("de").retentionPeriod(null).build();
        try {
            assertThat(german.lookup("blockedxxx1").title()).isEqualTo("Blocked Song");
        } finally {
            german.close();
        }
    }

    @Test
    void withoutCredentialsSearchSaysTheHostHasNotSetUpYouTube() {
        YouTubeCatalog none = catalog(YouTubeCredentials.none());
        try {
            ProtocolException e = error(() -> none.search("anything", 15));
            assertThat(e.code()).as("no retry helps: the host must act").isEqualTo(ErrorCode.SETUP_REQUIRED);
            assertThat(e.getMessage()).startsWith("The host has not set up YouTube yet");
            assertThat(error(() -> none.lookup("dQw4w9WgXcQ")).getMessage()).startsWith("The host has not set up YouTube yet");
            assertThat(none.hostProblem()).contains("not set up");
            assertThat(yt.apiCalls()).isZero();
        } finally {
            none.close();
        }
    }

    @Test
    void invalidKeyIsAClearErrorThatNeverQuotesTheKey() {
        YouTubeCatalog wrong = catalog(YouTubeCredentials.apiKeyOnly("AIzaWRONG-key-that-must-not-leak"));
        try {
            for (boolean oldFormat : new boolean[] {false, true}) {
                yt.keyErrorOldFormat = oldFormat;
                ProtocolException e = error(() -> wrong.search("song " + oldFormat, 15));
                assertThat(e.code()).as("no retry helps: the host must act").isEqualTo(ErrorCode.SETUP_REQUIRED);
                assertThat(e.getMessage()).isEqualTo(YouTubeApi.KEY_REFUSED).doesNotContain("AIza");
            }
            assertThat(wrong.hostProblem()).isEqualTo(YouTubeApi.KEY_REFUSED);
            // a key YouTube does not know names no project: nothing is billed, so nothing is counted
            assertThat(yt.units.get()).isZero();
            assertThat(wrong.quota().unitsUsedToday()).isZero();
            assertThat(yt.requests).allMatch(r -> r.contains("key=AIzaWRONG"), "the key goes to YouTube, and only there");
        } finally {
            wrong.close();
        }
    }

    @Test
    void quotaExceededIsReportedAndStopsFurtherCallsUntilPacificMidnight() {
        yt.video("playablexx1").title("Fine Song").add();
        yt.quotaExhausted = true;
        ProtocolException e = error(() -> catalog.search("fine", 15));
        assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        // 20:00 UTC on 27 November is 12:00 in Los Angeles: 12 hours to go
        assertThat(e.getMessage()).isEqualTo("The host's YouTube allowance for today is used up; it renews at "
                + "midnight Pacific time (in 12 h). Songs found earlier and songs already played here can still be added.");
        assertThat(catalog.quota().exhausted()).isTrue();
        int calls = yt.apiCalls();
        assertThat(error(() -> catalog.lookup("playablexx1")).code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        assertThat(error(() -> catalog.search("other", 15)).code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        assertThat(yt.apiCalls()).as("no call while exhausted").isEqualTo(calls);

        yt.quotaExhausted = false;
        clock.advance(Duration.ofHours(12).plusSeconds(1));
        assertThat(catalog.quota().exhausted()).isFalse();
        assertThat(catalog.lookup("playablexx1").title()).isEqualTo("Fine Song");
    }

    @Test
    void serverErrorsAndTimeoutsAreUnavailable() {
        yt.video("playablexx1").title("Fine Song").add();
        yt.nextFailure = new FakeYouTube.Failure(503, FakeYouTube.BACKEND_ERROR_BODY);
        ProtocolException e = error(() -> catalog.lookup("playablexx1"));
        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.getMessage()).isEqualTo(YouTubeApi.YOUTUBE_DOWN);
        yt.nextFailure = new FakeYouTube.Failure(500, "<html>oops</html>");
        assertThat(error(() -> catalog.search("fine", 15)).code()).isEqualTo(ErrorCode.UNAVAILABLE);

        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        yt.gate = never; // YouTube accepts the request and does not answer
        YouTubeCatalog quick = withDeadline(Duration.ofMillis(800));
        try {
            long t0 = System.nanoTime();
            ProtocolException timeout = error(() -> quick.search("slow", 15));
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(timeout.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(tookMs).as("gives up at the 800 ms deadline").isBetween(700L, 2_500L);
            assertThat(quick.hostProblem()).isEqualTo(YouTubeApi.TOO_SLOW);
        } finally {
            quick.close();
        }
        yt.gate = null;
        never.countDown();
        assertThat(catalog.lookup("playablexx1").title()).isEqualTo("Fine Song");
    }

    @Test
    void keyOrProjectRefusedIsNotAQuotaProblem() {
        YouTubeCatalog keyless = catalog(YouTubeCredentials.apiKeyOnly(KEY));
        try {
            yt.nextFailure = new FakeYouTube.Failure(403, FakeYouTube.FORBIDDEN_NO_KEY_BODY);
            ProtocolException e = error(() -> keyless.search("x", 15));
            assertThat(e.code()).isEqualTo(ErrorCode.SETUP_REQUIRED);
            assertThat(e.getMessage()).isEqualTo(YouTubeApi.ACCESS_REFUSED);
            assertThat(keyless.quota().exhausted()).isFalse();
            assertThat(keyless.quota().unitsUsedToday()).as("refused at the door: not billed").isZero();
        } finally {
            keyless.close();
        }
    }

    @Test
    void whatYouTubeBillsIsWhatTheMeterCounts() {
        yt.video("playablexx1").title("Fine Song").add();
        yt.nextFailure = new FakeYouTube.Failure(400, """
                {"error":{"code":400,"message":"Invalid value","errors":[{"message":"Invalid value",\
                "domain":"youtube.parameter","reason":"invalidParameter"}]}}""");
        assertThat(error(() -> catalog.search("fine", 15)).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        yt.nextFailure = new FakeYouTube.Failure(503, FakeYouTube.BACKEND_ERROR_BODY);
        assertThat(error(() -> catalog.lookup("playablexx1")).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        catalog.search("fine", 15);
        // an invalid request and a failed one are billed like a good one (100 + 1, then 100 + 1)
        assertThat(yt.units.get()).isEqualTo(202);
        assertThat(catalog.quota().unitsUsedToday()).isEqualTo(yt.units.get());
    }

    /** A catalog whose calls each get at most {@code deadline}, as connect and per-read timeout too. */
    private YouTubeCatalog withDeadline(Duration deadline) {
        return YouTubeCatalog.builder(YouTubeCredentials.apiKeyOnly(KEY)).rootUrl(yt.rootUrl()).region("US")
                .clock(clock).timeout(deadline).retentionPeriod(null).build();
    }

    @Test
    void anAnswerTricklingAByteEveryThreeSecondsEndsAtTheDeadline() throws Exception {
        yt.video("playablexx1").title("Fine Song").add();
        yt.trickle = Duration.ofSeconds(3); // every read succeeds within the 4 s timeout; the answer never ends
        YouTubeCatalog patient = withDeadline(Duration.ofSeconds(4));
        try {
            long t0 = System.nanoTime();
            java.util.concurrent.CompletableFuture<ProtocolException> lookup = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> error(() -> patient.lookup("playablexx1")));
            ProtocolException e = lookup.get(30, java.util.concurrent.TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo(YouTubeApi.YOUTUBE_DOWN);
            assertThat(tookMs).as("the whole call ends at its 4 s deadline").isBetween(3_500L, 7_000L);
            assertThat(patient.hostProblem()).contains("did not answer in time");
            assertThat(patient.quota().unitsUsedToday()).as("it reached YouTube, so it may be billed").isEqualTo(1);
        } finally {
            patient.close();
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> unreadableAnswers() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("empty body", FakeYouTube.EMPTY_BODY),
                org.junit.jupiter.params.provider.Arguments.of("a JSON array", FakeYouTube.ARRAY_BODY),
                org.junit.jupiter.params.provider.Arguments.of("items as an object", FakeYouTube.ITEMS_OBJECT_BODY),
                org.junit.jupiter.params.provider.Arguments.of("JSON cut after a value", FakeYouTube.CUT_BODY));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("unreadableAnswers")
    void anUnreadableAnswerIsLikeAnAnswerLostOnTheWay(String what, String body) {
        yt.video("playablexx1").title("Fine Song").add();
        yt.nextFailure = new FakeYouTube.Failure(503, FakeYouTube.BACKEND_ERROR_BODY);
        error(() -> catalog.lookup("playablexx1"));
        assertThat(catalog.hostProblem()).contains("503");

        yt.nextFailure = new FakeYouTube.Failure(200, body); // search.list
        ProtocolException search = error(() -> catalog.search("fine", 15));
        assertThat(search.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(search.getMessage()).isEqualTo(YouTubeApi.YOUTUBE_DOWN);
        assertThat(catalog.hostProblem()).as("the host's line is not stale").isEqualTo(YouTubeApi.UNREADABLE);

        yt.nextFailure = new FakeYouTube.Failure(200, body); // videos.list
        ProtocolException lookup = error(() -> catalog.lookup("playablexx1"));
        assertThat(lookup.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(catalog.hostProblem()).isEqualTo(YouTubeApi.UNREADABLE);
        // counted like the same fault arriving as an I/O error: 1 (503) + 100 + 1
        assertThat(catalog.quota().unitsUsedToday()).isEqualTo(102).isEqualTo(yt.units.get());

        assertThat(catalog.lookup("playablexx1").title()).isEqualTo("Fine Song");
        assertThat(catalog.hostProblem()).isNull();
    }

    @Test
    void titlesFromVideosListAreShownAsYouTubeSendsThem() {
        // videos.list sends plain text (only search.list snippets are HTML-escaped, and those are never read)
        yt.video("literalxxx1").title("I &lt;3 HTML &amp; Tom & Jerry <b>").channel("AT&amp;T &#39;Music&#39;").add();
        yt.searchResults("literal", "literalxxx1");
        CatalogEntry looked = catalog.lookup("literalxxx1");
        assertThat(looked.title()).isEqualTo("I &lt;3 HTML &amp; Tom & Jerry <b>");
        assertThat(looked.channel()).isEqualTo("AT&amp;T &#39;Music&#39;");
        YouTubeCatalog fresh = catalog(YouTubeCredentials.apiKeyOnly(KEY));
        try {
            assertThat(fresh.search("literal", 15)).extracting(CatalogEntry::title)
                    .containsExactly("I &lt;3 HTML &amp; Tom & Jerry <b>");
        } finally {
            fresh.close();
        }
    }

    @Test
    void anEmptyTitleOrAssertedErrorsDoNotBreakTheName() {
        assertThat(catalog.name()).isEqualTo("YouTube");
        assertThatThrownBy(() -> YouTubeCredentials.apiKeyOnly(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
