package app.queued.youtube;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns whatever a guest pastes into an 11-character video id: a bare id, any common YouTube link (share links,
 * {@code attribution_link}s, {@code youtu.be/ID&t=42} with its '&' where a '?' belongs), or share text with such a
 * link in it ("Check this out https://youtu.be/ID?si=x !").
 */
public final class YouTubeLinks {
    static final String NOT_YOUTUBE = "That is not a YouTube video link or id.";
    static final String NOT_A_VIDEO = "That YouTube link does not point to a single video.";

    private static final Pattern VIDEO_ID = Pattern.compile("[A-Za-z0-9_-]{11}");

    /** Exact hosts only: a suffix check would let {@code evil-youtube.com} or {@code youtube.com.evil.net} through. */
    private static final Set<String> YOUTUBE_HOSTS = Set.of(
            "youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
            "youtube-nocookie.com", "www.youtube-nocookie.com");
    private static final String SHORT_HOST = "youtu.be";

    /** Path prefixes followed by the id: {@code /shorts/ID}, {@code /embed/ID}, ... */
    private static final Set<String> ID_PATH_PREFIXES = Set.of("shorts", "embed", "live", "v", "e");
    /** Looks like an id but is the playlist player: {@code /embed/videoseries?list=...}. */
    private static final String PLAYLIST_EMBED = "videoseries";
    /** {@code /attribution_link?u=/watch%3Fv%3DID...}: the video's own path and query, encoded in {@code u}. */
    private static final String ATTRIBUTION = "attribution_link";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** Around a link in text: brackets and quotes before, those and sentence punctuation after. */
    private static final Pattern LEADING_PUNCTUATION = Pattern.compile("^[(\\[{<\"'\u201c\u2018]+");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[)\\]}>\"'\u201d\u2019.,;:!?]+$");

    private YouTubeLinks() {
    }

    public static boolean isVideoId(String s) {
        return s != null && VIDEO_ID.matcher(s).matches();
    }

    /**
     * The video id in {@code linkOrId}.
     *
     * @throws IllegalArgumentException with a sentence fit to show the user when it is not a YouTube video
     */
    public static String videoId(String linkOrId) {
        if (linkOrId == null) {
            throw new IllegalArgumentException(NOT_YOUTUBE);
        }
        String text = linkOrId.strip();
        if (isVideoId(text)) {
            return text;
        }
        String[] words = WHITESPACE.split(text);
        if (words.length == 1) {
            String word = unwrapped(text);
            return isVideoId(word) ? word : fromLink(word);
        }
        // share text: the first word that is a link to one video; bare ids are not looked for in prose
        String why = NOT_YOUTUBE;
        for (String word : words) {
            try {
                return fromLink(unwrapped(word));
            } catch (IllegalArgumentException e) {
                if (e.getMessage().equals(NOT_A_VIDEO)) {
                    why = NOT_A_VIDEO; // a YouTube link, but not to one video
                }
            }
        }
        throw new IllegalArgumentException(why);
    }

    /** A link without the brackets, quotes or sentence punctuation written around it. */
    private static String unwrapped(String word) {
        return TRAILING_PUNCTUATION.matcher(LEADING_PUNCTUATION.matcher(word).replaceAll("")).replaceAll("");
    }

    private static String fromLink(String text) {
        URI uri = parse(text);
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
                || host == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(NOT_YOUTUBE);
        }
        host = host.toLowerCase(Locale.ROOT);
        List<String> path = segments(uri.getRawPath());
        String id;
        if (host.equals(SHORT_HOST)) {
            id = path.size() == 1 ? beforeAmpersand(path.get(0)) : null;
        } else if (YOUTUBE_HOSTS.contains(host) && path.equals(List.of(ATTRIBUTION))) {
            id = idFromAttribution(uri.getRawQuery());
        } else if (YOUTUBE_HOSTS.contains(host)) {
            id = idFromYouTubePath(path, uri.getRawQuery());
        } else {
            throw new IllegalArgumentException(NOT_YOUTUBE);
        }
        if (!isVideoId(id)) {
            throw new IllegalArgumentException(NOT_A_VIDEO);
        }
        return id;
    }

    /** Links are often pasted without a scheme ({@code youtu.be/ID}); those are read as https. */
    private static URI parse(String text) {
        String withScheme = text.contains("://") ? text : text.startsWith("//") ? "https:" + text : "https://" + text;
        try {
            return new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(NOT_YOUTUBE, e);
        }
    }

    /** Non-empty path segments, so a trailing or doubled slash does not matter. */
    private static List<String> segments(String rawPath) {
        if (rawPath == null) {
            return List.of();
        }
        return Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    private static String idFromYouTubePath(List<String> path, String rawQuery) {
        if (path.equals(List.of("watch"))) {
            return queryParameter(rawQuery, "v");
        }
        if (path.size() == 2 && ID_PATH_PREFIXES.contains(path.get(0)) && !path.get(1).equals(PLAYLIST_EMBED)) {
            return beforeAmpersand(path.get(1));
        }
        return null;
    }

    /** {@code youtu.be/ID&t=42}: a query written with '&' instead of '?' stays part of the path; it is cut off. */
    private static String beforeAmpersand(String segment) {
        int amp = segment.indexOf('&');
        return amp < 0 ? segment : segment.substring(0, amp);
    }

    /**
     * The video of {@code u}, which must be a path on YouTube itself ({@code /watch?v=ID...}, {@code /shorts/ID}):
     * a full URL or {@code //host} there could point anywhere, and is not followed.
     */
    private static String idFromAttribution(String rawQuery) {
        String target = queryParameter(rawQuery, "u");
        if (target == null || !target.startsWith("/") || target.startsWith("//")) {
            return null;
        }
        URI inner;
        try {
            inner = new URI(target);
        } catch (URISyntaxException e) {
            return null;
        }
        List<String> path = segments(inner.getRawPath());
        return path.equals(List.of(ATTRIBUTION)) ? null : idFromYouTubePath(path, inner.getRawQuery());
    }

    /** The first value of {@code name}; parameters are split before decoding so an encoded '&' stays inside its value. */
    private static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
