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
final class PhoneWebView implements PhoneBrowser {
    static final int WIDTH = 390;
    static final int HEIGHT = 844;
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);
    private static final Duration LOAD_ATTEMPT = Duration.ofSeconds(15);

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

    @Override
    public String describe() {
        return PhoneBrowser.super.describe() + " sockets: " + sockets.recentEvents();
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
    @Override
    public void open(String url) throws Exception {
        loadAndWait("about:blank"); // a new document even when only the fragment differs
        loadAndWait(url);
    }

    /**
     * JavaFX's WebView now and then never finishes a load although every response arrived (docs/web-guest.md; seen
     * once in about 40 loads on a machine beside a busy loop, never in Chromium), so a load still running after
     * {@link #LOAD_ATTEMPT} is started again, once. A page that does not load twice fails the test.
     */
    private void loadAndWait(String url) throws Exception {
        for (int attempt = 1; ; attempt++) {
            fx(() -> {
                view.getEngine().load(url);
                return null;
            });
            try {
                awaitFx(() -> view.getEngine().getLoadWorker().getState() == Worker.State.SUCCEEDED
                        && url.equals(view.getEngine().getLocation()), LOAD_ATTEMPT, "the page " + url + " to load");
                return;
            } catch (AssertionError e) {
                String where = fx(() -> view.getEngine().getLocation() + " in state "
                        + view.getEngine().getLoadWorker().getState() + ", "
                        + view.getEngine().getLoadWorker().getException());
                if (attempt == 2) {
                    throw new AssertionError(e.getMessage() + " (twice); the view is at " + where, e);
                }
                System.err.println("WebView: " + e.getMessage() + "; the view is at " + where + "; loading again");
                fx(() -> {
                    view.getEngine().getLoadWorker().cancel();
                    return null;
                });
            }
        }
    }

    /** Reloads the current page, as a guest pulling to refresh does. */
    @Override
    public void reload() throws Exception {
        run("window.__beforeReload = true;");
        fx(() -> {
            view.getEngine().reload();
            return null;
        });
        await("window.__beforeReload === undefined && document.readyState === 'complete'");
    }

    /** Runs a script in the page and returns its value (String, Number, Boolean, or a JSObject). */
    Object js(String script) throws Exception {
        return fx(() -> view.getEngine().executeScript(script));
    }

    @Override
    public String eval(String expression) throws Exception {
        Object value = js(expression);
        return value == null || "undefined".equals(value) ? null : String.valueOf(value);
    }

    @Override
    public void run(String statements) throws Exception {
        js("(function () {" + statements + "\n})()");
    }

    /** WebView has no input driver here: the click is the element's own click(), as a tap would fire it. */
    @Override
    public void click(String cssSelector) throws Exception {
        run("document.querySelector(" + quote(cssSelector) + ").click();");
    }

    /** Sets the field's value and fires the input event typing would fire. */
    @Override
    public void type(String cssSelector, String text) throws Exception {
        run("const field = document.querySelector(" + quote(cssSelector) + "); field.focus(); field.value = "
                + quote(text) + "; field.dispatchEvent(new Event('input', { bubbles: true }));");
    }

    static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The page as it looks now, as a PNG. */
    @Override
    public void screenshot(Path file) throws Exception {
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
