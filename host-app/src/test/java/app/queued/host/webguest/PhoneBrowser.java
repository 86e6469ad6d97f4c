package app.queued.host.webguest;

import java.nio.file.Path;
import java.time.Duration;

/** A real browser engine showing a page at phone size (390×844): WebKit in JavaFX's WebView, or Chromium. */
interface PhoneBrowser {
    Duration WAIT = Duration.ofSeconds(20);

    /** Loads the address and waits for the document (its modules may still be running). */
    void open(String url) throws Exception;

    /** Reloads the page, as a guest pulling to refresh. */
    void reload() throws Exception;

    /** The value of a JavaScript expression, as a String (null for null or undefined). */
    String eval(String expression) throws Exception;

    /** Runs JavaScript statements. */
    void run(String statements) throws Exception;

    /** Clicks the element, as a finger does. */
    void click(String cssSelector) throws Exception;

    /** Replaces the text of an input field, as typing does. */
    void type(String cssSelector, String text) throws Exception;

    /** A PNG of the page as it shows now. */
    void screenshot(Path file) throws Exception;

    /** Waits until the expression is true. */
    default void await(String condition) throws Exception {
        await(condition, WAIT);
    }

    default void await(String condition, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if ("true".equals(eval("!!(" + condition + ")"))) {
                    return;
                }
            } catch (Exception e) {
                last = e; // e.g. the page is between two documents
            }
            Thread.sleep(20); // the deadline loop's polling interval
        }
        throw new AssertionError("waited " + atMost.toSeconds() + " s for " + condition + "; " + describe(), last);
    }

    /** What the page shows, for a failure message. */
    default String describe() {
        try {
            return eval("(() => { const t = (id) => { const e = document.getElementById(id);"
                    + " return e ? (e.hidden ? '(hidden)' : e.textContent.trim().slice(0, 80)) : '(none)'; };"
                    + " return 'url=' + location.href + ' join-error=' + t('join-error') + ' busy=' + t('join-busy')"
                    + " + ' banner=' + t('banner') + ' toast=' + t('toast') + ' seq='"
                    + " + (document.getElementById('party-body') || {dataset: {}}).dataset.seq"
                    + " + ' rows=' + document.querySelectorAll('#queue li').length; })()");
        } catch (Exception e) {
            return "the page cannot be read: " + e;
        }
    }

    /** Waits until rows stop sliding (the page's own finite animations; a finger taps where a row is, not where it goes). */
    default void awaitStill() throws Exception {
        try {
            await("document.getAnimations().every(a => a.constructor !== Animation || a.playState !== 'running'"
                    + " || a.effect.getComputedTiming().iterations === Infinity)");
        } catch (AssertionError e) {
            throw new AssertionError("still moving: " + eval("document.getAnimations().map(a => a.constructor.name"
                    + " + ' ' + (a.animationName || a.transitionProperty || '') + ' on ' + (a.effect.target.id"
                    + " || a.effect.target.className) + ' ' + a.playState + ' ' + a.currentTime).join('; ')"), e);
        }
    }

    /** Waits until the page has painted what its DOM holds now, animations finished (for screenshots). */
    default void settle() throws Exception {
        awaitStill();
        run("window.__settled = false; requestAnimationFrame(() => requestAnimationFrame(() => window.__settled = true));");
        await("window.__settled === true");
    }
}
