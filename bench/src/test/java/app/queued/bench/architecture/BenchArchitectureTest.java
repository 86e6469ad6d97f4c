package app.queued.bench.architecture;

import app.queued.architecture.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/** The bench drives the server from outside: it knows no app and no JavaFX. */
@AnalyzeClasses(packages = "app.queued.bench", importOptions = ImportOption.DoNotIncludeTests.class)
class BenchArchitectureTest {

    /**
     * Let off, as they are today (frozen, not endorsed): the bench is a command-line tool, and these classes write
     * its progress lines ("[bench] ...") and the child server's output to stderr themselves, and FloorServer's
     * READY/FAILED lines to stdout for the process that started it. Moving them behind BenchMain is a bench change
     * (not this module's tests' to make); a new class must not join the list.
     */
    static final Set<String> WRITE_TO_THE_TERMINAL_TODAY = Set.of(
            "app.queued.bench.LoadRun",
            "app.queued.bench.FaultRun",
            "app.queued.bench.CpuUse",
            "app.queued.bench.ServerProcess",
            "app.queued.bench.FloorServer");

    @ArchTest
    static final ArchRule knowsNoApp = ArchitectureRules.noDependency(
            "the bench measures the server as guests reach it, not the apps",
            new String[] {ArchitectureRules.BENCH}, ArchitectureRules.FX, ArchitectureRules.HOST,
            ArchitectureRules.GUEST, ArchitectureRules.JAVAFX);

    @ArchTest
    static final ArchRule standardStreams = ArchitectureRules.standardStreamsOnlyInMains(WRITE_TO_THE_TERMINAL_TODAY);
}
