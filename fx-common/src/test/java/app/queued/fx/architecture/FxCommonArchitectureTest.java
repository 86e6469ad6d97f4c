package app.queued.fx.architecture;

import app.queued.architecture.ArchitectureRules;
import app.queued.architecture.JavaFxCodeRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;

/** fx-common serves both apps, so it knows neither of them, nor the server, nor the bench. */
@AnalyzeClasses(packages = "app.queued.fx", importOptions = ImportOption.DoNotIncludeTests.class)
class FxCommonArchitectureTest {

    @ArchTest
    static final ArchRule knowsOnlyShared = ArchitectureRules.noDependency(
            "both apps use fx-common: it depends on shared only",
            new String[] {ArchitectureRules.FX}, ArchitectureRules.SERVER, ArchitectureRules.HOST,
            ArchitectureRules.GUEST, ArchitectureRules.BENCH);

    @ArchTest
    static final ArchTests javaFxCode = ArchTests.in(JavaFxCodeRules.class);
}
