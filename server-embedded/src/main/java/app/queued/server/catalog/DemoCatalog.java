package app.queued.server.catalog;

import app.queued.protocol.CatalogEntry;
import app.queued.protocol.Codec;
import app.queued.protocol.ErrorCode;
import app.queued.protocol.ProtocolException;
import app.queued.youtube.YouTubeLinks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The offline demo catalog: about fifty well-known music videos bundled as a resource, so the app can be tried
 * without a YouTube key. Immutable after construction, hence thread-safe.
 */
public final class DemoCatalog implements TrackCatalog {
    static final String NAME = "Offline demo catalog";
    static final String NOT_IN_CATALOG = "That video is not in the offline demo catalog.";
    private static final String RESOURCE = "/catalog/demo-catalog.json";

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Dropped rather than split on, so "dont" finds "Don't". */
    private static final Pattern APOSTROPHES = Pattern.compile("['\u2019]");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final List<Indexed> entries;
    private final Map<String, CatalogEntry> byId;

    /** Loads the bundled catalog; a broken resource is a packaging bug, so it fails here rather than mid-party. */
    public DemoCatalog() {
        this(load());
    }

    /** A catalog of exactly these entries, in this order (the order breaks ties in search). */
    DemoCatalog(List<CatalogEntry> catalog) {
        Map<String, CatalogEntry> ids = new LinkedHashMap<>();
        for (CatalogEntry entry : catalog) {
            if (ids.put(entry.videoId(), entry) != null) {
                throw new IllegalArgumentException("video " + entry.videoId() + " is listed twice");
            }
        }
        this.byId = Map.copyOf(ids);
        this.entries = ids.values().stream().map(Indexed::of).toList();
    }

    @Override
    public boolean answersFromMemory() {
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CatalogEntry lookup(String videoId) {
        CatalogEntry entry = videoId == null ? null : byId.get(videoId);
        if (entry == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, NOT_IN_CATALOG);
        }
        return entry;
    }

    /**
     * Entries whose title or channel has a word starting with each query word, ignoring case and accents; more
     * query words found in the title rank first, then catalog order. A query without words browses the catalog.
     */
    @Override
    public List<CatalogEntry> search(String query, int limit) {
        List<String> words = words(query == null ? "" : query);
        Stream<Indexed> hits = words.isEmpty()
                ? entries.stream()
                : entries.stream()
                        .filter(e -> e.matchesAll(words))
                        // a stable sort: equal scores keep catalog order
                        .sorted(Comparator.comparingInt((Indexed e) -> e.titleHits(words)).reversed());
        return hits.limit(Math.max(0, limit)).map(Indexed::entry).toList();
    }

    /** Lower-case words without accents: "Beyoncé – Single Ladies" gives [beyonce, single, ladies]. */
    static List<String> words(String text) {
        String unaccented = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        // recompose so scripts that NFD splits into letters (Hangul) compare whole syllables again
        String folded = Normalizer.normalize(unaccented, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        return SEPARATORS.splitAsStream(APOSTROPHES.matcher(folded).replaceAll(""))
                .filter(word -> !word.isEmpty())
                .toList();
    }

    private static List<CatalogEntry> load() {
        try (InputStream in = DemoCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return Arrays.stream(Codec.mapper().readValue(in, DemoTrack[].class)).map(DemoTrack::toEntry).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** One row of the resource file. */
    private record DemoTrack(String videoId, String title, String channel, int durationSeconds) {
        DemoTrack {
            if (!YouTubeLinks.isVideoId(videoId) || title == null || title.isBlank() || channel == null
                    || channel.isBlank() || durationSeconds <= 0) {
                throw new IllegalArgumentException("invalid demo track " + videoId);
            }
        }

        CatalogEntry toEntry() {
            return new CatalogEntry(videoId, title, channel, durationSeconds,
                    "https://i.ytimg.com/vi/" + videoId + "/hqdefault.jpg");
        }
    }

    /** An entry with its words folded once, so a search only compares strings. */
    private record Indexed(CatalogEntry entry, List<String> titleWords, List<String> allWords) {
        static Indexed of(CatalogEntry entry) {
            List<String> title = words(entry.title());
            return new Indexed(entry, title,
                    Stream.concat(title.stream(), words(entry.channel()).stream()).toList());
        }

        boolean matchesAll(List<String> queryWords) {
            return queryWords.stream().allMatch(q -> startsAny(allWords, q));
        }

        int titleHits(List<String> queryWords) {
            return (int) queryWords.stream().filter(q -> startsAny(titleWords, q)).count();
        }

        private static boolean startsAny(List<String> words, String prefix) {
            return words.stream().anyMatch(w -> w.startsWith(prefix));
        }
    }
}
