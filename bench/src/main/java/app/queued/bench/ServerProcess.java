package app.queued.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The vote server under test in its own JVM: {@code app.queued.server.Main} on a fresh data folder, with its own
 * embedded PostgreSQL and Redis — or, as one node of several ({@link #startNode}), on a PostgreSQL and Redis the
 * bench started ({@link SharedStorage}). Stopped (with everything it started) by {@link #close()}, and by a
 * shutdown hook on Ctrl-C, so no postgres or redis is left behind; {@link #kill()} is kill -9.
 *
 * <p>For the fault scenario it can also be hurt: killed with SIGKILL and started again on the same data and port
 * ({@link #killAndRestart}), its Redis killed and brought back ({@link #killRedis}, {@link #restartRedis}), its
 * PostgreSQL stopped at once and started again ({@link #stopPostgres}, {@link #startPostgres}).
 */
final class ServerProcess implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 90_000;
    private static final long STOP_TIMEOUT_MS = 20_000;

    private volatile Process process;
    private final Launch launch;
    private final URI uri;
    private final String externalJdbcUrl;
    private final Thread hook;
    /** PostgreSQL daemonizes (pg_ctl), so it is not among the server's descendants: tracked by its pid file. */
    private ProcessHandle postmaster;
    private redis.embedded.RedisServer ownRedis;
    private boolean closed;

    /** How the server was started, to start it again the same way. */
    private record Launch(List<String> command, Path dataDir, Path log, String adminToken) {
    }

    private ServerProcess(Process process, Launch launch, URI uri, Thread startHook, String externalJdbcUrl) {
        this.externalJdbcUrl = externalJdbcUrl;
        this.process = process;
        this.launch = launch;
        this.postmaster = postmaster(launch.dataDir());
        this.uri = uri;
        this.hook = new Thread(this::stopQuietly, "bench-stop-server");
        Runtime.getRuntime().addShutdownHook(hook);
        removeHook(startHook);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running
        }
    }

    /**
     * Starts the server and waits for its {@code READY ws://...} line.
     *
     * @param jvmOptions extra options for the server's JVM (e.g. {@code -XX:StartFlightRecording=...})
     * @param arguments  extra arguments for the server's main (e.g. {@code --spacing-us=20})
     * @param log        where the server's log (its stderr) goes; kept after the run
     */
    static ServerProcess start(List<String> jvmOptions, List<String> arguments, Path log)
            throws IOException, InterruptedException {
        return start(jvmOptions, arguments, log, 0);
    }

    /** As {@link #start(List, List, Path)}, on this port (0: any free one; a restart needs a fixed one). */
    static ServerProcess start(List<String> jvmOptions, List<String> arguments, Path log, int port)
            throws IOException, InterruptedException {
        return start(jvmOptions, arguments, log, port, null, randomToken());
    }

    /**
     * Starts one node of several on shared storage ({@code --db-url}, {@code --redis-url}, {@code --node-id}).
     *
     * @param adminToken the same for every node, so rooms can be created through any of them
     */
    static ServerProcess startNode(List<String> jvmOptions, List<String> arguments, Path log, SharedStorage storage,
                                   String nodeId, String adminToken) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--db-url", storage.jdbcUrl(), "--redis-url", storage.redisUrl(),
                "--node-id", nodeId));
        args.addAll(arguments);
        return start(jvmOptions, args, log, 0, storage.jdbcUrl(), adminToken);
    }

    private static ServerProcess start(List<String> jvmOptions, List<String> arguments, Path log, int port,
                                       String externalJdbcUrl, String adminToken)
            throws IOException, InterruptedException {
        Path dataDir = Files.createTempDirectory("queued-bench-");
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add("app.queued.server.Main");
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--data-dir",
                dataDir.toString(), "--admin-token", adminToken, "--rate", "1000000", "--burst", "1000000"));
        command.addAll(arguments);
        Launch launch = new Launch(List.copyOf(command), dataDir, log, adminToken);
        Process process = launch(launch, false);
        // Ctrl-C while the server starts: stop it (and its PostgreSQL, if it got that far) all the same
        Thread startHook = new Thread(() -> {
            stop(process, postmaster(dataDir));
            deleteTree(dataDir);
        }, "bench-stop-starting-server");
        Runtime.getRuntime().addShutdownHook(startHook);
        URI uri;
        try {
            uri = awaitReady(process, log);
        } catch (IOException e) {
            removeHook(startHook);
            stop(process, postmaster(dataDir));
            deleteTree(dataDir);
            throw e;
        }
        return new ServerProcess(process, launch, uri, startHook, externalJdbcUrl);
    }

    private static Process launch(Launch launch, boolean appendLog) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(launch.command())
                .redirectErrorStream(false)
                .redirectError(appendLog ? ProcessBuilder.Redirect.appendTo(launch.log().toFile())
                        : ProcessBuilder.Redirect.to(launch.log().toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        // The server must use its embedded PostgreSQL and Redis, whatever this shell has set.
        builder.environment().remove("QUEUED_DB_URL");
        builder.environment().remove("QUEUED_REDIS_URL");
        builder.environment().remove("QUEUED_ADMIN_TOKEN");
        return builder.start();
    }

    /** Waits for the server's {@code READY ws://...} line. */
    private static URI awaitReady(Process process, Path log) throws IOException, InterruptedException {
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readStdout(process, ready), "bench-server-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return ready.get(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new IOException("the vote server did not become ready"
                    + (e instanceof TimeoutException ? " within " + START_TIMEOUT_MS / 1000 + " s" : ": "
                    + e.getCause().getMessage()) + "\n--- server log ---\n" + tail(log, 30));
        }
    }

    /**
     * Kills the server's JVM with SIGKILL — its PostgreSQL and Redis stay up, as after a crash of the host app —
     * and starts it again on the same data folder and port (the new one stops the orphans and starts its own).
     * Returns when it is ready again.
     */
    synchronized void killAndRestart() throws IOException, InterruptedException {
        Process old = process;
        old.destroyForcibly(); // Process.destroyForcibly is SIGKILL on Linux
        old.waitFor(10, TimeUnit.SECONDS);
        Process fresh = launch(launch, true);
        process = fresh;
        awaitReady(fresh, launch.log());
        postmaster = postmaster(launch.dataDir());
    }

    /** The port of the server's Redis now (from the record the server keeps in its data folder), or -1. */
    int redisPort() {
        long[] record = redisRecord();
        return record == null ? -1 : (int) record[1];
    }

    private long[] redisRecord() {
        try {
            String[] parts = Files.readString(launch.dataDir().resolve("redis.pid")).strip().split("\\s+");
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Kills the server's Redis with SIGKILL (the server keeps running without it). Returns its port. */
    synchronized int killRedis() throws InterruptedException {
        long[] record = redisRecord();
        if (record == null) {
            throw new IllegalStateException("the server's Redis is not recorded in " + launch.dataDir());
        }
        if (ownRedis != null && ownRedis.ports().contains((int) record[1])) {
            stopOwnRedis();
            return (int) record[1];
        }
        ProcessHandle redis = ProcessHandle.of(record[0]).orElseThrow(() ->
                new IllegalStateException("the server's Redis (pid " + record[0] + ") is not running"));
        redis.destroyForcibly();
        redis.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        return (int) record[1];
    }

    /** Starts a Redis on that port again (empty, as after a restart); this process stops it at the end. */
    synchronized void restartRedis(int port) throws IOException {
        ownRedis = redis.embedded.RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        ownRedis.start();
    }

    private void stopOwnRedis() {
        if (ownRedis != null) {
            try {
                ownRedis.stop();
            } catch (IOException | RuntimeException e) {
                System.err.println("[bench] could not stop the restarted Redis: " + e.getMessage());
            }
            ownRedis = null;
        }
    }

    /** Stops the server's PostgreSQL at once ({@code pg_ctl stop -m immediate}: no checkpoint, like a crash). */
    synchronized void stopPostgres() throws IOException, InterruptedException {
        pgCtl("-D", pgData().toString(), "-m", "immediate", "-w", "-t", "30", "stop");
    }

    /** Starts the server's PostgreSQL again, with the options it last ran with ({@code postmaster.opts}). */
    synchronized void startPostgres() throws IOException, InterruptedException {
        List<String> options = postmasterOptions();
        pgCtl("-D", pgData().toString(), "-o", String.join(" ", options), "-l",
                launch.dataDir().resolve("postgres-bench-restart.log").toString(), "-w", "-t", "60", "start");
        postmaster = postmaster(launch.dataDir());
    }

    private Path pgData() {
        return launch.dataDir().resolve("postgres");
    }

    /** The options of {@code postmaster.opts} but the binary and its data folder, still quoted for the shell. */
    private List<String> postmasterOptions() throws IOException {
        String opts = Files.readString(pgData().resolve("postmaster.opts")).strip();
        List<String> tokens = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(opts);
        while (m.find()) {
            tokens.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        List<String> options = new ArrayList<>();
        for (int i = 1; i < tokens.size(); i++) {
            if (tokens.get(i).equals("-D")) {
                i++;
                continue;
            }
            options.add("\"" + tokens.get(i) + "\"");
        }
        return options;
    }

    private void pgCtl(String... arguments) throws IOException, InterruptedException {
        String binary = postgresBinary();
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U")); // PostgreSQL refuses to run as root; zonky does the same
        }
        command.add(Path.of(binary).resolveSibling("pg_ctl").toString());
        command.addAll(List.of(arguments));
        Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(pgCtl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!pgCtl.waitFor(90, TimeUnit.SECONDS) || pgCtl.exitValue() != 0) {
            throw new IOException("pg_ctl " + String.join(" ", arguments) + " failed:\n" + output);
        }
    }

    /** The postgres binary the server's PostgreSQL runs (zonky unpacks it into a temporary folder). */
    private String postgresBinary() throws IOException {
        String opts = Files.readString(pgData().resolve("postmaster.opts")).strip();
        return opts.startsWith("\"") ? opts.substring(1, opts.indexOf('"', 1)) : opts.split("\\s+")[0];
    }

    private static void readStdout(Process process, CompletableFuture<URI> ready) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!ready.isDone() && line.startsWith("READY ")) {
                    ready.complete(URI.create(line.substring("READY ".length()).trim()));
                } else {
                    System.err.println("[server] " + line);
                }
            }
        } catch (IOException e) {
            // the process went away
        }
        ready.completeExceptionally(new IOException("the server exited with code "
                + process.onExit().thenApply(Process::exitValue).getNow(-1)));
    }

    /**
     * The class path to start the server with: this JVM's {@code java.class.path}, or, when running inside Maven's
     * {@code exec:java} (whose {@code java.class.path} is Maven's own), the URLs of the class loader that loaded us.
     */
    static String classPath() {
        ClassLoader loader = ServerProcess.class.getClassLoader();
        if (loader instanceof URLClassLoader urls && urls.getURLs().length > 0) {
            List<String> entries = new ArrayList<>();
            for (URL url : urls.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    entries.add(url.getPath());
                }
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    URI uri() {
        return uri;
    }

    String adminToken() {
        return launch.adminToken();
    }

    long pid() {
        return process.pid();
    }

    /** The server JVM, its PostgreSQL (with its backends) and Redis: every process the server runs on. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        all.addAll(process.descendants().toList());
        ProcessHandle postmaster = postmaster(launch.dataDir());
        if (postmaster != null) {
            all.add(postmaster);
            all.addAll(postmaster.descendants().toList());
        }
        return all;
    }

    private static ProcessHandle postmaster(Path dataDir) {
        if (!Files.exists(dataDir.resolve("postgres").resolve("postmaster.pid"))) {
            return null;
        }
        try {
            String first = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).strip();
            return ProcessHandle.of(Long.parseLong(first)).orElse(null);
        } catch (IOException | RuntimeException e) {
            System.err.println("[bench] cannot find the server's PostgreSQL process: " + e.getMessage());
            return null;
        }
    }

    /** The JDBC URL of the server's embedded PostgreSQL (user postgres, no password), from its port file. */
    String jdbcUrl() throws IOException {
        if (externalJdbcUrl != null) {
            return externalJdbcUrl;
        }
        Path portFile = launch.dataDir().resolve("postgres").resolve("queued-pg-port");
        int port = Integer.parseInt(Files.readString(portFile).strip());
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    Path log() {
        return launch.log();
    }

    Path dataDir() {
        return launch.dataDir();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopEverything();
        removeHook(hook);
    }

    /** kill -9: the node dies at once, saying goodbye to nobody. */
    synchronized void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    private synchronized void stopQuietly() {
        if (!closed) {
            closed = true;
            stopEverything();
        }
    }

    private void stopEverything() {
        ProcessHandle current = postmaster(launch.dataDir());
        stop(process, current != null ? current : postmaster);
        stopOwnRedis();
        keepPostgresLog();
        deleteTree(launch.dataDir());
    }

    /** The embedded PostgreSQL's log (checkpoints, autovacuum) beside the server's, to explain a run's stalls. */
    private void keepPostgresLog() {
        Path postgresLog = launch.dataDir().resolve("postgres.log");
        String name = launch.log().getFileName().toString().replaceFirst("\\.log$", "") + "-postgres.log";
        try {
            if (Files.exists(postgresLog)) {
                Files.copy(postgresLog, launch.log().resolveSibling(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("[bench] could not keep PostgreSQL's log: " + e.getMessage());
        }
    }

    /**
     * SIGTERM first (the server's shutdown hook stops its PostgreSQL and Redis cleanly); if it does not exit in
     * time, kill it and every process it started.
     */
    private static void stop(Process process, ProcessHandle postmaster) {
        List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
        if (postmaster != null) {
            descendants.add(postmaster);
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                System.err.println("[bench] the server did not stop in time; killing it");
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroy();
            }
        }
        for (ProcessHandle child : descendants) {
            while (child.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (child.isAlive()) {
                System.err.println("[bench] killing leftover server process " + child.pid());
                child.destroyForcibly();
            }
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("[bench] could not delete " + root + ": " + e.getMessage());
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
