package app.queued.host.webguest;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.concurrent.Worker;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.web.WebView;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A phone-sized (390×844) JavaFX WebView — WebKit, the engine of every iPhone browser — under TestFX/Monocle, with
 * the few things the web guest tests need: load a page, run a script, wait for a condition, take a screenshot.
 */
final class PhoneWebView {
    static final int WIDTH = 390;
    static final int HEIGHT = 844;
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);

    private final WebView view;
    private final WebViewSockets sockets;

    private PhoneWebView(WebView view, WebViewSockets sockets) {
        this.view = view;
        this.sockets = sockets;
    }

    static PhoneWebView open() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        AtomicReference<WebView> made = new AtomicReference<>();
        AtomicReference<WebViewSockets> sockets = new AtomicReference<>();
        FxToolkit.setupFixture(() -> {
            WebView view = new WebView();
            sockets.set(WebViewSockets.install(view.getEngine()));
            view.setContextMenuEnabled(false);
            stage.setScene(new Scene(view, WIDTH, HEIGHT));
            stage.setWidth(WIDTH);
            stage.setHeight(HEIGHT);
            stage.show();
            made.set(view);
        });
        return new PhoneWebView(made.get(), sockets.get());
    }

    /** The page's WebSockets (see {@link WebViewSockets} for why they are not WebKit's own). */
    WebViewSockets sockets() {
        return sockets;
    }

    /** Leaves the page (its sockets close, as when a tab is closed). */
    void close() throws Exception {
        fx(() -> {
            view.getEngine().load("about:blank");
            return null;
        });
    }

    /** Loads the address and waits until the document (not necessarily its modules) has loaded. */
    void load(String url) throws Exception {
        fx(() -> {
            view.getEngine().load(url);
            return null;
        });
        awaitFx(() -> view.getEngine().getLoadWorker().getState() == Worker.State.SUCCEEDED, DEFAULT_WAIT,
                "the page " + url + " to load");
    }

    /** Reloads the current page, as a guest pulling to refresh does. */
    void reload() throws Exception {
        fx(() -> {
            view.getEngine().reload();
            return null;
        });
        awaitFx(() -> view.getEngine().getLoadWorker().getState() == Worker.State.SUCCEEDED, DEFAULT_WAIT,
                "the page to reload");
    }

    /** Runs a script in the page and returns its value (String, Number, Boolean, or a JSObject). */
    Object js(String script) throws Exception {
        return fx(() -> view.getEngine().executeScript(script));
    }

    String string(String script) throws Exception {
        Object value = js(script);
        return value == null ? null : String.valueOf(value);
    }

    /** Waits until the script's value is {@code true}. */
    void await(String condition) throws Exception {
        await(condition, DEFAULT_WAIT);
    }

    void await(String condition, Duration atMost) throws Exception {
        awaitFx(() -> Boolean.TRUE.equals(view.getEngine().executeScript("!!(" + condition + ")")), atMost,
                condition);
    }

    /** The page as it looks now, as a PNG. */
    void screenshot(Path file) throws Exception {
        WritableImage image = fx(() -> view.snapshot(null, null));
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        try {
            ImageIO.write(out, "png", file.toFile());
        } catch (IOException e) {
            throw new IOException("cannot write " + file, e);
        }
    }

    private static <T> T fx(java.util.concurrent.Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
    }

    private static void awaitFx(java.util.concurrent.Callable<Boolean> condition, Duration atMost, String what)
            throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(fx(condition))) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(20); // polling interval of the deadline loop, not a wait for something to happen
        }
        throw new AssertionError("waited " + atMost.toSeconds() + " s for " + what, last);
    }
}
