package app.queued.guest.architecture;

import app.queued.architecture.ArchitectureRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/** The guest app: over fx-common and shared. Guests never carry the server (it is a test-only dependency here). */
@AnalyzeClasses(packages = "app.queued.guest", importOptions = ImportOption.DoNotIncludeTests.class)
class GuestArchitectureTest {

    @ArchTest
    static final ArchRule knowsNoServerOrOtherApp = ArchitectureRules.noDependency(
            "a guest's install holds shared and fx-common only; the apps never use each other",
            new String[] {ArchitectureRules.GUEST}, ArchitectureRules.SERVER, ArchitectureRules.HOST,
            ArchitectureRules.BENCH);

    @ArchTest
    static final ArchRule runLater = ArchitectureRules.runLaterOnlyThroughTheGateway();

    @ArchTest
    static final ArchRule thinViews = ArchitectureRules.viewsHoldNoSqlJsonOrThreads();

    @ArchTest
    static final ArchRule viewModels = ArchitectureRules.viewModelsKnowNoControls();

    @ArchTest
    static final ArchRule standardStreams = ArchitectureRules.standardStreamsOnlyInMains(Set.of());
}
