package app.queued.host;

import app.queued.host.app.HostApp;
import app.queued.host.app.HostConfig;
import app.queued.host.player.PlayerPage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Measures the host app's memory with a big queue: the real app in a real window (run it under Xvfb), its own
 * PostgreSQL and Redis, and guests in a second JVM that fill the queue with N tracks and votes. Prints the JVM's RSS,
 * heap after GC, and the RSS of the app's PostgreSQL and Redis processes.
 *
 * With a fourth argument, that many web guests (phones: tabs of a headless Chromium, in their own processes) join
 * through the page the host serves before the measurement.
 *
 * <p>With {@code --hold} after the numbers, it then prints {@code PARTY <address> <code>} and keeps the party open
 * until its standard input ends, for other apps to join ({@code installers/measure-start.sh}).
 *
 * <p>Usage (test class path): {@code MeasureMemory [tracks=200] [guests=10] [votes=1000] [webGuests=0] [--hold]}
 */
public final class MeasureMemory {
    private MeasureMemory() {
    }

    public static void main(String[] args) throws Exception {
        int tracks = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int guests = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int votes = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int webGuests = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        boolean hold = java.util.Arrays.asList(args).contains("--hold");
        Path home = Files.createTempDirectory("queued-memory");
        HostConfig config = new HostConfig(home, "127.0.0.1", 0, false, PlayerPage.YOUTUBE_API, Map.of(),
                settings -> new SyntheticCatalog(), Map.of(), "Memory", HostConfig.AutoQuit.NEVER, false, true,
                url -> { }, () -> { });
        CompletableFuture<HostApp> started = new CompletableFuture<>();
        Platform.startup(() -> {
            HostApp app = new HostApp(config);
            app.show(new Stage());
            started.complete(app);
        });
        HostApp app = started.get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (app.roomOpenMillis() < 0) {
            check(deadline, "room did not open");
            Thread.sleep(100);
        }
        String code = onFx(() -> app.party().joinCodeProperty().get().replace(" ", ""));
        int port = app.running().server().port();
        Process fill = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FillQueue.class.getName(),
                "ws://127.0.0.1:" + port, code, Integer.toString(tracks), Integer.toString(guests),
                Integer.toString(votes)).redirectErrorStream(true).start();
        Process phones = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(fill.getInputStream()))) {
            awaitLine(out, "FILLED", deadline, "guests did not fill the queue");
            while (onFx(() -> app.party().queueSizeProperty().get()) < tracks) {
                check(deadline, "the host did not show " + tracks + " tracks");
                Thread.sleep(100);
            }
            if (webGuests > 0) {
                phones = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), "app.queued.host.webguest.PhoneCrowd",
                        "http://127.0.0.1:" + port + "/#code=" + code, Integer.toString(webGuests))
                        .redirectErrorStream(true).start();
                awaitLine(new BufferedReader(new InputStreamReader(phones.getInputStream())), "PHONES",
                        System.nanoTime() + TimeUnit.SECONDS.toNanos(60L + 5L * webGuests),
                        webGuests + " web guests did not join");
            }
            Thread.sleep(3000); // let the last row animations finish before measuring
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(300);
            }
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
            long postgres = 0;
            long redis = 0;
            long postmaster = Long.parseLong(Files.readAllLines(home.resolve("postgres/postmaster.pid")).get(0).strip());
            for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
                boolean pg = p.pid() == postmaster
                        || p.parent().map(pp -> pp.pid() == postmaster).orElse(false);
                boolean rd = p.parent().map(pp -> pp.pid() == ProcessHandle.current().pid()).orElse(false)
                        && p.info().command().orElse("").contains("redis-server");
                if (pg) {
                    postgres += rss(p.pid());
                } else if (rd) {
                    redis += rss(p.pid());
                }
            }
            System.out.printf("QUEUE %d tracks shown, %d guests, %d votes, %d web guests connected%n",
                    onFx(() -> app.party().queueSizeProperty().get()), guests, votes, webGuests);
            System.out.printf("HOST JVM RSS %.0f MiB; heap used after GC %.1f MiB (committed %.0f MiB); non-heap %.0f MiB%n",
                    rss(ProcessHandle.current().pid()) / 1024.0, heap.getUsed() / 1048576.0,
                    heap.getCommitted() / 1048576.0, nonHeap.getUsed() / 1048576.0);
            System.out.printf("POSTGRES RSS %.0f MiB (postmaster + backends, shared pages counted per process); "
                    + "REDIS RSS %.0f MiB%n", postgres / 1024.0, redis / 1024.0);
            if (hold) {
                System.out.println("PARTY 127.0.0.1:" + port + " " + code);
                System.out.flush();
                while (System.in.read() >= 0) {
                    // until whoever started us closes our input
                }
            }
        } finally {
            if (phones != null) {
                phones.descendants().forEach(ProcessHandle::destroy);
                phones.destroy();
            }
            fill.destroy();
            Platform.runLater(app::quit);
            app.stopped().get(60, TimeUnit.SECONDS);
            Platform.exit();
        }
    }

    private static void awaitLine(BufferedReader out, String prefix, long deadline, String what) throws Exception {
        String line;
        while ((line = out.readLine()) != null && !line.startsWith(prefix)) {
            System.out.println("  " + line);
            check(deadline, what);
        }
        if (line == null) {
            throw new IllegalStateException(what + ": the process ended");
        }
    }

    private static void check(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(what + " in time");
        }
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(read.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    /** VmRSS in KiB from /proc (Linux). */
    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (Exception e) {
            // gone
        }
        return 0;
    }
}
