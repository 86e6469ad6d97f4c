package app.queued.host.architecture;

import app.queued.architecture.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/** The host app: over fx-common, the embedded server and shared; never the guest app or the bench. */
@AnalyzeClasses(packages = "app.queued.host", importOptions = ImportOption.DoNotIncludeTests.class)
class HostArchitectureTest {

    @ArchTest
    static final ArchRule knowsNoOtherApp = ArchitectureRules.noDependency(
            "the apps share code through fx-common and shared, never through each other",
            new String[] {ArchitectureRules.HOST}, ArchitectureRules.GUEST, ArchitectureRules.BENCH);

    @ArchTest
    static final ArchRule runLater = ArchitectureRules.runLaterOnlyThroughTheGateway();

    @ArchTest
    static final ArchRule thinViews = ArchitectureRules.viewsHoldNoSqlJsonOrThreads();

    @ArchTest
    static final ArchRule viewModels = ArchitectureRules.viewModelsKnowNoControls();

    @ArchTest
    static final ArchRule standardStreams = ArchitectureRules.standardStreamsOnlyInMains(Set.of());
}
