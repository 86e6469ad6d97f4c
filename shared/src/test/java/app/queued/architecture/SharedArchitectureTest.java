package app.queued.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/** shared is the bottom of the build: it knows none of our other modules and no JavaFX (see {@link ArchitectureRules}). */
@AnalyzeClasses(packages = {"app.queued.appdata", "app.queued.client", "app.queued.discovery", "app.queued.invite",
    "app.queued.protocol", "app.queued.room", "app.queued.youtube"}, importOptions = ImportOption.DoNotIncludeTests.class)
class SharedArchitectureTest {

    @ArchTest
    static final ArchRule knowsNoOtherModule = ArchitectureRules.noDependency(
            "shared is used by the server, both apps and the bench, and depends on none of them",
            ArchitectureRules.SHARED, ArchitectureRules.SERVER, ArchitectureRules.FX, ArchitectureRules.HOST,
            ArchitectureRules.GUEST, ArchitectureRules.BENCH);

    @ArchTest
    static final ArchRule noJavaFx = ArchitectureRules.noDependency(
            "shared runs in the headless server and the bench too: JavaFX lives in fx-common and the apps",
            ArchitectureRules.SHARED, ArchitectureRules.JAVAFX);

    @ArchTest
    static final ArchRule standardStreams = ArchitectureRules.standardStreamsOnlyInMains(
            // prints START MARK lines only when QUEUED_START_MARKS asks for them (start-up measurements)
            Set.of("app.queued.appdata.StartMarks"));
}
