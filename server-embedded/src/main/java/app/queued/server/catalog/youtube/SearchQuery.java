package app.queued.server.catalog.youtube;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The normalized form of a search, used both as the cache key and as the query sent to YouTube, so that
 * "Gangnam  Style", "gangnam style " and "ＧＡＮＧＮＡＭ style" cost one API call between them.
 */
final class SearchQuery {
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00a0\\u200b]+");

    private SearchQuery() {
    }

    /** NFKC (full-width and compatibility forms folded), lower case, whitespace collapsed and trimmed. */
    static String normalize(String query) {
        if (query == null) {
            return "";
        }
        String folded = Normalizer.normalize(query, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return SPACES.matcher(folded).replaceAll(" ").strip();
    }
}
