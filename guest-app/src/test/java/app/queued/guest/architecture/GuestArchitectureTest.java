package app.queued.guest.architecture;

import app.queued.architecture.ArchitectureRules;
import app.queued.architecture.JavaFxCodeRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;

/** The guest app: over fx-common and shared. Guests never carry the server (it is a test-only dependency here). */
@AnalyzeClasses(packages = "app.queued.guest", importOptions = ImportOption.DoNotIncludeTests.class)
class GuestArchitectureTest {

    @ArchTest
    static final ArchRule knowsNoServerOrOtherApp = ArchitectureRules.noDependency(
            "a guest's install holds shared and fx-common only; the apps never use each other",
            new String[] {ArchitectureRules.GUEST}, ArchitectureRules.SERVER, ArchitectureRules.HOST,
            ArchitectureRules.BENCH);

    @ArchTest
    static final ArchTests javaFxCode = ArchTests.in(JavaFxCodeRules.class);

    @ArchTest
    static final ArchTests screens = ArchTests.in(JavaFxCodeRules.Screens.class);
}
