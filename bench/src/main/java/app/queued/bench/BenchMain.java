package app.queued.bench;

import app.queued.server.StorageOptions;
import app.queued.server.StorageUrls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Queued benchmark: vote-to-every-screen latency, throughput and lost votes. Starts the vote server in its
 * own process (or uses {@code --server}), runs a scenario, prints one JSON line per scenario, appends it to
 * {@code bench-results/results.jsonl} and writes an HTML report next to it.
 */
@Command(name = "queued-bench", mixinStandardHelpOptions = true, version = "queued-bench 0.1",
        description = "Measures how long a vote takes to reach every screen, how many votes per second the server "
                + "sustains, and whether any acknowledged vote was lost.")
public final class BenchMain implements Callable<Integer> {

    /** The scenarios of the benchmark issue; every number can be overridden by a flag. */
    enum Scenario {
        SEED_ROOM("seed-room", 1, 50, 100, 30),
        K6_LIKE("k6-like", 1, 50, 500, 60),
        MAX("max", 1, 50, 1000, 10),
        BIG_ROOM("big-room", 1, 1000, 100, 30),
        MANY_ROOMS("many-rooms", 20, 50, 20, 30),
        /** Low rate, long: a rare stall (a checkpoint, a collection) cannot hide between short runs; watch its max. */
        SOAK("soak", 1, 50, 20, 300),
        SMOKE("smoke", 1, 20, 50, 3),
        /** Under load: cuts, SIGKILL and restart, Redis killed, PostgreSQL stopped 10 s; then the per-vote ledger. */
        FAULTS("faults", 2, 12, 20, 0),
        /** One hot room through three node processes on one shared PostgreSQL and Redis. */
        CLUSTER("cluster", 1, 60, 300, 30),
        /** A hosted Queued: 500 rooms of 20 screens at a vote a second each, on shared storage (1 node by default). */
        HOSTED("hosted", 500, 20, 1, 30);

        final String id;
        final int rooms;
        final int clients;
        final double ratePerRoom;
        final double durationS;

        Scenario(String id, int rooms, int clients, double ratePerRoom, double durationS) {
            this.id = id;
            this.rooms = rooms;
            this.clients = clients;
            this.ratePerRoom = ratePerRoom;
            this.durationS = durationS;
        }

        static Scenario byId(String id) {
            for (Scenario s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            throw new CommandLine.ParameterException(new CommandLine(new BenchMain()),
                    "unknown scenario '" + id + "'; one of seed-room, k6-like, max, big-room, many-rooms, soak, smoke, "
                            + "faults, cluster or hosted");
        }
    }

    @Option(names = "--scenario", split = ",", paramLabel = "NAME",
            description = "seed-room, k6-like, max, big-room, many-rooms, soak, smoke, faults, cluster or hosted; "
                    + "several separated by commas. Default: seed-room.")
    List<String> scenarios = List.of("seed-room");

    @Option(names = "--clients", paramLabel = "N", description = "Guest clients per room (default: the scenario's).")
    Integer clients;

    @Option(names = "--rooms", paramLabel = "N", description = "Rooms (default: the scenario's).")
    Integer rooms;

    @Option(names = "--nodes", paramLabel = "N",
            description = "Vote server processes sharing one PostgreSQL and Redis that the bench starts (cluster: 3, "
                    + "hosted: 1; other scenarios: their own embedded storage unless this is set).")
    Integer nodes;

    @Option(names = "--kill-node-at", paramLabel = "S",
            description = "kill -9 the last node S seconds into the measurement (needs 2+ nodes); its screens "
                    + "reconnect to the others and resume.")
    double killNodeAtS = -1;

    @Option(names = "--tracks", paramLabel = "M", description = "Tracks queued per room. Default: ${DEFAULT-VALUE}.")
    int tracks = 20;

    @Option(names = "--rate", paramLabel = "R", description = "Votes per second per room (default: the scenario's).")
    Double rate;

    @Option(names = "--duration", paramLabel = "S", description = "Measured seconds (default: the scenario's).")
    Double duration;

