package app.queued.host.webguest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.queued.client.QueuedClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Figures for docs/web-guest.md, run by hand (no assertions on time):
 * <pre>
 * ./mvnw -B -q -pl host-app -am verify -Dtest=WebGuestMeasurementTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dqueued.measure=true
 * </pre>
 * then read {@code FIGURE} lines in host-app/target/surefire-reports/*WebGuestMeasurementTest-output.txt.
 * <ul>
 * <li>address → queue on screen: the page's own {@code performance.mark('queued:queue-shown')}, in ms from the
 * navigation's start (so: fetching the page and its modules, the WebSocket, hello, join, the snapshot, the first
 * render), for a returning guest (the reload joins by the stored token, no typing); and address → join form for a
 * new guest;</li>
 * <li>a desktop guest's vote → the phone page reordered: 200 votes of a Java {@link QueuedClient} that each move a
 * row; for each, the wall clock when the desktop guest sent it (Java {@code Instant.now()}) and when the page had
 * the new order in its DOM ({@code performance.timeOrigin + performance.now()} in the page, same machine, same
 * clock), split into transport (send → the page received the event's frame) and page (frame received → rows in
 * their new order; the 240 ms slide starts then).</li>
 * </ul>
 */
@EnabledIfSystemProperty(named = "queued.measure", matches = "true")
class WebGuestMeasurementTest {
    private static final int RELOADS = 20;
    private static final int VOTES = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void inWebKit() throws Exception {
        measure("WebView (WebKit, JavaFX 21.0.11; socket bridged to Java-WebSocket)", PhoneWebView.open());
    }

    @Test
    void inChromium() throws Exception {
        assumeTrue(ChromePhone.available());
        try (ChromePhone page = ChromePhone.open()) {
            measure("Chromium " + page.eval("navigator.userAgent.match(/Chrome\\/[0-9.]+/)[0]") + " headless", page);
        }
    }

    private static void measure(String engine, PhoneBrowser page) throws Exception {
        try (WebGuestParty party = WebGuestParty.start()) {
            QueuedClient bo = party.desktopGuest("Bo");
            String[] videos = {"dQw4w9WgXcQ", "fJ9rUzIMcZQ", "HgzGwKwLmgM", "9bZkp7q19f0", "kJQP7kiw5Fk",
                    "NUsoVlDFqZg", "4m1EFMoRFvY", "YqeW9_5kURI", "IHNzOHi8sJs", "gdZLi9oWNZg"};
            List<Long> tracks = new ArrayList<>();
            for (String video : videos) {
                tracks.add(bo.add(video).get(10, TimeUnit.SECONDS).trackId());
            }

            page.open(party.directPageUrl());
            page.await("performance.getEntriesByName('queued:join-form').length > 0");
            double joinForm = Double.parseDouble(page.eval(
                    "performance.getEntriesByName('queued:join-form')[0].startTime"));
            page.type("#join-nickname", "Ana");
            page.click("#join-submit");
            page.await("document.querySelectorAll('#queue li').length === " + videos.length);

            double[] shown = new double[RELOADS];
            for (int i = 0; i < RELOADS; i++) {
                page.reload();
                page.await("performance.getEntriesByName('queued:queue-shown').length > 0");
                shown[i] = Double.parseDouble(page.eval(
                        "performance.getEntriesByName('queued:queue-shown')[0].startTime"));
            }
            System.out.println("ENTRIES " + engine + " " + page.eval("JSON.stringify(performance.getEntries()"
                    + ".map((e) => [e.entryType, e.name.replace(location.origin, ''), Math.round(e.startTime),"
                    + " Math.round(e.duration)]))"));
            figure(engine, "new guest: address → join form", new double[] {joinForm});
            figure(engine, "returning guest: address → queue on screen (" + RELOADS + " reloads)", shown);

            page.run("window.__renders = [];"
                    + "document.addEventListener('queued:rendered', (e) => window.__renders.push({"
                    + " seq: e.detail.seq, received: e.detail.receivedAt, rendered: e.detail.renderedAt,"
                    + " origin: performance.timeOrigin,"
                    + " order: [...document.querySelectorAll('#queue li')].map((r) => r.dataset.trackId).join() }));");
            double[] total = new double[VOTES];
            double[] transport = new double[VOTES];
            double[] inPage = new double[VOTES];
            String before = page.eval("[...document.querySelectorAll('#queue li')].map((r) => r.dataset.trackId).join()");
            for (int i = 0; i < VOTES; i++) {
                // up on the bottom track (it jumps to the top), then take it back (it drops again): a move each time
                long track = tracks.get(tracks.size() - 1 - (i / 2) % (tracks.size() - 1)); // never the head
                Instant sent = Instant.now();
                long seq = bo.vote(track, i % 2 == 0 ? 1 : 0).get(10, TimeUnit.SECONDS).seq();
                page.await("window.__renders.some((r) => r.seq >= " + seq + ")");
                JsonNode render = null;
                for (JsonNode r : JSON.readTree(page.eval("JSON.stringify(window.__renders)"))) {
                    if (r.get("seq").asLong() >= seq) {
                        render = r;
                        break;
                    }
                }
                page.run("window.__renders = [];");
                String order = render.get("order").asText();
                if (order.equals(before)) {
                    throw new AssertionError("vote " + i + " did not reorder the page");
                }
                before = order;
                double origin = render.get("origin").asDouble();
                double sentMs = sent.getEpochSecond() * 1000.0 + sent.getNano() / 1e6;
                total[i] = origin + render.get("rendered").asDouble() - sentMs;
                transport[i] = origin + render.get("received").asDouble() - sentMs;
                inPage[i] = render.get("rendered").asDouble() - render.get("received").asDouble();
            }
            figure(engine, "desktop vote sent → page reordered (" + VOTES + " votes)", total);
            figure(engine, "  of which send → frame received by the page", transport);
            figure(engine, "  of which frame received → rows in the new order", inPage);
        } finally {
            page.open("about:blank");
        }
    }

    private static void figure(String engine, String what, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "FIGURE %s | %s | p50 %.1f ms, p99 %.1f ms, min %.1f, max %.1f",
                engine, what, pct(sorted, 50), pct(sorted, 99), sorted[0], sorted[sorted.length - 1]));
    }

    private static double pct(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
