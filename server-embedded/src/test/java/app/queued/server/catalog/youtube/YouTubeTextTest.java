package app.queued.server.catalog.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YouTubeTextTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "PT1H2M3S, 3723", "PT4M13S, 253", "PT45S, 45", "PT1H, 3600", "PT10M, 600", "P1DT2H, 93600",
            "P1W2DT3H4M5S, 788645", "PT0S, 0", "P0D, 0", "null, 0", "'', 0", "PT, 0", "P, 0", "banana, 0",
            "pt3m, 180", "PT1.5S, 1"})
    void iso8601Durations(String iso, int seconds) {
        assertThat(IsoDuration.seconds(iso)).isEqualTo(seconds);
    }

    @Test
    void titlesAreKeptAsSentMadeOneLine() {
        // videos.list titles are plain text: entities in them are what the uploader typed
        assertThat(DisplayText.oneLine("Tom &amp; Jerry &quot;Live&quot; &#39;99 &lt;3")).isEqualTo("Tom &amp; Jerry &quot;Live&quot; &#39;99 &lt;3");
        assertThat(DisplayText.oneLine("Tom & Jerry \"Live\" '99 <3")).isEqualTo("Tom & Jerry \"Live\" '99 <3");
        assertThat(DisplayText.oneLine("  line\nbreak\ttab\u0000\u2028end ")).isEqualTo("line break tab end");
        assertThat(DisplayText.oneLine("방탄소년단 BTS 'Dynamite' 🎵")).isEqualTo("방탄소년단 BTS 'Dynamite' 🎵");
        assertThat(DisplayText.oneLine(null)).isEmpty();
    }

    @Test
    void queriesNormalizeCaseWidthAndSpaces() {
        assertThat(SearchQuery.normalize("  Gangnam   STYLE ")).isEqualTo("gangnam style");
        assertThat(SearchQuery.normalize("ＧＡＮＧＮＡＭ\u00a0style")).isEqualTo("gangnam style");
        assertThat(SearchQuery.normalize("Beyoncé\tHalo")).isEqualTo("beyoncé halo");
        assertThat(SearchQuery.normalize("   ")).isEmpty();
    }
}