    @Option(names = "--warmup", paramLabel = "S",
            description = "Seconds of votes before measuring (at the rate, or faster: up to 1,000 votes/s, so the "
                    + "JIT has compiled the hot paths; on two cores its compiler threads stay busy for the first "
                    + "30-45 s of a server's life); they are checked but not counted, and the measurement starts "
                    + "once they have drained. Default: ${DEFAULT-VALUE}.")
    double warmup = 30;

    @Option(names = "--seed", description = "Random seed for who votes on what. Default: ${DEFAULT-VALUE}.")
    long seed = 42;

    @Option(names = "--max", description = "Search for the highest rate whose p99 stays within --max-p99 with "
            + "nothing lost (the max scenario always does).")
    boolean max;

    @Option(names = "--max-p99", paramLabel = "MS", description = "p99 limit of --max. Default: ${DEFAULT-VALUE}.")
    double maxP99 = 100;

    @Option(names = "--max-start", paramLabel = "R", description = "First rate --max tries. Default: ${DEFAULT-VALUE}.")
    double maxStart = 500;

    @Option(names = "--max-limit", paramLabel = "R", description = "Highest rate --max tries. Default: ${DEFAULT-VALUE}.")
    double maxLimit = 40_000;

    @Option(names = "--max-step", paramLabel = "S",
            description = "Measured seconds of each search step of --max. Default: ${DEFAULT-VALUE}.")
    double maxStep = 5;

    @Option(names = "--server", paramLabel = "URI",
            description = "Use this running server (ws://host:port) instead of starting one; with --db-url (and "
                    + "--db-password) of its PostgreSQL, acknowledged votes are checked there.")
    URI server;

    @Option(names = "--admin-token", paramLabel = "T", description = "Admin token of --server (to create rooms).")
    String adminToken;

    /** With --server: its PostgreSQL, to check for lost votes (the same options, and checks, as the server's). */
    @Mixin
    StorageOptions.Database serverDatabase = new StorageOptions.Database();

    @Option(names = "--server-jvm-opt", paramLabel = "OPT",
            description = "Extra JVM option for the server process (repeatable).")
    List<String> serverJvmOptions = new ArrayList<>();

    @Option(names = "--server-arg", paramLabel = "ARG",
            description = "Extra argument for the server (repeatable), e.g. --server-arg=--spacing-us=20.")
    List<String> serverArguments = new ArrayList<>();

    @Option(names = "--jfr", paramLabel = "FILE",
            description = "Record the server process with Java Flight Recorder (profile settings) into FILE.")
    Path jfr;

    @Option(names = "--wait-quiet", paramLabel = "S",
            description = "Before each run, wait up to S seconds until other programs use under 0.25 cores "
                    + "(for shared machines). Default: ${DEFAULT-VALUE} (no wait).")
    double quietWait = 0;

    @Option(names = "--no-floor", negatable = true, description = "Also run each scenario against a bare "
            + "Java-WebSocket server (FloorServer: same clients, no database) and time PostgreSQL's commit, and "
            + "report Queued's latency as a ratio to that floor (--no-floor skips it). Default: ${DEFAULT-VALUE}.")
    boolean floor = true;

    @Option(names = "--out", paramLabel = "DIR", description = "Where results go. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("bench-results");

    private String[] args = new String[0];

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        BenchMain main = new BenchMain();
        main.args = args;
        int code = new CommandLine(main).execute(args);
        if (code != 0) {
            // exec:java ignores a returned code; an exception makes Maven fail
            throw new IllegalStateException("the benchmark failed (exit code " + code + ")");
        }
    }

    @Override
    public Integer call() throws Exception {
        if (server != null && adminToken == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--server needs --admin-token");
        }
        List<String> catalog = demoCatalog();
        for (String id : scenarios) {
            Scenario scenario = Scenario.byId(id.trim());
            runScenario(scenario, catalog);
        }
        return 0;
    }

