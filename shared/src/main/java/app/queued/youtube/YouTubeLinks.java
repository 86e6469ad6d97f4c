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

/** Turns whatever a guest pastes (a bare id or any common YouTube link) into an 11-character video id. */
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
            id = path.size() == 1 ? path.get(0) : null;
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
            return path.get(1);
        }
        return null;
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
