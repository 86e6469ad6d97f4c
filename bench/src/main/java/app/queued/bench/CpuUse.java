package app.queued.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the machine's CPU went during a run (Linux /proc): this load generator, the server process with its
 * PostgreSQL and Redis, and everything else (other programs on a shared machine). On other systems, nothing.
 */
final class CpuUse {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    /** A reading; {@code valid} false where /proc is not available. */
    record Sample(long nanos, long busy, long bench, long server, boolean valid) {
    }

    /** CPU cores used on average between two samples. */
    record Cores(double bench, double server, double others, double machineBusy, boolean valid) {
    }

    private CpuUse() {
    }

    static Sample sample(ServerProcess server) {
        return sample(server == null ? List.of() : server.processes().stream().map(ProcessHandle::pid).toList());
    }

    static Sample sample(List<Long> serverPids) {
        long now = System.nanoTime();
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(cpu[i]);
                }
            }
            long bench = ticks(ProcessHandle.current().pid());
            long server = 0;
            for (long pid : serverPids) {
                server += ticks(pid);
            }
            return new Sample(now, busy, bench, server, true);
        } catch (IOException | RuntimeException e) {
            return new Sample(now, 0, 0, 0, false);
        }
    }

    static Cores between(Sample a, Sample b) {
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        if (!a.valid() || !b.valid() || seconds <= 0) {
            return new Cores(0, 0, 0, 0, false);
        }
        double scale = 1.0 / (seconds * TICKS_PER_SECOND);
        double bench = (b.bench() - a.bench()) * scale;
        double server = Math.max(0, (b.server() - a.server()) * scale);
        double busy = (b.busy() - a.busy()) * scale;
        return new Cores(round(bench), round(server), round(Math.max(0, busy - bench - server)), round(busy), true);
    }

    /**
     * Waits (at most {@code timeoutS}) until other programs use less than {@code maxCores} over a 2-second window,
     * so that a run on a shared machine starts when it is quiet. Returns the last window's reading.
     */
    static Cores awaitQuiet(List<Long> serverPids, double maxCores, double timeoutS) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (timeoutS * 1e9);
        Cores last;
        do {
            Sample a = sample(serverPids);
            Thread.sleep(2000);
            last = between(a, sample(serverPids));
            if (!last.valid() || last.others() < maxCores) {
                return last;
            }
            System.err.printf(java.util.Locale.ROOT, "[bench] other programs use %.2f cores; waiting for quiet%n",
                    last.others());
        } while (System.nanoTime() < deadline);
        return last;
    }

    /** The same reading with the server's share measured otherwise (the other programs' share follows). */
    static Cores withServer(Cores cores, double server) {
        if (!cores.valid()) {
            return cores;
        }
        return new Cores(cores.bench(), round(server), round(Math.max(0, cores.machineBusy() - cores.bench() - server)),
                cores.machineBusy(), true);
    }

    /** CPU ticks of each group of processes (a node, the shared storage). */
    static long[] ticks(List<List<Long>> groups) {
        long[] ticks = new long[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            for (long pid : groups.get(i)) {
                ticks[i] += ticks(pid);
            }
        }
        return ticks;
    }

    /** Cores each group used between two {@link #ticks(List)} readings {@code nanos} apart. */
    static double[] cores(long[] before, long[] after, long nanos) {
        double[] cores = new double[before.length];
        double scale = 1.0 / (nanos / 1e9 * TICKS_PER_SECOND);
        for (int i = 0; i < cores.length; i++) {
            cores[i] = round(Math.max(0, after[i] - before[i]) * scale);
        }
        return cores;
    }

    /** The machine's load averages (1, 5, 15 min) as /proc/loadavg says, or "" elsewhere. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    /** utime + stime of one process (and, for exited children it waited for, theirs). */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0; // gone
        }
    }
}