    private void runScenario(Scenario scenario, List<String> catalog) throws Exception {
        if (scenario == Scenario.FAULTS) {
            runFaults(scenario, catalog);
            return;
        }
        int roomCount = rooms != null ? rooms : scenario.rooms;
        int perRoom = clients != null ? clients : scenario.clients;
        double ratePerRoom = rate != null ? rate : scenario.ratePerRoom;
        double seconds = duration != null ? duration : scenario.durationS;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        ServerProcess child = null;
        List<ServerProcess> cluster = new ArrayList<>();
        SharedStorage storage = null;
        int nodeCount = nodes != null ? nodes
                : scenario == Scenario.CLUSTER ? 3 : scenario == Scenario.HOSTED ? 1 : 0;
        try {
            LoadRun.Target target;
            String serverInfo;
            if (server == null && nodeCount > 0) {
                long t0 = System.nanoTime();
                storage = SharedStorage.start(out.resolve("postgres-" + scenario.id + "-" + stamp + ".log"));
                String token = "bench-" + Long.toHexString(System.nanoTime());
                for (int i = 1; i <= nodeCount; i++) {
                    Path log = out.resolve("server-" + scenario.id + "-" + stamp + "-node" + i + ".log");
                    cluster.add(ServerProcess.startNode(serverJvmOptions, serverArguments, log, storage, "node" + i,
                            token));
                }
                target = new LoadRun.Target(cluster.stream().map(ServerProcess::uri).toList(), token,
                        storage.jdbcUrl(), cluster, storage);
                serverInfo = nodeCount + " app.queued.server.Main node(s), each in its own JVM, on one PostgreSQL and "
                        + "one Redis the bench started (embedded binaries); logs server-" + scenario.id + "-" + stamp
                        + "-node*.log";
                System.err.printf("[bench] %d node(s) ready at %s in %d ms%n", nodeCount, target.uris(),
                        (System.nanoTime() - t0) / 1_000_000);
            } else if (server != null) {
                StorageUrls.Jdbc database = serverDatabase.jdbc();
                target = new LoadRun.Target(server, adminToken, database == null ? null
                        : database.urlWithCredentials(), null);
                serverInfo = "external " + server + (database == null ? " (no database checks)" : "");
            } else {
                List<String> jvm = new ArrayList<>(serverJvmOptions);
                if (jfr != null) {
                    Files.createDirectories(jfr.toAbsolutePath().getParent());
                    jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                            + jfr.toAbsolutePath());
                }
                Path log = out.resolve("server-" + scenario.id + "-" + stamp + ".log");
                long t0 = System.nanoTime();
                child = ServerProcess.start(jvm, serverArguments, log);
                target = new LoadRun.Target(child.uri(), child.adminToken(), child.jdbcUrl(), child);
                serverInfo = "app.queued.server.Main in its own JVM (pid " + child.pid()
                        + ") on embedded PostgreSQL and Redis; log " + log;
                System.err.printf("[bench] server ready at %s in %d ms (log %s)%n", child.uri(),
                        (System.nanoTime() - t0) / 1_000_000, log);
            }
            RunResult result;
            List<Report.Step> steps = null;
            if (scenario == Scenario.MAX || max) {
                steps = new ArrayList<>();
                result = searchMax(scenario, roomCount, perRoom, seconds, target, catalog, steps);
            } else {
                LoadRun.Spec spec = new LoadRun.Spec(scenario.id, roomCount, perRoom, tracks,
                        ratePerRoom * roomCount, seconds, warmup, seed, quietWait);
                result = new LoadRun(spec, target, catalog, killNodeAtS).run();
            }
            if (floor) {
                Path floorLog = out.resolve("floor-" + scenario.id + "-" + stamp + ".log");
                try {
                    result.floor = measureFloor(result.spec, target, catalog, floorLog);
                } catch (Exception e) {
                    // The run's own figures stand without their floor: report them, and say why it is missing.
                    System.err.println("[bench] the floor of " + scenario.id + " could not be measured (" + e
                            + "); its log: " + floorLog);
                }
            }
            publish(result, stamp, serverInfo, steps);
        } finally {
            if (child != null) {
                child.close();
            }
            cluster.forEach(ServerProcess::close);
            if (storage != null) {
                storage.close();
            }
        }
    }

