package app.queued.appdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class StartMarksTest {

    /**
     * The test's JVM was started by the java command itself, so the process's start and the JVM's start lie a few
     * milliseconds apart. ProcessHandle's start instant was up to a second early (the boot time it counts from is
     * in whole seconds), which put this boot's marks 0.96 s late.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void theProcessStartIsTheJvmStartToWithinAClockTick() {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();

        long processStart = StartMarks.processStartMillis();

        assertThat(processStart).isBetween(jvmStart - 200, jvmStart + 20);
    }

    @Test
    @EnabledOnOs(OS.LINUX) // elsewhere StartMarks falls back to ProcessHandle, with its error
    void sinceStartCountsFromThatStart() {
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();

        long since = StartMarks.sinceStart();

        assertThat(since).isBetween(uptime - 20, uptime + 200);
    }
}
