package app.queued.server.catalog.youtube;

import java.util.regex.Pattern;

/**
 * Titles and channel names as videos.list sends them, made one clean line. They are plain text: a literal
 * {@code &lt;} in a title is what its uploader typed and stays. (Only search.list snippets are HTML-escaped, and the
 * catalog reads no snippet from search.list: a search asks for ids only, the metadata comes from videos.list.)
 */
final class DisplayText {
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\u2028\\u2029]+");

    private DisplayText() {
    }

    /** Control characters and line breaks become spaces, then the ends are trimmed; null becomes "". */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        return CONTROL.matcher(text).replaceAll(" ").strip();
    }
}