    /**
     * This machine's floor for the run just made: the same spec (rate, rooms, screens, warm-up, duration, seed)
     * against {@link FloorServer} in its own JVM, and the server's PostgreSQL's commit time.
     */
    private RunResult.Floor measureFloor(LoadRun.Spec spec, LoadRun.Target queued, List<String> catalog, Path log)
            throws Exception {
        CommitFloor.Result commit = queued.jdbcUrl() == null ? null : CommitFloor.measure(queued.jdbcUrl(), 2_000);
        try (FloorProcess floorServer = FloorProcess.start(serverJvmOptions, log)) {
            LoadRun.Spec same = new LoadRun.Spec(spec.scenario() + "-floor", spec.rooms(), spec.clientsPerRoom(),
                    spec.tracks(), spec.rate(), spec.durationS(), spec.warmupS(), spec.seed(), spec.quietWaitS());
            RunResult bare = new LoadRun(same, new LoadRun.Target(floorServer.uri(), "floor", null, null), catalog)
                    .run();
            RunResult.Floor floor = new RunResult.Floor(RunResult.ms(bare.latency, 50), RunResult.ms(bare.latency, 99),
                    RunResult.maxMs(bare.latency), commit);
            System.err.printf(Locale.ROOT, "[bench] floor of %s: bare WebSocket p50 %.2f / p99 %.2f ms; PostgreSQL "
                    + "commit p50 %s / p99 %s ms%n", spec.scenario(), floor.p50Ms(), floor.p99Ms(),
                    commit == null ? "-" : String.format(Locale.ROOT, "%.3f", commit.p50Ms()),
                    commit == null ? "-" : String.format(Locale.ROOT, "%.3f", commit.p99Ms()));
            return floor;
        }
    }

