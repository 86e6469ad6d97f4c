package app.queued.server.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for and stopping OS processes with deadlines. */
final class Processes {

    private static final long POLL_MS = 50;

    private Processes() {
    }

    /**
     * Whether the process still runs. A zombie counts as gone: a detached postmaster is reaped by
     * init, which in some containers takes seconds, and {@link ProcessHandle#isAlive()} says true until then.
     */
    static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String line = Files.readString(stat);
            // "pid (comm) S ...": the state follows the last ')' since comm may contain spaces or parens.
            char state = line.charAt(line.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return process.isAlive(); // not Linux, or it just vanished
        }
    }

    /** True once the process has exited, false if it is still running at the deadline. */
    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(process)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                // Completes at once for our children; for other processes the JDK polls slowly, so re-check often.
                process.onExit().get(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, POLL_MS), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // still running (or unknown): loop and look again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(process);
            }
        }
        return true;
    }

    /** Ask politely, then force; true if the process is gone afterwards. */
    static boolean stop(ProcessHandle process, Duration polite, Duration forced) {
        if (!isRunning(process)) {
            return true;
        }
        process.destroy();
        if (awaitExit(process, polite)) {
            return true;
        }
        process.destroyForcibly();
        return awaitExit(process, forced);
    }

    /** The executable's file name without ".exe", lower case, or "" when the OS won't tell us. */
    static String executableName(ProcessHandle process) {
        return process.info().command()
                .map(command -> Path.of(command).getFileName().toString().toLowerCase(Locale.ROOT))
                .map(name -> name.endsWith(".exe") ? name.substring(0, name.length() - 4) : name)
                .orElse("");
    }

    /**
     * Whether the process was started for this TCP port: "port" among its arguments, or ":port" in its command
     * line. redis-server rewrites its title to "redis-server 127.0.0.1:port" (one string, so the JDK sees no
     * arguments at all), hence the raw {@code /proc/pid/cmdline} on Linux.
     */
    static boolean servesPort(ProcessHandle process, int port) {
        String portText = Integer.toString(port);
        if (process.info().arguments().map(java.util.Arrays::asList).orElse(java.util.List.of()).contains(portText)) {
            return true;
        }
        String line;
        try {
            line = new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            line = process.info().commandLine().orElse("");
        }
        return java.util.regex.Pattern.compile("(^|[\\s:])" + portText + "(\\s|$)").matcher(line).find();
    }
}
