package app.queued.fx.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One app window per test, headless (Monocle, see the parent pom's Surefire properties): before each test the app
 * is made and started on the FX thread in TestFX's primary stage, with an app-data folder of its own; after it the
 * keys and buttons still held are let go, the app is closed on the FX thread, its other windows are closed and the
 * folder is deleted. Test methods may take an {@link FxRobot} parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * final FxAppExtension<GuestApp> window = FxAppExtension.of((stage, home) -> new GuestApp(stage, config(home)));
 * }</pre>
 *
 * @param <A> the app; {@link AutoCloseable#close()} ends it
 */
public final class FxAppExtension<A extends AutoCloseable> implements BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    /** Makes and starts the app in {@code stage}, keeping its files in {@code home}; runs on the FX thread. */
    @FunctionalInterface
    public interface Starter<A> {
        A start(Stage stage, Path home) throws Exception;
    }

    private final Starter<A> starter;
    private final FxRobot robot = new FxRobot();
    private Path home;
    private Stage stage;
    private A app;

    private FxAppExtension(Starter<A> starter) {
        this.starter = starter;
    }

    public static <A extends AutoCloseable> FxAppExtension<A> of(Starter<A> starter) {
        return new FxAppExtension<>(starter);
    }

    /** The app of the running test. */
    public A app() {
        if (app == null) {
            throw new IllegalStateException("no app: used outside a test");
        }
        return app;
    }

    /** The window the app was started in. */
    public Stage stage() {
        return stage;
    }

    /** The app-data folder of the running test (deleted after it). */
    public Path home() {
        return home;
    }

    /** Quits the app and starts a fresh one in the same window on the same app-data folder: a restart. */
    public A restart() throws Exception {
        onFx(() -> {
            app.close();
            app = null;
            app = starter.start(stage, home);
            return null;
        });
        return app;
    }

    public FxRobot robot() {
        return robot;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        home = Files.createTempDirectory("queued-fx-test");
        stage = FxToolkit.registerPrimaryStage();
        app = onFx(() -> starter.start(stage, home));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            robot.release(new KeyCode[0]);
            robot.release(new MouseButton[0]);
            if (app != null) {
                onFx(() -> {
                    app.close();
                    return null;
                });
            }
            FxToolkit.cleanupStages();
        } finally {
            app = null;
            deleteTree(home);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FxRobot.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return robot;
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
