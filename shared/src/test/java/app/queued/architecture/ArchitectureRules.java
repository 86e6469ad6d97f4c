package app.queued.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The rules every module's {@code ArchitectureTest} checks on its own main classes (like JabRef's
 * {@code CommonArchitectureTest}). Modules and their one-way directions:
 *
 * <pre>
 *   shared            &larr; depends on nothing of ours, and on no JavaFX
 *   server-embedded   &rarr; shared               (no JavaFX, no app)
 *   fx-common         &rarr; shared               (the apps' JavaFX helpers)
 *   host-app          &rarr; fx-common, server-embedded, shared
 *   guest-app         &rarr; fx-common, shared    (guests never carry the server)
 *   bench             &rarr; server-embedded, shared (a tool, no app)
 * </pre>
 */
public final class ArchitectureRules {
    /** shared's packages (it has no package of its own above them). */
    public static final String[] SHARED = {"app.queued.appdata..", "app.queued.client..", "app.queued.discovery..",
        "app.queued.invite..", "app.queued.protocol..", "app.queued.room..", "app.queued.youtube.."};
    public static final String SERVER = "app.queued.server..";
    public static final String FX = "app.queued.fx..";
    public static final String HOST = "app.queued.host..";
    public static final String GUEST = "app.queued.guest..";
    public static final String BENCH = "app.queued.bench..";
    public static final String JAVAFX = "javafx..";

    /** The one class that may call {@code Platform.runLater}: fx-common's {@code FxThread}, behind {@code UiThread}. */
    public static final String UI_THREAD_GATEWAY = "app.queued.fx.FxThread";

    private ArchitectureRules() {
    }

    /** Classes of {@code packages} (ArchUnit's package syntax) depend on none of {@code forbidden}. */
    public static ArchRule noDependency(String why, String[] packages, String... forbidden) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because(why);
    }

    /**
     * Only the command-line mains write to the standard streams (lines scripts read, like "ROOM OPEN"); everything
     * else logs through SLF4J. A main is a class declaring {@code public static void main(String[])}, or a class
     * nested in one. {@code allowed} lists classes let off by name, each with its reason where the rule is used.
     */
    public static ArchRule standardStreamsOnlyInMains(Set<String> allowed) {
        return noClasses().that(DescribedPredicate.not(mainOrAllowed(allowed)))
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .because("only a main talks to the terminal; the rest logs");
    }

    /** {@code Platform.runLater} only through the UI-thread gateway, so every UI change has one way onto the FX thread. */
    public static ArchRule runLaterOnlyThroughTheGateway() {
        return noClasses().that().doNotHaveFullyQualifiedName(UI_THREAD_GATEWAY)
                .should().callMethod("javafx.application.Platform", "runLater", Runnable.class.getName())
                .because("UI changes reach the FX thread through UiThread (fx-common's FxThread) only");
    }

    /**
     * Views — JavaFX controllers and controls: classes named {@code *View} or {@code *Cell}, and every
     * {@code javafx.scene.Node} of ours — show and forward; they run no SQL, read or write no JSON and start no
     * threads (background work goes through {@code Background}, results come back through {@code UiThread}).
     */
    public static ArchRule viewsHoldNoSqlJsonOrThreads() {
        return noClasses().that(views())
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "com.fasterxml.jackson..")
                .orShould().dependOnClassesThat().belongToAnyOf(Thread.class, Executors.class,
                        ThreadPoolExecutor.class, ForkJoinPool.class)
                .because("views are thin: state in presentation models, work in the background helpers");
    }

    /** View models know no controls, so they run (and are tested) without a window. */
    public static ArchRule viewModelsKnowNoControls() {
        return noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .because("a view model is tested without a toolkit");
    }

    static DescribedPredicate<JavaClass> views() {
        return DescribedPredicate.describe("are views (named *View or *Cell, or JavaFX nodes)",
                c -> c.getSimpleName().endsWith("View") || c.getSimpleName().endsWith("Cell")
                        || c.isAssignableTo("javafx.scene.Node"));
    }

    static DescribedPredicate<JavaClass> mainOrAllowed(Set<String> allowed) {
        return DescribedPredicate.describe("are mains (or listed)", c -> {
            JavaClass top = c;
            while (top.getEnclosingClass().isPresent()) {
                top = top.getEnclosingClass().get();
            }
            return allowed.contains(top.getName()) || declaresMain(top);
        });
    }

    private static boolean declaresMain(JavaClass c) {
        return c.getMethods().stream().anyMatch(m -> m.getName().equals("main")
                && m.getModifiers().containsAll(Arrays.asList(JavaModifier.PUBLIC, JavaModifier.STATIC))
                && m.getRawParameterTypes().size() == 1
                && m.getRawParameterTypes().get(0).getName().equals(String[].class.getName()));
    }
}
