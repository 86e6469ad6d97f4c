package app.queued.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.queued.protocol.CatalogEntry;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.ProtocolException;
import app.queued.youtube.YouTubeLinks;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DemoCatalogTest {
    private static final DemoCatalog CATALOG = new DemoCatalog();
    private static final List<CatalogEntry> ALL = CATALOG.search("", Integer.MAX_VALUE);

    private static final String RICK = "dQw4w9WgXcQ";
    private static final String BOHEMIAN = "fJ9rUzIMcZQ";
    private static final String DONT_STOP = "HgzGwKwLmgM";
    private static final String DANCING_QUEEN = "xFrGuyw1V8s";

    @Test
    void isClearlyLabelled() {
        assertThat(CATALOG.name()).isEqualTo("Offline demo catalog");
    }

    @Test
    void holdsAboutFiftyTracks() {
        assertThat(ALL).hasSizeBetween(45, 60);
    }

    @Test
    void everyEntryIsAValidUniqueVideoWithRealisticMetadata() {
        assertThat(ALL).extracting(CatalogEntry::videoId)
                .allMatch(YouTubeLinks::isVideoId)
                .doesNotHaveDuplicates();
        assertThat(ALL).allSatisfy(entry -> {
            assertThat(entry.title()).isNotBlank();
            assertThat(entry.channel()).isNotBlank();
            assertThat(entry.durationSeconds()).isBetween(60, 20 * 60);
            assertThat(entry.thumbnailUrl())
                    .isEqualTo("https://i.ytimg.com/vi/" + entry.videoId() + "/hqdefault.jpg");
        });
    }

    @Test
    void includesTitlesBeyondAscii() {
        assertThat(ALL).extracting(CatalogEntry::title)
                .anyMatch(title -> title.chars().anyMatch(c -> c > 127));
    }

    @Test
    void everyEntryCanBeLookedUpById() {
        assertThat(ALL).allSatisfy(entry -> assertThat(CATALOG.lookup(entry.videoId())).isEqualTo(entry));
    }

    @Test
    void looksUpAWellKnownVideo() {
        assertThat(CATALOG.lookup(RICK)).isEqualTo(new CatalogEntry(RICK,
                "Rick Astley - Never Gonna Give You Up (Official Music Video)", "Rick Astley", 213,
                "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"aaaaaaaaaaa", "dQw4w9WgXcq", "not an id", "https://youtu.be/dQw4w9WgXcQ"})
    void unknownIdsAreNotFound(String videoId) {
        assertThatThrownBy(() -> CATALOG.lookup(videoId))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessage("That video is not in the offline demo catalog.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rick|" + RICK,
            "RICK ASTLEY|" + RICK,
            "  never   gonna  |" + RICK,
            "rIcK nEvEr|" + RICK,
            "brights|gGdGFtwCNBE",
            "smells teen|hTWKbfoikeg",
            "beyonce|4m1EFMoRFvY",
            "BEYONCÉ|4m1EFMoRFvY",
            "Beyonce\u0301|4m1EFMoRFvY",
            "single ladies|4m1EFMoRFvY",
            "espanol|NUsoVlDFqZg",
            "ESPAÑOL bailando|NUsoVlDFqZg",
            "강남스타일|9bZkp7q19f0",
            "gangnam|9bZkp7q19f0",
            "방탄|gdZLi9oWNZg",
            "dont stop|" + DONT_STOP,
            "don't stop|" + DONT_STOP,
            "Don\u2019t Stop Me|" + DONT_STOP,
            "ac/dc|v2AC41dglnM",
            "officialpsy|9bZkp7q19f0",
            "hybe|gdZLi9oWNZg",
    })
    void findsByAnyWordIgnoringCaseAndAccents(String query, String videoId) {
        assertThat(CATALOG.search(query, 10)).extracting(CatalogEntry::videoId).containsExactly(videoId);
    }

    @Test
    void everyQueryWordMustMatch() {
        assertThat(CATALOG.search("queen bohemian", 10)).extracting(CatalogEntry::videoId).containsExactly(BOHEMIAN);
        assertThat(CATALOG.search("queen zzzz", 10)).isEmpty();
    }

    @Test
    void wordsMatchAcrossTitleAndChannel() {
        assertThat(CATALOG.search("adele someone", 10)).extracting(CatalogEntry::videoId)
                .containsExactly("hLQl3WQQoQ0");
        assertThat(CATALOG.search("labels dynamite", 10)).extracting(CatalogEntry::videoId)
                .containsExactly("gdZLi9oWNZg");
    }

    @Test
    void equalMatchesKeepCatalogOrder() {
        assertThat(CATALOG.search("queen", 10)).extracting(CatalogEntry::videoId)
                .containsExactly(BOHEMIAN, DONT_STOP, DANCING_QUEEN);
    }

    @Test
    void moreWordsInTheTitleRankFirst() {
        CatalogEntry channelOnly = entry("aaaaaaaaaaa", "Party Mix", "Queen Fans");
        CatalogEntry unrelated = entry("bbbbbbbbbbb", "Something Else", "Nobody");
        CatalogEntry bothInTitle = entry("ccccccccccc", "Queen - Party", "Someone");
        DemoCatalog catalog = new DemoCatalog(List.of(channelOnly, unrelated, bothInTitle));

        assertThat(catalog.search("queen party", 10)).containsExactly(bothInTitle, channelOnly);
        assertThat(catalog.search("party", 10)).containsExactly(channelOnly, bothInTitle);
    }

    @Test
    void nothingMatchingGivesAnEmptyList() {
        assertThat(CATALOG.search("zzzzzzzz", 10)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void respectsTheLimit(int limit) {
        assertThat(CATALOG.search("official", limit)).hasSize(limit);
        assertThat(CATALOG.search("", limit)).hasSize(limit);
    }

    @Test
    void aNegativeLimitGivesNothing() {
        assertThat(CATALOG.search("queen", -1)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n"})
    void aBlankQueryBrowsesFromTheTop(String query) {
        assertThat(CATALOG.search(query, 5)).containsExactlyElementsOf(ALL.subList(0, 5));
        assertThat(ALL.get(0).videoId()).isEqualTo(RICK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(", "[", "\\", "*", ".*", "^$", "%", "'", "\u2019", "--", "🎉", "a\u0000b",
            "queen (", "' OR 1=1 --", "\uD800"})
    void neverThrowsForOrdinaryText(String query) {
        assertThat(CATALOG.search(query, 10)).hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void neverThrowsForAVeryLongQuery() {
        assertThat(CATALOG.search("queen ".repeat(10_000), 10)).hasSize(3);
    }

    @Test
    void resultsCannotBeModified() {
        assertThatThrownBy(() -> CATALOG.search("queen", 10).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void servesConcurrentSearchesAlike() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<CatalogEntry>>> results = IntStream.range(0, 200)
                    .mapToObj(i -> pool.submit(() -> CATALOG.search("queen", 10)))
                    .toList();
            for (Future<List<CatalogEntry>> result : results) {
                assertThat(result.get()).extracting(CatalogEntry::videoId)
                        .containsExactly(BOHEMIAN, DONT_STOP, DANCING_QUEEN);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsAListWithTheSameVideoTwice() {
        CatalogEntry entry = entry(RICK, "A", "B");
        assertThatThrownBy(() -> new DemoCatalog(List.of(entry, entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RICK);
    }

    @Test
    void foldsTextIntoLowerCaseWordsWithoutAccents() {
        assertThat(DemoCatalog.words("Beyoncé – Single Ladies (Don’t)")).containsExactly("beyonce", "single", "ladies", "dont");
        assertThat(DemoCatalog.words("Major Lazer feat. MØ")).containsExactly("major", "lazer", "feat", "mø");
    }

    private static CatalogEntry entry(String id, String title, String channel) {
        return new CatalogEntry(id, title, channel, 200, "https://i.ytimg.com/vi/" + id + "/hqdefault.jpg");
    }
}
