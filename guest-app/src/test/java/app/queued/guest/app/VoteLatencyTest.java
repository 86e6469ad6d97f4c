package app.queued.guest.app;

import app.queued.fx.testing.FxAppExtension;
import app.queued.guest.discovery.RoomSource;
import app.queued.guest.room.QueueList;
import app.queued.guest.testing.Fx;
import app.queued.guest.testing.GuestTesting;
import app.queued.guest.testing.JoinSteps;
import app.queued.guest.testing.OtherGuest;
import app.queued.guest.testing.PartyServer;
import app.queued.protocol.Protocol;
import app.queued.protocol.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

import static app.queued.guest.testing.GuestTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long from another guest's vote until this window's queue shows the new order. The other guest (a real client)
 * votes; the vote goes through the real server (PostgreSQL commit, then broadcast) to the app's client, its view
 * model and the queue's row nodes. Two clocks stop: when the rows stand in the new order in the scene graph, and
 * when the next frame's layout is done (the frame that paints it). Each vote flips the order of two tracks, and the
 * next vote waits until the window showed the previous one. The first {@value #WARM_UP} votes warm up the JIT and
 * are not counted. Results go to the test output and {@code target/vote-latency.txt}.
 */
class VoteLatencyTest {
    static final int VOTES = 200;
    static final int WARM_UP = 20;
    @RegisterExtension
    static final PartyServer server = PartyServer.plain();

    @RegisterExtension
    final FxAppExtension<GuestApp> window = GuestTesting.window(RoomSource.off());

    @Test
    void anotherGuestsVoteReordersThisWindowWithinABeat(FxRobot robot) throws Exception {
        Results.RoomCreated room = server.createRoom("Stopwatch");
        try (OtherGuest bo = OtherGuest.join(server.uri(), room.joinCode(), "Bo")) {
            long a = bo.add("fJ9rUzIMcZQ");
            long b = bo.add("dQw4w9WgXcQ");
            JoinSteps.join(robot, window.app(), "127.0.0.1:" + server.server().port(), room.joinCode(), "Ana");
            eventually().until(() -> Fx.get(() -> window.app().partyView().queueList().shownOrder()).equals(List.of(a, b)));

            AtomicReference<List<Long>> expected = new AtomicReference<>(List.of());
            AtomicLong reorderedAt = new AtomicLong();
            BlockingQueue<long[]> shown = new LinkedBlockingQueue<>();
            Fx.run(() -> {
                QueueList list = window.app().partyView().queueList();
                list.getChildren().addListener((ListChangeListener<Node>) change -> {
                    if (list.shownOrder().equals(expected.get())) {
                        reorderedAt.set(System.nanoTime());
                    }
                });
                list.getScene().addPostLayoutPulseListener(() -> {
                    long at = reorderedAt.getAndSet(0);
                    if (at != 0) {
                        shown.add(new long[] {at, System.nanoTime()});
                    }
                });
            });

            List<Long> reorder = new ArrayList<>();
            List<Long> frame = new ArrayList<>();
            List<Long> ack = new ArrayList<>();
            for (int i = 0; i < WARM_UP + VOTES; i++) {
                boolean bAhead = i % 2 == 0;
                expected.set(bAhead ? List.of(b, a) : List.of(a, b));
                long sent = System.nanoTime();
                java.util.concurrent.CompletableFuture<Long> acked = bo.voteAsync(b, bAhead ? Protocol.UP
                        : Protocol.DOWN).thenApply(x -> System.nanoTime());
                long[] at = shown.poll(10, TimeUnit.SECONDS);
                assertThat(at).as("vote %d shown in the window", i).isNotNull();
                if (i >= WARM_UP) {
                    ack.add(acked.get(10, TimeUnit.SECONDS) - sent);
                    reorder.add(at[0] - sent);
                    frame.add(at[1] - sent);
                }
            }

            String report = String.format(Locale.ROOT,
                    "Vote by another guest -> this window's queue in the new order, %d votes (after %d warm-up), "
                            + "real server on PostgreSQL + Redis, loopback:%n"
                            + "  rows reordered in the scene graph: median %.2f ms, p99 %.2f ms, max %.2f ms%n"
                            + "  frame laid out with the new order: median %.2f ms, p99 %.2f ms, max %.2f ms%n"
                            + "  (for comparison, the voter's own ack, i.e. the commit: median %.2f ms, p99 %.2f ms)%n",
                    VOTES, WARM_UP, ms(percentile(reorder, 50)), ms(percentile(reorder, 99)), ms(max(reorder)),
                    ms(percentile(frame, 50)), ms(percentile(frame, 99)), ms(max(frame)),
                    ms(percentile(ack, 50)), ms(percentile(ack, 99)));
            System.out.print(report);
            write(report);
            // A beat: generous for a shared 2-core machine; the measured numbers are the point.
            assertThat(ms(percentile(frame, 99))).isLessThan(500);
        }
    }

    static long percentile(List<Long> samples, int p) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static long max(List<Long> samples) {
        return Collections.max(samples);
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static void write(String report) throws IOException {
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("vote-latency.txt"), report);
        }
    }
}
