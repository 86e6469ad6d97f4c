package app.queued.architecture;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The rules of JavaFX code (fx-common and both apps), included with {@code ArchTests.in(JavaFxCodeRules.class)}:
 * one way onto the FX thread, thin views, the terminal for mains only.
 */
public final class JavaFxCodeRules {
    private JavaFxCodeRules() {
    }

    @ArchTest
    static final ArchRule runLater = ArchitectureRules.runLaterOnlyThroughTheGateway();

    @ArchTest
    static final ArchRule thinViews = ArchitectureRules.viewsHoldNoSqlJsonOrThreads();

    @ArchTest
    static final ArchRule standardStreams = ArchitectureRules.standardStreamsOnlyInMains(
            // prints START MARK lines only when QUEUED_START_MARKS asks for them (start-up measurements)
            Set.of("app.queued.appdata.StartMarks"));

    /** The apps' screens: presentation models as well as views. */
    public static final class Screens {
        private Screens() {
        }

        @ArchTest
        static final ArchRule viewModels = ArchitectureRules.viewModelsKnowNoControls();
    }
}
