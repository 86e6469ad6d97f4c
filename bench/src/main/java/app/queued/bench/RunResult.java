package app.queued.bench;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The numbers of one run: the JSON fields, the histograms and the points for the charts. */
final class RunResult {
    /** Microseconds; up to 10 minutes, 3 significant digits. */
    private static final long MAX_MICROS = 600_000_000L;
    private static final int SLOWEST = 5;

    final LoadRun.Spec spec;
    final Histogram latency = new Histogram(MAX_MICROS, 3);
    final Histogram ackLatency = new Histogram(MAX_MICROS, 3);
    final Histogram sendLag = new Histogram(MAX_MICROS, 3);
    /** Per measured, fully applied vote: seconds since the first measured vote was due, and latency in ms. */
    final double[] pointT;
    final double[] pointMs;
    final long votesSent;
    final long votesAcked;
    final long votesRefused;
    final long notAppliedEverywhere;
    final double achievedRate;
    final Verifier.Outcome checked;
    final CpuUse.Cores cpu;
    final long sharedParses;
    final Map<String, Long> refusals = new LinkedHashMap<>();
    /** The slowest measured votes to the last screen, slowest first, with the wall-clock time each was due. */
    final List<String> slowest;
    /** The same run against {@link FloorServer}, and PostgreSQL's commit time; null when not measured. */
    Floor floor;

    record Floor(double p50Ms, double p99Ms, double maxMs, CommitFloor.Result commit) {
    }

    private RunResult(LoadRun.Spec spec, List<VoteRecord> votes, Verifier.Outcome checked, CpuUse.Cores cpu,
                      long sharedParses) {
        this.spec = spec;
        this.sharedParses = sharedParses;
        this.checked = checked;
        this.cpu = cpu;
        long sent = 0;
        long acked = 0;
        long refused = 0;
        long notApplied = 0;
        long firstDue = Long.MAX_VALUE;
        long lastAck = Long.MIN_VALUE;
        int points = 0;
        for (VoteRecord vote : votes) {
            if (vote.measured) {
                firstDue = Math.min(firstDue, vote.dueNanos);
            }
        }
        double[] t = new double[votes.size()];
        double[] ms = new double[votes.size()];
        for (VoteRecord vote : votes) {
            if (!vote.measured) {
                continue;
            }
            sent++;
            sendLag.recordValue(Math.max(0, (vote.sentNanos - vote.dueNanos) / 1000));
            if (vote.acked()) {
                acked++;
                lastAck = Math.max(lastAck, vote.ackNanos);
                ackLatency.recordValue(clamp((vote.ackNanos - vote.dueNanos) / 1000));
                if (vote.allAppliedNanos > 0) {
                    long micros = clamp((vote.allAppliedNanos - vote.dueNanos) / 1000);
                    latency.recordValue(micros);
                    t[points] = (vote.dueNanos - firstDue) / 1e9;
                    ms[points] = micros / 1000.0;
                    points++;
                } else {
                    notApplied++;
                }
            } else if (vote.error != null) {
                refused++;
                String code = vote.error.contains(":") ? vote.error.substring(0, vote.error.indexOf(':')) : vote.error;
                refusals.merge(code, 1L, Long::sum);
            }
        }
        this.slowest = slowest(votes);
        this.pointT = java.util.Arrays.copyOf(t, points);
        this.pointMs = java.util.Arrays.copyOf(ms, points);
        this.votesSent = sent;
        this.votesAcked = acked;
        this.votesRefused = refused;
        this.notAppliedEverywhere = notApplied;
        double seconds = acked == 0 ? 0 : (lastAck - firstDue) / 1e9;
        this.achievedRate = seconds <= 0 ? 0 : acked / Math.max(seconds, 1e-3);
    }

    /**
     * The {@value #SLOWEST} slowest measured votes as "HH:mm:ss.SSS screen=..ms ack=..ms": a rare stall is found by
     * its time in the server's log, its GC log and PostgreSQL's log (checkpoints, autovacuum), which all print the
     * wall clock.
     */
    private static List<String> slowest(List<VoteRecord> votes) {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
        return votes.stream()
                .filter(v -> v.measured && v.allAppliedNanos > 0)
                .sorted(Comparator.comparingLong((VoteRecord v) -> v.allAppliedNanos - v.dueNanos).reversed())
                .limit(SLOWEST)
                .map(v -> String.format(Locale.ROOT, "%s screen=%.1fms ack=%.1fms",
                        clock.format(Instant.ofEpochMilli(nowMillis - (nowNanos - v.dueNanos) / 1_000_000)),
                        (v.allAppliedNanos - v.dueNanos) / 1e6, (v.ackNanos - v.dueNanos) / 1e6))
                .toList();
    }

    static RunResult of(LoadRun.Spec spec, List<VoteRecord> votes, Verifier.Outcome checked, CpuUse.Cores cpu,
                        long sharedParses) {
        return new RunResult(spec, votes, checked, cpu, sharedParses);
    }

    /**
     * What a run on shared storage adds: the nodes, the CPU of each node and of PostgreSQL + Redis, each node's
     * counters from {@code /health}, the kill (if any), and the machine's load average before and after.
     */
    record Cluster(int nodes, double[] cpuParts, boolean sharedStorage, Map<String, Object> nodeCounters,
                   double killNodeAtS, long reconnects, String loadBefore, String loadAfter) {
    }

    private Cluster cluster;

    RunResult cluster(Cluster info) {
        this.cluster = info;
        return this;
    }

