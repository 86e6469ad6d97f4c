package app.queued.server.catalog.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.CatalogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Concurrent identical searches and look-ups collapse into one API call (no cache involved). */
class SingleFlightTest {
    static final String KEY = YouTubeCatalogTest.KEY;

    @Test
    void concurrentIdenticalSearchesMakeOneCall() throws Exception {
        try (FakeYouTube yt = new FakeYouTube()) {
            for (int i = 0; i < 5; i++) {
                yt.video(String.format("popsongxx%02d", i)).title("Pop song " + i).add();
            }
            java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
            yt.gate = gate; // the first call stays out until every caller has arrived
            YouTubeCatalog catalog = YouTubeCatalog.builder(YouTubeCredentials.apiKeyOnly(KEY))
                    .rootUrl(yt.rootUrl()).retentionPeriod(null).build();
            ExecutorService pool = Executors.newFixedThreadPool(12);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<CatalogEntry>>> searches = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    String variant = i % 2 == 0 ? "Pop Song" : "  pop   song";
                    searches.add(pool.submit(() -> {
                        go.await();
                        return catalog.search(variant, 15);
                    }));
                }
                List<Future<CatalogEntry>> lookups = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    lookups.add(pool.submit(() -> {
                        go.await();
                        return catalog.lookup("popsongxx04");
                    }));
                }
                go.countDown();
                FakeYouTube.awaitCondition(() -> yt.atGate.get() == 2 && catalog.callersWaiting() == 10,
                        "one search and one look-up at YouTube, 9 + 1 callers waiting for them");
                assertThat(yt.searchCalls.get()).isEqualTo(1);
                yt.gate = null;
                gate.countDown();
                List<CatalogEntry> first = searches.get(0).get(10, TimeUnit.SECONDS);
                assertThat(first).hasSize(5);
                for (Future<List<CatalogEntry>> f : searches) {
                    assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(first);
                }
                for (Future<CatalogEntry> f : lookups) {
                    assertThat(f.get(10, TimeUnit.SECONDS).videoId()).isEqualTo("popsongxx04");
                }
                assertThat(yt.searchCalls.get()).isEqualTo(1);
                // one videos.list for the search, one for the two concurrent look-ups (no cache here)
                assertThat(yt.videoCalls.get()).isEqualTo(2);
            } finally {
                pool.shutdownNow();
                catalog.close();
            }
        }
    }

    @Test
    void failuresAreSharedAndNotRemembered() throws Exception {
        SingleFlight<String, String> flight = new SingleFlight<>();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<String> leader = pool.submit(() -> flight.run("k", () -> {
                runs.incrementAndGet();
                inside.countDown();
                await(release);
                throw new IllegalStateException("boom");
            }));
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
            Future<String> follower = pool.submit(() -> flight.run("k", () -> {
                runs.incrementAndGet();
                return "second";
            }));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (flight.waiting() != 1) {
                assertThat(System.nanoTime()).as("follower waits on the leader").isLessThan(deadline);
                Thread.onSpinWait();
            }
            release.countDown();
            assertThat(catchCause(leader)).hasMessage("boom");
            Object followerOutcome;
            try {
                followerOutcome = follower.get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                followerOutcome = e.getCause().getMessage();
            }
            assertThat(followerOutcome).isEqualTo("boom");
            assertThat(runs.get()).isEqualTo(1);
            assertThat(flight.run("k", () -> "fresh")).as("nothing is remembered").isEqualTo("fresh");
            assertThat(flight.inFlight()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    private static Throwable catchCause(Future<?> f) throws Exception {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
