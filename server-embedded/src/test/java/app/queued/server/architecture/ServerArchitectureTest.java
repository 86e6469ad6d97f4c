package app.queued.server.architecture;

import app.queued.architecture.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/** The server knows shared only: never an app, fx-common or the bench, and no JavaFX (it also runs headless). */
@AnalyzeClasses(packages = "app.queued.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ServerArchitectureTest {

    @ArchTest
    static final ArchRule knowsNoApp = ArchitectureRules.noDependency(
            "the host app embeds the server, never the other way round",
            new String[] {ArchitectureRules.SERVER}, ArchitectureRules.FX, ArchitectureRules.HOST,
            ArchitectureRules.GUEST, ArchitectureRules.BENCH);

    @ArchTest
    static final ArchRule noJavaFx = ArchitectureRules.noDependency(
            "the server runs headless (its own Main, the bench)",
            new String[] {ArchitectureRules.SERVER}, ArchitectureRules.JAVAFX);

    @ArchTest
    static final ArchRule standardStreams = ArchitectureRules.standardStreamsOnlyInMains(Set.of());
}
