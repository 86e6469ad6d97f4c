package app.queued.guest.app;

import app.queued.fx.UiThread;
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
import com.sun.javafx.perf.PerformanceTracker;
import com.sun.javafx.tk.RenderJob;
import com.sun.javafx.tk.Toolkit;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

import static app.queued.guest.testing.GuestTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long from another guest's vote until this window shows the new order, painted. The other guest (a real
 * client) votes; the vote goes through the real server (PostgreSQL commit with fsync, then broadcast) to the app's
 * client library, over to the FX thread, through the view model into the queue's row nodes, into the next frame, and
 * through the renderer onto the (headless Monocle) screen. Each vote flips the order of two tracks, and the next vote
 * waits until the previous one was painted. The first {@value #WARM_UP} votes warm up the JIT and are not counted.
 *
 * <p>The clocks, each from the moment the vote is sent (all {@link System#nanoTime()} in this one JVM):
 * <ol>
 *   <li><b>ack</b>: the voter's own ack arrived (the commit; for comparison).</li>
 *   <li><b>client</b>: this window's client library handed the new room state to the app, which asked for the FX
 *       thread (the frame was received, parsed and applied by the library).</li>
 *   <li><b>FX thread</b>: that task started on the FX thread.</li>
 *   <li><b>scene graph</b>: the rows stood in the new order (view model updated, rows re-ordered).</li>
 *   <li><b>FX task done</b>: the task returned (includes the list's own CSS/layout pass that starts the slide).</li>
 *   <li><b>layout</b>: the end of CSS and layout of the next pulse (its post-layout pulse listener).</li>
 *   <li><b>rendered</b>: the renderer finished that pulse's frame (a render job queued behind it ran; the render
 *       thread is one thread that runs its jobs in order).</li>
 *   <li><b>painted</b>: that frame's pixels were put on the screen. With Monocle the renderer hands the pixels to
 *       the FX thread, which uploads them to the screen; a task queued behind that upload stops this clock.</li>
 * </ol>
 * Also written: GC time during the counted votes, and the CPU time of the FX, render and pulse-timer threads while
 * the votes ran and while the window stood idle. Results go to the test output and {@code target/vote-latency.txt}.
 * A measurement, not a timed assertion: the test fails only when a vote never shows.
 */
class VoteLatencyTest {
    static final int VOTES = 200;
    static final int WARM_UP = 20;
    static final long IDLE_MS = 5_000;
    static final Set<String> FX_THREADS = Set.of("JavaFX Application Thread", "QuantumRenderer-0", "Monocle Timer");

    static {
        GuestTesting.likeGuestMain(); // the pulse the app runs with (FramePacing), before the toolkit starts
    }

    @RegisterExtension
    static final PartyServer server = PartyServer.plain();

    private final HopClock hops = new HopClock();

    @RegisterExtension
    final FxAppExtension<GuestApp> window = FxAppExtension.of((stage, home) -> {
        GuestApp app = new GuestApp(stage, GuestTesting.config(home, RoomSource.off()), hops);
        app.start();
        return app;
    });

    /** When the app last asked for the FX thread from another thread, and when that task started and ended. */
    static final class HopClock implements UiThread {
        volatile long askedAt;
        volatile long startedAt;
        volatile long endedAt;

        @Override
        public void run(Runnable task) {
            if (Platform.isFxApplicationThread()) {
                task.run();
                return;
            }
            long asked = System.nanoTime();
            UiThread.fx().run(() -> {
                askedAt = asked;
                startedAt = System.nanoTime();
                endedAt = 0;
                try {
                    task.run();
                } finally {
                    endedAt = System.nanoTime();
                }
            });
        }
    }

    /** One vote's clocks, in nanoTime. */
    private static final class Shown {
        long asked;
        long started;
        long reordered;
        long taskEnded;
        long laidOut;
        long rendered;
        long painted;
    }

    @Test
    void anotherGuestsVoteReordersThisWindowWithinABeat(FxRobot robot) throws Exception {
        Results.RoomCreated room = server.createRoom("Stopwatch");
        try (OtherGuest bo = OtherGuest.join(server.uri(), room.joinCode(), "Bo")) {
            long a = bo.add("fJ9rUzIMcZQ");
            long b = bo.add("dQw4w9WgXcQ");
            JoinSteps.join(robot, window.app(), "127.0.0.1:" + server.server().port(), room.joinCode(), "Ana");
            eventually().until(() -> Fx.get(() -> window.app().partyView().queueList().shownOrder()).equals(List.of(a, b)));

            AtomicReference<List<Long>> expected = new AtomicReference<>(List.of());
            AtomicReference<Shown> pending = new AtomicReference<>();
            BlockingQueue<Shown> shown = new LinkedBlockingQueue<>();
            Fx.run(() -> {
                QueueList list = window.app().partyView().queueList();
                list.getChildren().addListener((ListChangeListener<Node>) change -> {
                    if (list.shownOrder().equals(expected.get()) && pending.get() == null) {
                        Shown s = new Shown();
                        s.reordered = System.nanoTime();
                        s.asked = hops.askedAt;
                        s.started = hops.startedAt;
                        pending.set(s);
                    }
                });
                list.getScene().addPostLayoutPulseListener(() -> {
                    Shown s = pending.getAndSet(null);
                    if (s == null) {
                        return;
                    }
                    s.laidOut = System.nanoTime();
                    s.taskEnded = hops.endedAt;
                    // Runs after this pulse, whose last step queued its frame on the render thread; a render job
                    // queued now runs when that frame is rendered, and the frame's pixels were then handed to the FX
                    // thread for the screen, so a task queued from there runs right after the upload.
                    Platform.runLater(() -> Toolkit.getToolkit().addRenderJob(new RenderJob(() -> {
                        s.rendered = System.nanoTime();
                        Platform.runLater(() -> {
                            s.painted = System.nanoTime();
                            shown.add(s);
                        });
                    })));
                });
            });

            // frames the renderer finished, and pulses, of this window's scene (JavaFX's own counters' hooks)
            AtomicLong frames = new AtomicLong();
            AtomicLong pulses = new AtomicLong();
            Fx.run(() -> {
                PerformanceTracker tracker = PerformanceTracker.getSceneTracker(
                        window.app().partyView().queueList().getScene());
                tracker.setOnRenderedFrameTask(frames::incrementAndGet);
                tracker.setOnPulse(pulses::incrementAndGet);
            });
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            List<Long> fxThreadIds = fxThreadIds();
            long[] perThreadBefore = new long[fxThreadIds.size()];
            long framesBefore = 0;
            long pulsesBefore = 0;
            Clocks clocks = new Clocks();
            long cpuBefore = 0;
            long wallBefore = 0;
            for (int i = 0; i < WARM_UP + VOTES; i++) {
                if (i == WARM_UP) {
                    cpuBefore = cpuTime(threads, fxThreadIds);
                    for (int t = 0; t < fxThreadIds.size(); t++) {
                        perThreadBefore[t] = threads.getThreadCpuTime(fxThreadIds.get(t));
                    }
                    framesBefore = frames.get();
                    pulsesBefore = pulses.get();
                    wallBefore = System.nanoTime();
                }
                boolean bAhead = i % 2 == 0;
                expected.set(bAhead ? List.of(b, a) : List.of(a, b));
                long gcBefore = gcMillis();
                long sent = System.nanoTime();
                CompletableFuture<Long> acked = bo.voteAsync(b, bAhead ? Protocol.UP : Protocol.DOWN)
                        .thenApply(x -> System.nanoTime());
                Shown s = shown.poll(10, TimeUnit.SECONDS);
                assertThat(s).as("vote %d shown in the window", i).isNotNull();
                long ack = acked.get(10, TimeUnit.SECONDS);
                if (i >= WARM_UP) {
                    clocks.add(sent, ack, s, gcMillis() - gcBefore);
                }
            }
            long cpuVoting = cpuTime(threads, fxThreadIds) - cpuBefore;
            long wallVoting = System.nanoTime() - wallBefore;
            long framesVoting = frames.get() - framesBefore;
            long pulsesVoting = pulses.get() - pulsesBefore;
            StringBuilder perThread = new StringBuilder();
            for (int t = 0; t < fxThreadIds.size(); t++) {
                perThread.append(String.format(Locale.ROOT, "%s%s %.0f ms", t == 0 ? "" : ", ",
                        threads.getThreadInfo(fxThreadIds.get(t)).getThreadName(),
                        (threads.getThreadCpuTime(fxThreadIds.get(t)) - perThreadBefore[t]) / 1e6));
            }

            // idle: the last slide ends, then the window has nothing to do
            eventually().until(() -> !Fx.get(() -> window.app().partyView().queueList().moving()));
            long idleCpuBefore = cpuTime(threads, fxThreadIds);
            long idleWallBefore = System.nanoTime();
            Thread.sleep(IDLE_MS); // measuring an interval of idleness, not waiting for a condition
            long cpuIdle = cpuTime(threads, fxThreadIds) - idleCpuBefore;
            long wallIdle = System.nanoTime() - idleWallBefore;

            String report = clocks.report()
                    + String.format(Locale.ROOT,
                    "  CPU of the FX, render and pulse-timer threads: %.1f ms per second while voting "
                            + "(%.2f ms per vote), %.1f ms per second idle%n",
                    cpuVoting / 1e6 / (wallVoting / 1e9), cpuVoting / 1e6 / VOTES,
                    cpuIdle / 1e6 / (wallIdle / 1e9))
                    + String.format(Locale.ROOT, "  while voting (%.1f s): %d frames rendered, %d pulses; CPU %s%n",
                    wallVoting / 1e9, framesVoting, pulsesVoting, perThread)
                    + String.format(Locale.ROOT, "  (javafx.animation.pulse=%s, GC %s, %d processors)%n",
                    System.getProperty("javafx.animation.pulse", "default"), gcNames(),
                    Runtime.getRuntime().availableProcessors());
            System.out.print(report);
            write(report);
        }
    }

    /** The samples of all counted votes. */
    private static final class Clocks {
        final List<Long> ack = new ArrayList<>();
        final List<Long> client = new ArrayList<>();
        final List<Long> fxStart = new ArrayList<>();
        final List<Long> scene = new ArrayList<>();
        final List<Long> fxDone = new ArrayList<>();
        final List<Long> layout = new ArrayList<>();
        final List<Long> rendered = new ArrayList<>();
        final List<Long> painted = new ArrayList<>();
        final List<Long> hop = new ArrayList<>();
        final List<Long> pulseWait = new ArrayList<>();
        final List<Long> render = new ArrayList<>();
        final List<Long> gcMillis = new ArrayList<>();

        void add(long sent, long ackAt, Shown s, long gc) {
            ack.add(ackAt - sent);
            client.add(s.asked - sent);
            fxStart.add(s.started - sent);
            scene.add(s.reordered - sent);
            fxDone.add(s.taskEnded - sent);
            layout.add(s.laidOut - sent);
            rendered.add(s.rendered - sent);
            painted.add(s.painted - sent);
            hop.add(s.started - s.asked);
            pulseWait.add(s.laidOut - s.taskEnded);
            render.add(s.painted - s.laidOut);
            gcMillis.add(gc);
        }

        String report() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                    "Vote by another guest -> this window's queue in the new order, painted; %d votes (after %d "
                            + "warm-up), real server on PostgreSQL (fsync on) + Redis, loopback%n"
                            + "  from the vote being sent to          median     p99      max (ms)%n", VOTES, WARM_UP));
            line(out, "the voter's own ack (the commit)", ack);
            line(out, "client library handed it to the app", client);
            line(out, "task started on the FX thread", fxStart);
            line(out, "rows reordered in the scene graph", scene);
            line(out, "FX task done (list laid out)", fxDone);
            line(out, "next pulse's layout done", layout);
            line(out, "that frame rendered", rendered);
            line(out, "that frame painted on the screen", painted);
            out.append("  segments\n");
            line(out, "runLater hop to the FX thread", hop);
            line(out, "FX task done -> pulse laid out", pulseWait);
            line(out, "pulse laid out -> painted", render);
            long withGc = gcMillis.stream().filter(g -> g > 0).count();
            long p99 = percentile(painted, 99);
            long slowWithGc = 0;
            long slow = 0;
            for (int i = 0; i < painted.size(); i++) {
                if (painted.get(i) >= p99) {
                    slow++;
                    if (gcMillis.get(i) > 0) {
                        slowWithGc++;
                    }
                }
            }
            out.append(String.format(Locale.ROOT,
                    "  GC: %d of %d votes saw a collection (%d ms in all); of the %d votes at or above p99 painted, "
                            + "%d did%n", withGc, gcMillis.size(), gcMillis.stream().mapToLong(Long::longValue).sum(),
                    slow, slowWithGc));
            return out.toString();
        }

        private static void line(StringBuilder out, String what, List<Long> samples) {
            out.append(String.format(Locale.ROOT, "  %-38s %7.2f %7.2f %8.2f%n", what,
                    ms(percentile(samples, 50)), ms(percentile(samples, 99)), ms(Collections.max(samples))));
        }
    }

    static long percentile(List<Long> samples, int p) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static List<Long> fxThreadIds() {
        List<Long> ids = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (FX_THREADS.contains(t.getName())) {
                ids.add(t.getId());
            }
        }
        return ids;
    }

    private static long cpuTime(ThreadMXBean threads, List<Long> ids) {
        long sum = 0;
        for (long id : ids) {
            long t = threads.getThreadCpuTime(id);
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private static String gcNames() {
        List<String> names = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            names.add(gc.getName());
        }
        return String.join("/", names);
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
