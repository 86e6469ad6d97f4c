package app.queued.appdata;

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
    private static final long START_MILLIS = ProcessHandle.current().info().startInstant()
            .map(Instant::toEpochMilli).orElseGet(System::currentTimeMillis);

    private StartMarks() {
    }

    /** Milliseconds since this process started. */
    public static long sinceStart() {
        return System.currentTimeMillis() - START_MILLIS;
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
