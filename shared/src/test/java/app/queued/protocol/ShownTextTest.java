package app.queued.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one rule for text people see (issue 16.7): what a request may carry, and what a catalog's text becomes. */
class ShownTextTest {

    @Test
    void textFromElsewhereLosesDirectionControlsAndBrokenCharacters() {
        assertThat(ShownText.clean("\u202eevil\u202c title")).isEqualTo("evil title");
        assertThat(ShownText.clean("\u2066a\u2069 \u200fb\u200e \u061cc")).isEqualTo("a b c");
        assertThat(ShownText.clean("half \ud800 and \udc00 lone")).isEqualTo("half \ufffd and \ufffd lone");
        assertThat(ShownText.clean(" two\nlines\u0000 ")).isEqualTo("two lines");
        assertThat(ShownText.clean("\u00a0\u200b\u00a0")).isEqualTo("\u200b");
        assertThat(ShownText.clean(null)).isEmpty();
        assertThat(ShownText.clean("Ana \u2764\ufe0f")).isEqualTo("Ana \u2764\ufe0f");
    }

    @Test
    void visibleMeansSomethingThatDraws() {
        assertThat(ShownText.hasVisible("a")).isTrue();
        assertThat(ShownText.hasVisible("\ud83d\udd25")).isTrue();
        assertThat(ShownText.hasVisible("\u200b\u00a0\u3164\u2800\ufe0f\u0301")).isFalse();
        assertThat(ShownText.hasVisible("")).isFalse();
    }

    @Test
    void aCatalogEntryOfTextThatDrawsNothingFallsBackToItsVideoId() {
        CatalogEntry entry = new CatalogEntry("dQw4w9WgXcQ", "\u200b\u202e\u00a0", "\u3164", 213, null);

        assertThat(entry.title()).isEqualTo("YouTube video dQw4w9WgXcQ");
        assertThat(entry.channel()).isEmpty();
        assertThat(new CatalogEntry("dQw4w9WgXcQ", "\u202eNever\u202c Gonna", "Rick\ud800", 213, null))
                .extracting(CatalogEntry::title, CatalogEntry::channel)
                .containsExactly("Never Gonna", "Rick\ufffd");
    }
}
