package app.queued.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class YouTubeLinksTest {
    private static final String ID = "dQw4w9WgXcQ";

    @ParameterizedTest
    @ValueSource(strings = {
            "dQw4w9WgXcQ",
            "  dQw4w9WgXcQ \n",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG&t=42s&index=3",
            "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
            "https://www.youtube.com/watch?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG&index=3&v=dQw4w9WgXcQ&t=42s",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ#t=30",
            "https://www.youtube.com/watch/?v=dQw4w9WgXcQ",
            "www.youtube.com/watch?v=dQw4w9WgXcQ",
            "youtube.com/watch?v=dQw4w9WgXcQ",
            "//www.youtube.com/watch?v=dQw4w9WgXcQ",
            "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://music.youtube.com/watch?v=dQw4w9WgXcQ&si=abcDEF123",
            "HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ",
            "https://YouTube.com/watch?v=dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ?si=Xy12_abCDef&t=10",
            "youtu.be/dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ/",
            "https://youtu.be/dQw4w9WgXcQ#t=30",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
            "https://youtube.com/shorts/dQw4w9WgXcQ?feature=share",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ/",
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1&start=30",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "https://youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0",
            "https://www.youtube.com/live/dQw4w9WgXcQ?si=abc",
            "https://www.youtube.com/v/dQw4w9WgXcQ",
            "https://www.youtube.com/e/dQw4w9WgXcQ",
            "  https://www.youtube.com/watch?v=dQw4w9WgXcQ\t",
            // YouTube's own share and attribution links, pasted as they come
            "https://www.youtube.com/attribution_link?a=8g8kPrPIi-ecwIsS&u=%2Fwatch%3Fv%3DdQw4w9WgXcQ%26feature%3Dshare",
            "https://youtube.com/attribution_link?u=/watch%3Fv%3DdQw4w9WgXcQ%26feature%3Dem-share_video_user&a=x",
            "https://www.youtube.com/attribution_link?a=abc&u=%2Fshorts%2FdQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ&t=42",
            "youtu.be/dQw4w9WgXcQ&t=42s",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ&feature=share",
            // a link inside share text
            "Check this out https://youtu.be/dQw4w9WgXcQ?si=x !",
            "Check this out https://youtu.be/dQw4w9WgXcQ?si=x!",
            "Song for tonight: https://www.youtube.com/watch?v=dQw4w9WgXcQ.",
            "(https://youtu.be/dQw4w9WgXcQ)",
            "\u201cdQw4w9WgXcQ\u201d",
            "Watch \"Never Gonna Give You Up\" on YouTube\nhttps://youtu.be/dQw4w9WgXcQ",
            "see https://vimeo.com/1 or better https://youtu.be/dQw4w9WgXcQ",
    })
    void extractsTheIdFromEveryCommonForm(String linkOrId) {
        assertThat(YouTubeLinks.videoId(linkOrId)).isEqualTo(ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a-b_c-D_e-F", "___________", "-----------", "0123456789A"})
    void acceptsIdsWithDashesUnderscoresAndDigits(String id) {
        assertThat(YouTubeLinks.videoId(id)).isEqualTo(id);
        assertThat(YouTubeLinks.videoId("https://youtu.be/" + id)).isEqualTo(id);
        assertThat(YouTubeLinks.videoId("https://www.youtube.com/watch?v=" + id)).isEqualTo(id);
    }

    @Test
    void aPercentEncodedIdInTheQueryIsDecoded() {
        assertThat(YouTubeLinks.videoId("https://www.youtube.com/watch?v=dQw4w9WgXc%51")).isEqualTo(ID);
    }

    @Test
    void theFirstVParameterWins() {
        assertThat(YouTubeLinks.videoId("https://www.youtube.com/watch?v=dQw4w9WgXcQ&v=aaaaaaaaaaa")).isEqualTo(ID);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "   ",
            "not a link",
            "javascript:alert(1)",
            "javascript://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "ftp://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "file:///watch?v=dQw4w9WgXcQ",
            "data:text/html,dQw4w9WgXcQ",
            "mailto:someone@youtube.com",
            "https://vimeo.com/76979871",
            "https://vimeo.com/watch?v=dQw4w9WgXcQ",
            "https://evil-youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtube.com.evil.net/watch?v=dQw4w9WgXcQ",
            "https://notyoutube.com/watch?v=dQw4w9WgXcQ",
            "https://gaming.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://evil.youtu.be/dQw4w9WgXcQ",
            "https://youtube.com@evil.net/watch?v=dQw4w9WgXcQ",
            "https://user@www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube.com./watch?v=dQw4w9WgXcQ",
            "https://www.you tube.com/watch?v=dQw4w9WgXcQ",
            "https://evil.net/?u=https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://evil.net/youtu.be/dQw4w9WgXcQ",
            "Check this out https://vimeo.com/76979871 !",
            "a performance of songs", // an eleven-letter word in text is not an id
            "https://evil.net/attribution_link?u=%2Fwatch%3Fv%3DdQw4w9WgXcQ",
    })
    void rejectsAnythingThatIsNotAYouTubeLink(String input) {
        assertThatThrownBy(() -> YouTubeLinks.videoId(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("That is not a YouTube video link or id.");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
            "https://www.youtube.com/watch?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
            "https://www.youtube.com/channel/UCuAXFkgsw1L7xaCfnd5JJOw",
            "https://www.youtube.com/@RickAstleyYT",
            "https://www.youtube.com/c/RickAstleyVEVO",
            "https://www.youtube.com/user/RickAstleyVEVO",
            "https://www.youtube.com/",
            "https://www.youtube.com",
            "https://www.youtube.com/results?search_query=rick+astley",
            "https://www.youtube.com/watch",
            "https://www.youtube.com/watch?v=",
            "https://www.youtube.com/watch?v=dQw4w9WgXc",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",
            "https://www.youtube.com/watch?v=dQw4w9WgX!Q",
            "https://www.youtube.com/watch?v=dQw4w9WgX%26Q",
            "https://www.youtube.com/watch?vv=dQw4w9WgXcQ",
            "https://www.youtube.com/watch?list=a%26v%3DdQw4w9WgXcQ",
            "https://www.youtube.com/watch/dQw4w9WgXcQ",
            "https://www.youtube.com/dQw4w9WgXcQ",
            "https://www.youtube.com/shorts/",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ/extra",
            "https://www.youtube.com/embed/videoseries?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
            "https://www.youtube.com/?v=dQw4w9WgXcQ",
            "https://youtu.be/",
            "https://youtu.be/dQw4w9WgXc",
            "https://youtu.be/dQw4w9WgXcQ/extra",
            "https://youtu.be/watch?v=dQw4w9WgXcQ",
            "https://www.youtube.com/attribution_link?a=abc",
            "https://www.youtube.com/attribution_link?u=https%3A%2F%2Fevil.net%2Fwatch%3Fv%3DdQw4w9WgXcQ",
            "https://www.youtube.com/attribution_link?u=%2F%2Fevil.net%2Fwatch%3Fv%3DdQw4w9WgXcQ",
            "https://www.youtube.com/attribution_link?u=%2Fattribution_link%3Fu%3D%252Fwatch%253Fv%253DdQw4w9WgXcQ",
            "My playlist https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG enjoy",
    })
    void rejectsYouTubeLinksThatAreNotOneVideo(String input) {
        assertThatThrownBy(() -> YouTubeLinks.videoId(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("That YouTube link does not point to a single video.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dQw4w9WgXc", "dQw4w9WgXcQQ", "dQw4w9WgX Q", "dQw4w9WgX.Q", "dQw4w9WgX+Q", "dQw4w9WgXçQ"})
    void rejectsBareIdsOfTheWrongLengthOrWithBadCharacters(String input) {
        assertThat(YouTubeLinks.isVideoId(input)).isFalse();
        assertThatThrownBy(() -> YouTubeLinks.videoId(input)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" dQw4w9WgXcQ", "dQw4w9WgXcQ ", "https://youtu.be/dQw4w9WgXcQ"})
    void isVideoIdIsStrict(String input) {
        assertThat(YouTubeLinks.isVideoId(input)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dQw4w9WgXcQ", "a-b_c-D_e-F", "kJQP7kiw5Fk"})
    void isVideoIdAcceptsElevenIdCharacters(String input) {
        assertThat(YouTubeLinks.isVideoId(input)).isTrue();
    }

    @Test
    void theMessageIsOneSentenceForTheUserNotTheInput() {
        assertThatThrownBy(() -> YouTubeLinks.videoId("<script>alert(1)</script>"))
                .hasMessage("That is not a YouTube video link or id.")
                .hasMessageNotContaining("script");
    }
}
