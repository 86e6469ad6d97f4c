package app.queued.host.architecture;

import app.queued.architecture.ArchitectureRules;
import app.queued.architecture.JavaFxCodeRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;

/** The host app: over fx-common, the embedded server and shared; never the guest app or the bench. */
@AnalyzeClasses(packages = "app.queued.host", importOptions = ImportOption.DoNotIncludeTests.class)
class HostArchitectureTest {

    @ArchTest
    static final ArchRule knowsNoOtherApp = ArchitectureRules.noDependency(
            "the apps share code through fx-common and shared, never through each other",
            new String[] {ArchitectureRules.HOST}, ArchitectureRules.GUEST, ArchitectureRules.BENCH);

    @ArchTest
    static final ArchTests javaFxCode = ArchTests.in(JavaFxCodeRules.class);

    @ArchTest
    static final ArchTests screens = ArchTests.in(JavaFxCodeRules.Screens.class);
}