    private static long clamp(long micros) {
        return Math.max(0, Math.min(MAX_MICROS, micros));
    }

    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : round(h.getValueAtPercentile(percentile) / 1000.0);
    }

    static double maxMs(Histogram h) {
        return h.getTotalCount() == 0 ? 0 : round(h.getMaxValue() / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    double p99Ms() {
        return ms(latency, 99);
    }

    /** Nothing lost, duplicated or diverged, every vote acknowledged and seen on every screen. */
    boolean clean() {
        return checked.lost() == 0 && checked.duplicated() == 0 && checked.divergentClients() == 0
                && votesAcked == votesSent && notAppliedEverywhere == 0;
    }

    /** Exactly the fields of the benchmark's JSON line, in this order. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", spec.scenario());
        m.put("clients", spec.rooms() * spec.clientsPerRoom());
        m.put("tracks", spec.tracks());
        m.put("targetRate", round(spec.rate()));
        m.put("achievedRate", round(achievedRate));
        m.put("durationS", round(spec.durationS()));
        m.put("votesSent", votesSent);
        m.put("votesAcked", votesAcked);
        m.put("lost", checked.lost());
        m.put("duplicated", checked.duplicated());
        m.put("divergentClients", checked.divergentClients());
        m.put("p50Ms", ms(latency, 50));
        m.put("p90Ms", ms(latency, 90));
        m.put("p99Ms", ms(latency, 99));
        m.put("maxMs", maxMs(latency));
        m.put("ackP50Ms", ms(ackLatency, 50));
        m.put("ackP99Ms", ms(ackLatency, 99));
        if (floor != null) {
            m.put("floorP50Ms", floor.p50Ms());
            m.put("floorP99Ms", floor.p99Ms());
            m.put("ratioP50", floor.p50Ms() > 0 ? round(ms(latency, 50) / floor.p50Ms()) : null);
            m.put("ratioP99", floor.p99Ms() > 0 ? round(ms(latency, 99) / floor.p99Ms()) : null);
            if (floor.commit() != null) {
                m.put("commitP50Ms", round(floor.commit().p50Ms()));
                m.put("commitP99Ms", round(floor.commit().p99Ms()));
            }
        }
        if (cluster != null && cluster.sharedStorage()) {
            // runs on shared storage (cluster, hosted) say how many nodes, and what each used
            m.put("nodes", cluster.nodes());
            double[] parts = cluster.cpuParts();
            m.put("cpuCoresPerNode", java.util.Arrays.copyOf(parts, Math.max(0, parts.length - 1)));
            m.put("cpuCoresPostgresRedis", parts.length == 0 ? 0 : parts[parts.length - 1]);
            m.put("fastPathCaughtUp", sum(cluster.nodeCounters(), "fastPathCaughtUp"));
            m.put("fastPathBlocked", sum(cluster.nodeCounters(), "fastPathBlocked"));
            m.put("fastPathCommits", sum(cluster.nodeCounters(), "fastPathCommits"));
            m.put("lockedCommits", sum(cluster.nodeCounters(), "lockedCommits"));
            if (cluster.killNodeAtS() >= 0) {
                m.put("killedNodeAtS", cluster.killNodeAtS());
                m.put("reconnectedScreens", cluster.reconnects());
            }
            m.put("loadAverage", cluster.loadBefore() + " -> " + cluster.loadAfter());
        }
        return m;
    }

    private static long sum(Map<String, Object> nodes, String counter) {
        long total = 0;
        for (Object counters : nodes.values()) {
            if (counters instanceof com.fasterxml.jackson.databind.JsonNode json && json.has(counter)) {
                total += json.get(counter).asLong();
            }
        }
        return total;
    }

    /** What else the run saw, for the report and stderr (not part of the JSON line). */
    Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rooms", spec.rooms());
        m.put("clientsPerRoom", spec.clientsPerRoom());
        m.put("warmupS", spec.warmupS());
        m.put("warmupRate", round(spec.warmupRate()));
        m.put("votesRefused", votesRefused);
        m.put("refusals", refusals);
        m.put("ackedButNotOnEveryScreen", notAppliedEverywhere);
        m.put("p99_9Ms", ms(latency, 99.9));
        m.put("ackP90Ms", ms(ackLatency, 90));
        m.put("ackMaxMs", maxMs(ackLatency));
        m.put("senderLagP99Ms", ms(sendLag, 99));
        m.put("senderLagMaxMs", maxMs(sendLag));
        m.put("slowestVotes", slowest);
        m.put("scoreMismatches", checked.scoreMismatches());
        m.put("seqHoles", checked.seqHoles());
        m.put("laggingClients", checked.laggingClients());
        m.put("gapsSeenByClients", checked.gaps());
        long[] b = checked.batches();
        if (b[0] > 0) {
            m.put("serverTransactions", b[0]);
            m.put("votesPerTransactionMean", round((double) b[1] / b[0]));
            m.put("votesPerTransactionMax", b[2]);
        }
        if (cpu.valid()) {
            m.put("cpuCoresBench", cpu.bench());
            m.put("cpuCoresServer", cpu.server());
            m.put("cpuCoresOtherPrograms", cpu.others());
        }
        if (cluster != null) {
            m.put("nodeCounters", cluster.nodeCounters());
            m.put("loadAverageBefore", cluster.loadBefore());
            m.put("loadAverageAfter", cluster.loadAfter());
        }
        m.put("broadcastCopiesParsedOnce", sharedParses); // see SharedParses
        m.put("notes", checked.notes());
        return m;
    }
}
