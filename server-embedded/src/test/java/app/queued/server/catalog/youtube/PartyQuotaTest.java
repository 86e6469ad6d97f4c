package app.queued.server.catalog.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.CatalogEntry;
import app.queued.server.testing.TestStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A scripted party of 200 searches and 500 adds, run once without and once with the cache, measured at the stub
 * server: the numbers quoted in the closing note. Deterministic (fixed seed, one guest at a time).
 */
class PartyQuotaTest {
    static final String KEY = YouTubeCatalogTest.KEY;
    static final int SONGS = 60;
    static final int RESULTS_PER_SONG = 20;
    static final int PASTE_ONLY = 120;

    record Measured(int searchCalls, int videoCalls, long units) {
        int calls() {
            return searchCalls + videoCalls;
        }
    }

    @Test
    void scriptedPartyWithAndWithoutCache() throws Exception {
        Measured without = party(false);
        Measured with = party(true);
        String report = String.format(Locale.ROOT, """
                Scripted party: 200 searches (60 songs, Zipf-distributed, typed in varying case/spacing) and 500 adds
                (60 %% search results, 25 %% pasted links to 120 other videos, 15 %% re-adds), measured at the stub.
                                 search.list  videos.list  API calls  quota units
                without cache    %11d  %11d  %9d  %11d
                with cache       %11d  %11d  %9d  %11d
                saving: %.1f %% of the units, %.1f %% of the calls
                """, without.searchCalls(), without.videoCalls(), without.calls(), without.units(),
                with.searchCalls(), with.videoCalls(), with.calls(), with.units(),
                100.0 * (without.units() - with.units()) / without.units(),
                100.0 * (without.calls() - with.calls()) / without.calls());
        System.out.println(report);
        Files.writeString(Path.of("target", "youtube-party-quota.txt"), report);

        assertThat(without.units()).isEqualTo(200L * 101 + 500);
        assertThat(with.units()).as("far better than halving").isLessThan(without.units() / 3);
    }

    private Measured party(boolean cached) throws Exception {
        try (FakeYouTube yt = new FakeYouTube()) {
            yt.requiredKey = KEY;
            List<List<String>> songResults = new ArrayList<>();
            for (int s = 0; s < SONGS; s++) {
                List<String> ids = new ArrayList<>();
                for (int r = 0; r < RESULTS_PER_SONG; r++) {
                    String id = String.format("s%02dr%02dvid00", s, r);
                    yt.video(id).title("Song " + s + " take " + r).add();
                    ids.add(id);
                }
                yt.searchResults("song number " + s, ids.toArray(String[]::new));
                songResults.add(ids);
            }
            List<String> pasteOnly = new ArrayList<>();
            for (int p = 0; p < PASTE_ONLY; p++) {
                String id = String.format("paste%03dvid", p);
                yt.video(id).title("Pasted " + p).add();
                pasteOnly.add(id);
            }
            YouTubeCatalog.Builder builder = YouTubeCatalog.builder(YouTubeCredentials.apiKeyOnly(KEY))
                    .rootUrl(yt.rootUrl()).region("US").retentionPeriod(null);
            if (cached) {
                builder.redis(TestStorage.get().redisUrl(), TestStorage.newRedisPrefix());
            }
            YouTubeCatalog catalog = builder.build();
            try {
                Random random = new Random(20261127);
                List<String> searchedIds = new ArrayList<>();
                List<String> added = new ArrayList<>();
                int searches = 0;
                int adds = 0;
                // a party: searches and adds interleave, 2 searches for every 5 adds
                while (searches < 200 || adds < 500) {
                    if (searches < 200 && (adds >= 500 || random.nextInt(7) < 2 || searchedIds.isEmpty())) {
                        int song = zipf(random, SONGS);
                        String typed = variant(random, "song number " + song);
                        List<CatalogEntry> results = catalog.search(typed, 15);
                        assertThat(results).hasSize(15);
                        results.forEach(e -> searchedIds.add(e.videoId()));
                        searches++;
                    } else if (adds < 500) {
                        int kind = random.nextInt(100);
                        String id;
                        if (kind < 60 || added.isEmpty()) {
                            id = searchedIds.get(searchedIds.size() - 1 - random.nextInt(Math.min(15, searchedIds.size())));
                        } else if (kind < 85) {
                            id = pasteOnly.get(zipf(random, PASTE_ONLY));
                        } else {
                            id = added.get(random.nextInt(added.size()));
                        }
                        assertThat(catalog.lookup(id).videoId()).isEqualTo(id);
                        added.add(id);
                        adds++;
                    }
                }
                assertThat(catalog.quota().unitsUsedToday()).as("the meter agrees with the stub").isEqualTo(yt.units.get());
                return new Measured(yt.searchCalls.get(), yt.videoCalls.get(), yt.units.get());
            } finally {
                catalog.close();
            }
        }
    }

    /** Popular songs are asked for much more often (Zipf, s = 1). */
    private static int zipf(Random random, int n) {
        double total = 0;
        for (int k = 1; k <= n; k++) {
            total += 1.0 / k;
        }
        double x = random.nextDouble() * total;
        for (int k = 1; k <= n; k++) {
            x -= 1.0 / k;
            if (x <= 0) {
                return k - 1;
            }
        }
        return n - 1;
    }

    private static String variant(Random random, String query) {
        return switch (random.nextInt(4)) {
            case 0 -> query.toUpperCase(Locale.ROOT);
            case 1 -> "  " + query.replace(" ", "  ") + " ";
            case 2 -> Character.toUpperCase(query.charAt(0)) + query.substring(1);
            default -> query;
        };
    }
}
