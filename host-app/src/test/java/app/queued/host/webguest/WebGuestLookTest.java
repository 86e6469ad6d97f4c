package app.queued.host.webguest;

import app.queued.client.QueuedClient;
import app.queued.protocol.Results;
import app.queued.server.testing.TestServer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Exploratory: the page in WebView through the dev front door; screenshots to /tmp. */
class WebGuestLookTest {
    @Test
    void look() throws Exception {
        com.sun.javafx.webkit.WebConsoleListener.setDefaultListener(
                (view, message, line, source) -> System.out.println("CONSOLE " + source + ":" + line + " " + message));
        try (TestServer server = TestServer.start(); DevFrontDoor front = new DevFrontDoor(server.server().port())) {
            Results.RoomCreated room = server.createRoom("Friday party");
            QueuedClient bo = QueuedClient.builder(server.uri()).build();
            bo.connect().get(10, TimeUnit.SECONDS);
            bo.joinAsGuest(room.joinCode(), "Bo", null).get(10, TimeUnit.SECONDS);
            long a = bo.add("dQw4w9WgXcQ").get(10, TimeUnit.SECONDS).trackId();
            bo.add("fJ9rUzIMcZQ").get(10, TimeUnit.SECONDS);
            bo.add("9bZkp7q19f0").get(10, TimeUnit.SECONDS);
            PhoneWebView page = PhoneWebView.open();
            page.load("http://127.0.0.1:" + front.port() + "/#code=" + room.joinCode());
            page.await("document.getElementById('join-screen') && !document.getElementById('join-screen').hidden");
            page.screenshot(Path.of("/tmp/wg-join.png"));
            for (String m : new String[] {"/room-state.js", "/identity.js", "/queue-list.js", "/connection.js", "/app.js"}) {
                page.js("window.__e = 'pending'; import('" + m + "').then(() => window.__e = 'ok', e => window.__e = String(e) + ' ' + e.line + ' ' + e.sourceURL)");
                page.await("window.__e !== 'pending'");
                System.out.println("IMPORT " + m + " " + page.string("window.__e"));
            }
            System.out.println("VERSION " + page.string("navigator.userAgent"));
            page.js("document.getElementById('join-nickname').value = 'Ana';"
                    + "document.getElementById('join-submit').click()");
            try {
                page.await("document.querySelectorAll('#queue li').length === 3");
            } finally {
System.out.println("TRY " + page.string("(() => { try { new WebSocket('ws://127.0.0.1:1/'); return 'ok'; } catch (e) { return 'threw ' + e + ' ' + e.stack; } })()"));
                System.out.println("SHIM " + page.string("String(window.__queuedTestSockets) + ' ' + WebSocket.name + ' ' + typeof window.queuedTestSocketBridge") + " open=" + page.sockets().openCount());
                System.out.println("HASH " + page.string("location.href + ' code=' + document.getElementById('join-code').value"));
                System.out.println("STATE " + page.string("document.getElementById('join-error').textContent + ' | busy=' + !document.getElementById('join-busy').hidden + ' | party=' + !document.getElementById('party-screen').hidden + ' | banner=' + document.getElementById('banner-text').textContent"));
                page.screenshot(Path.of("/tmp/wg-after.png"));
            }
            page.screenshot(Path.of("/tmp/wg-queue.png"));
            bo.vote(a, 1).get(10, TimeUnit.SECONDS);
            page.await("document.querySelector('#queue li').dataset.trackId === '" + a + "'");
            page.js("document.getElementById('add-input').value = 'queen';"
                    + "document.getElementById('add-submit').click()");
            page.await("document.querySelectorAll('#results li').length > 0");
            page.screenshot(Path.of("/tmp/wg-search.png"));
            System.out.println("ORDER " + page.string("[...document.querySelectorAll('#queue li')].map(r => r.dataset.trackId).join(',')"));
            bo.close();
        }
    }
}
