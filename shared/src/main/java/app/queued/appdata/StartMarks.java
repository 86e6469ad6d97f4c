package app.queued.appdata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up milestones of an app ("window shown", "room open"...), timed from the start of this process — the
 * launcher's process for an installed app, Maven's for {@code exec:java}, the {@code java} command's otherwise. Each
 * mark is logged; with the environment variable {@value #VARIABLE} set, it is also printed as
 * {@code START MARK <name> <ms> ms} for the measurement scripts ({@code installers/measure-start.sh}).
 */
public final class StartMarks {
    /** Set (to anything) to have the marks printed on standard output. */
    public static final String VARIABLE = "QUEUED_START_MARKS";

    private static final Logger log = LoggerFactory.getLogger(StartMarks.class);
    private static final boolean PRINT = System.getenv(VARIABLE) != null;
    private static final long START_MILLIS = processStartMillis();

    private StartMarks() {
    }

    /** Milliseconds since this process started. */
    public static long sinceStart() {
        return System.currentTimeMillis() - START_MILLIS;
    }

    /**
     * When this process started, in epoch milliseconds. On Linux from the process's start in clock ticks since boot
     * and the time since boot (/proc), to 10 ms: {@code ProcessHandle}'s start instant adds those ticks to the boot
     * time in whole seconds, so every mark of a boot came out up to 1 s late (0.96 s on 2026-12-08's boot).
     */
    static long processStartMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name (which may hold blanks): state is field 3, starttime field 22
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(fields[22 - 3]);
            double uptimeSeconds = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            // USER_HZ: 100 clock ticks a second on every Linux ABI
            return System.currentTimeMillis() - Math.round((uptimeSeconds - startTicks / 100.0) * 1000);
        } catch (IOException | RuntimeException notLinux) {
            return ProcessHandle.current().info().startInstant()
                    .map(Instant::toEpochMilli).orElseGet(System::currentTimeMillis);
        }
    }

    /** Records a milestone; returns its time since the process started, in milliseconds. */
    public static long mark(String name) {
        long ms = sinceStart();
        log.info("start mark {} {} ms", name, ms);
        if (PRINT) {
            System.out.println("START MARK " + name + " " + ms + " ms");
            System.out.flush();
        }
        return ms;
    }
}
