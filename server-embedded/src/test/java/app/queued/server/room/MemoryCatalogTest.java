package app.queued.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.protocol.CatalogEntry;
import app.queued.protocol.Codec;
import app.queued.protocol.Request;
import app.queued.protocol.Results;
import app.queued.protocol.ServerMessage;
import app.queued.server.catalog.DemoCatalog;
import app.queued.server.catalog.TrackCatalog;
import app.queued.server.testing.RawClient;
import app.queued.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A catalog that answers from memory (the demo catalog) is not fenced off like YouTube: a burst of adds bigger than
 * the catalog pool's threads and queue is answered, not refused "slow to answer" (that refusal reached
 * ConcurrentVotesTest on a busy machine). The catalog here holds its answers until the whole burst was sent, which
 * on the bounded pool refused every add beyond its threads and queue.
 */
class MemoryCatalogTest {
    private static final int BURST = RoomService.CATALOG_THREADS + RoomService.CATALOG_QUEUE + 10;

    /** The demo catalog, holding each lookup until released: a busy machine, made certain. */
    private static final class HeldDemoCatalog implements TrackCatalog {
        private final DemoCatalog demo = new DemoCatalog();
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger waiting = new AtomicInteger();
        private volatile boolean holding;

        @Override
        public String name() {
            return demo.name();
        }

        @Override
        public boolean answersFromMemory() {
            return true;
        }

        @Override
        public CatalogEntry lookup(String videoId) {
            if (!holding) {
                return demo.lookup(videoId);
            }
            waiting.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return demo.lookup(videoId);
        }

        @Override
        public List<CatalogEntry> search(String query, int limit) {
            return demo.search(query, limit);
        }
    }

    @Test
    void aBurstOfAddsBeyondTheCatalogPoolIsAnsweredNotRefused() {
        HeldDemoCatalog catalog = new HeldDemoCatalog();
        List<String> videos = catalog.demo.search("", BURST).stream().map(CatalogEntry::videoId).toList();
        try (TestServer server = TestServer.start(catalog, UnaryOperator.identity())) {
            Results.RoomCreated room = server.createRoom("Burst");
            RawClient guest = RawClient.guest(server.uri(), room.joinCode(), "Ana");
            try {
                ServerMessage first = guest.request(new Request.Add(guest.nextId(), videos.get(0)));
                long track = Codec.result((ServerMessage.Ack) first, Results.Added.class).trackId();
                catalog.holding = true;
                List<String> ids = new ArrayList<>();
                for (int i = 1; i <= BURST; i++) {
                    Request.Add add = new Request.Add(guest.nextId(), videos.get(i % videos.size()));
                    ids.add(add.requestId());
                    guest.sendRaw(Codec.write(add));
                }
                // the connection's frames are read in order: once a vote sent after the burst is answered, every
                // add of the burst was handed to a pool (or refused) while all lookups were still held
                assertThat(guest.request(new Request.Vote(guest.nextId(), track, 1)))
                        .isInstanceOf(ServerMessage.Ack.class);
                catalog.release.countDown();
                List<String> refusedSlow = new ArrayList<>();
                for (String id : ids) {
                    if (guest.awaitReply(id) instanceof ServerMessage.Error error
                            && error.message().contains("slow to answer")) {
                        refusedSlow.add(id);
                    }
                }
                assertThat(refusedSlow).as("adds refused as if the catalog were a slow network").isEmpty();
            } finally {
                guest.close();
            }
        }
    }
}