    /**
     * The fault scenario always starts its own server (it kills and restarts it), on a fixed port so the screens
     * find it again; prints the ledger's tables and keeps them next to the other results.
     */
    private void runFaults(Scenario scenario, List<String> catalog) throws Exception {
        if (server != null) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "the faults scenario kills and restarts its own server; leave out --server");
        }
        FaultRun.Plan standard = FaultRun.Plan.standard();
        FaultRun.Plan plan = new FaultRun.Plan(rooms != null ? rooms : standard.rooms(),
                clients != null ? clients : standard.clientsPerRoom(), Math.min(tracks, standard.tracks()),
                rate != null ? rate * (rooms != null ? rooms : standard.rooms()) : standard.rate(),
                standard.gapS(), standard.redisDownS(), standard.pgDownS(), true, seed);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path log = out.resolve("server-faults-" + stamp + ".log");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        FaultResult result;
        try (ServerProcess child = ServerProcess.start(serverJvmOptions, serverArguments, log, port)) {
            System.err.printf("[bench] server ready at %s (log %s)%n", child.uri(), log);
            result = new FaultRun(plan, child, catalog).run();
        }
        String json = new ObjectMapper().writeValueAsString(result.json());
        System.out.println(json);
        System.out.println();
        System.out.println(result.table());
        System.out.flush();
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.jsonl"), json + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Path table = out.resolve("faults-" + stamp + ".md");
        Files.writeString(table, "# queued-bench " + String.join(" ", args) + "\n\n" + result.table(),
                StandardCharsets.UTF_8);
        System.err.println("[bench] table: " + table.toAbsolutePath());
        if (!result.clean()) {
            throw new IllegalStateException("the fault run found lost, duplicated, misreported or diverged votes");
        }
    }

    /**
     * Doubles the rate until a short run fails (p99 over the limit, anything lost or unanswered, or the server
     * falling behind the schedule), bisects between the last pass and the first failure, then confirms the best
     * rate with a run of the full duration (stepping down while the confirmation fails).
     */
    private RunResult searchMax(Scenario scenario, int roomCount, int perRoom, double seconds, LoadRun.Target target,
                                List<String> catalog, List<Report.Step> steps) throws Exception {
        double stepWarmup = Math.min(warmup, 1);
        double lo = 0;          // highest rate that passed
        double hi = Double.NaN; // lowest rate that failed
        double r = maxStart;
        int budget = 14; // bounded: at most this many search runs
        // up: double while it passes; down: halve while it fails
        while (budget-- > 0 && r <= maxLimit && r >= 5) {
            // the first step warms the fresh server up fully; later ones find it warm
            double warm = steps.isEmpty() ? warmup : stepWarmup;
            if (tryRate(scenario.id + "-step", roomCount, perRoom, r, maxStep, warm, target, catalog, steps)) {
                lo = r;
                if (!Double.isNaN(hi)) {
                    break;
                }
                r *= 2;
            } else {
                hi = r;
                if (lo > 0) {
                    break;
                }
                r = Math.round(r / 2);
            }
        }
        // then bisect between the last pass and the first failure
        while (budget-- > 0 && lo > 0 && !Double.isNaN(hi) && hi / lo > 1.08) {
            double mid = Math.round((lo + hi) / 2);
            if (tryRate(scenario.id + "-step", roomCount, perRoom, mid, maxStep, stepWarmup, target, catalog,
                    steps)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        if (lo == 0) {
            lo = 5;
        }
        RunResult confirmed = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            // the server is warm from the steps: a long warm-up at a rate near the limit would only pile up load
            LoadRun.Spec spec = new LoadRun.Spec(scenario.id, roomCount, perRoom, tracks, lo, seconds,
                    Math.min(warmup, 5), seed + attempt, quietWait);
            confirmed = new LoadRun(spec, target, catalog).run();
            boolean ok = passes(confirmed);
            steps.add(new Report.Step(lo, confirmed, ok));
            System.err.printf(Locale.ROOT, "[bench] max: confirmation at %.0f votes/s: p99 %.2f ms, %s%n", lo,
                    confirmed.p99Ms(), ok ? "passed" : "failed");
            if (ok) {
                break;
            }
            lo = Math.round(lo * 0.85);
        }
        return confirmed;
    }

    private boolean tryRate(String name, int roomCount, int perRoom, double totalRate, double seconds, double warm,
                            LoadRun.Target target, List<String> catalog, List<Report.Step> steps) throws Exception {
        LoadRun.Spec spec = new LoadRun.Spec(name, roomCount, perRoom, tracks, totalRate, seconds, warm, seed,
                quietWait);
        RunResult result = new LoadRun(spec, target, catalog).run();
        boolean ok = passes(result);
        if (!ok && result.clean()) {
            // One stall (a WAL segment, a GC) can fail a 5 s step on its own and send the search down by half:
            // a rate fails only when a second try of it fails too. Lost or wrong votes fail at once.
            steps.add(new Report.Step(totalRate, result, false));
            System.err.printf(Locale.ROOT, "[bench] max: %.0f votes/s failed (p99 %.2f ms); trying it once more%n",
                    totalRate, result.p99Ms());
            result = new LoadRun(spec, target, catalog).run();
            ok = passes(result);
        }
        steps.add(new Report.Step(totalRate, result, ok));
        System.err.printf(Locale.ROOT, "[bench] max: %.0f votes/s -> achieved %.0f, p99 %.2f ms, acked %d/%d, lost %d: %s%n",
                totalRate, result.achievedRate, result.p99Ms(), result.votesAcked, result.votesSent,
                result.checked.lost(), ok ? "pass" : "fail");
        System.err.println("[bench] max: step details " + new ObjectMapper().writeValueAsString(result.details()));
        return ok;
    }

    private boolean passes(RunResult r) {
        return r.clean() && r.p99Ms() <= maxP99 && r.achievedRate >= 0.95 * r.spec.rate();
    }

    private void publish(RunResult result, String stamp, String serverInfo, List<Report.Step> steps)
            throws IOException {
        String json = new ObjectMapper().writeValueAsString(result.json());
        System.out.println(json);
        System.out.flush();
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.jsonl"), json + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Path html = out.resolve(result.spec.scenario() + "-" + stamp + ".html");
        Report.write(html, result, "queued-bench " + String.join(" ", args), serverInfo, steps);
        System.err.println("[bench] details: " + new ObjectMapper().writeValueAsString(result.details()));
        System.err.println("[bench] report: " + html.toAbsolutePath());
    }

    /** The video ids of the offline demo catalog, in its order. */
    static List<String> demoCatalog() throws IOException {
        try (InputStream in = BenchMain.class.getClassLoader().getResourceAsStream("catalog/demo-catalog.json")) {
            if (in == null) {
                throw new IOException("catalog/demo-catalog.json is not on the class path");
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode entry : new ObjectMapper().readTree(in)) {
                ids.add(entry.get("videoId").asText());
            }
            return ids;
        }
    }
}
