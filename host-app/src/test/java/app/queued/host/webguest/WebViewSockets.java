package app.queued.host.webguest;

import com.sun.webkit.WebPage;
import com.sun.webkit.WebPageClient;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.scene.web.WebEngine;
import netscape.javascript.JSException;
import netscape.javascript.JSObject;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;

/**
 * WebSockets for pages in JavaFX 21.0.11's WebView, which cannot open one itself: its native WebKit library exports
 * none of {@code com.sun.webkit.network.SocketStreamHandle}'s callbacks, so the first frame fails with
 * {@code UnsatisfiedLinkError: SocketStreamHandle.twkDidOpen} and the socket never opens. Each new document gets a
 * {@code window.WebSocket} with the browser's API whose frames travel over a Java-WebSocket client (sending the
 * page's {@code Origin}, as a browser does). Everything else — the page's modules, DOM, layout, storage, timers —
 * stays WebKit's own. Sockets of a document the view navigates away from are closed, as a browser closes them.
 */
public final class WebViewSockets { // public: the page calls its methods
    private static final String SHIM = """
            (function () {
              if (window.__queuedTestSockets) { return; }
              window.__queuedTestSockets = true;
              const bridge = window.queuedTestSocketBridge;
              class BridgedWebSocket extends EventTarget {
                constructor(url) {
                  super();
                  this.url = String(new URL(url, location.href));
                  this.readyState = 0;
                  this.protocol = ''; this.extensions = ''; this.binaryType = 'blob'; this.bufferedAmount = 0;
                  this.onopen = null; this.onmessage = null; this.onclose = null; this.onerror = null;
                  this._id = bridge.open(this.url, location.origin, this);
                }
                send(data) {
                  if (this.readyState === 0) { throw new DOMException('Still in CONNECTING state.', 'InvalidStateError'); }
                  if (this.readyState === 1) { bridge.send(this._id, String(data)); }
                }
                close(code, reason) {
                  if (this.readyState >= 2) { return; }
                  this.readyState = 2;
                  bridge.close(this._id, code === undefined ? 1000 : code, reason || '');
                }
                _fire(event) {
                  const handler = this['on' + event.type];
                  if (handler) { handler.call(this, event); }
                  this.dispatchEvent(event);
                }
                _open() { if (this.readyState === 0) { this.readyState = 1; this._fire(new Event('open')); } }
                _message(text) { if (this.readyState === 1) { this._fire(new MessageEvent('message', { data: text })); } }
                _closed(code, reason, clean) {
                  if (this.readyState === 3) { return; }
                  this.readyState = 3;
                  if (!clean) { this._fire(new Event('error')); }
                  this._fire(new CloseEvent('close', { code: code, reason: reason, wasClean: clean }));
                }
              }
              for (const [name, value] of [['CONNECTING', 0], ['OPEN', 1], ['CLOSING', 2], ['CLOSED', 3]]) {
                BridgedWebSocket[name] = value;
                BridgedWebSocket.prototype[name] = value;
              }
              window.WebSocket = BridgedWebSocket;
            })();
            """;

    private final Map<Integer, WebSocketClient> open = new ConcurrentHashMap<>();
    private final java.util.Deque<String> log = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final AtomicInteger ids = new AtomicInteger();

    /**
     * Installs the sockets into every document the engine loads from now on, before any of its scripts runs. WebView
     * has no public hook for that, so this wraps the engine's page client and acts on WebKit's "window object
     * cleared" callback (what other embedders use to add script bindings). Call on the FX thread.
     */
    static WebViewSockets install(WebEngine engine) {
        WebViewSockets sockets = new WebViewSockets();
        try {
            Method getPage = WebEngine.class.getDeclaredMethod("getPage");
            getPage.setAccessible(true);
            WebPage page = (WebPage) getPage.invoke(engine);
            Field clientField = WebPage.class.getDeclaredField("pageClient");
            clientField.setAccessible(true);
            WebPageClient original = (WebPageClient) clientField.get(page);
            InvocationHandler handler = (proxy, method, args) -> {
                if (method.getName().equals("didClearWindowObject")) {
                    sockets.newDocument(page);
                }
                try {
                    return method.invoke(original, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            clientField.set(page, Proxy.newProxyInstance(WebViewSockets.class.getClassLoader(),
                    new Class<?>[] {WebPageClient.class}, handler));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach this JavaFX version's WebView page client", e);
        }
        return sockets;
    }

    private void newDocument(WebPage page) {
        closeAll(); // the previous document is gone, and its sockets with it
        long frame = page.getMainFrame();
        JSObject window = (JSObject) page.executeScript(frame, "window");
        window.setMember("queuedTestSocketBridge", this);
        page.executeScript(frame, SHIM);
    }

    /** Closes every socket, like a browser tab that is closed. */
    void closeAll() {
        open.values().forEach(WebSocketClient::close);
        open.clear();
    }

    /** The sockets' last events, for failure messages. */
    String recentEvents() {
        return String.join("; ", log);
    }

    private void note(int id, String what) {
        log.addLast(System.currentTimeMillis() % 100_000 + " #" + id + " " + what);
        while (log.size() > 30) {
            log.pollFirst();
        }
    }

    /** How many sockets the page has open (or opening). */
    int openCount() {
        return open.size();
    }

    /** Cuts every connection without a close handshake, as a dropped Wi-Fi does. */
    void dropAll() {
        open.values().forEach(client -> client.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by the test"));
    }

    // ---- called from the page's JavaScript, on the FX thread

    public int open(String url, String origin, JSObject target) {
        int id = ids.incrementAndGet();
        note(id, "open " + url);
        WebSocketClient client = new WebSocketClient(URI.create(url), Map.of("Origin", origin)) {
            @Override
            public void onOpen(ServerHandshake handshake) {
                note(id, "opened");
                deliver(target, "_open");
            }

            @Override
            public void onMessage(String message) {
                note(id, "in " + message.substring(0, Math.min(40, message.length())));
                deliver(target, "_message", message);
            }

            @Override
            public void onClose(int code, String reason, boolean remote) {
                open.remove(id);
                note(id, "closed " + code + " " + reason + (remote ? " by the server" : ""));
                boolean clean = code != CloseFrame.ABNORMAL_CLOSE && code != CloseFrame.NEVER_CONNECTED;
                int shown = clean ? code : CloseFrame.ABNORMAL_CLOSE;
                deliver(target, "_closed", shown, reason == null ? "" : reason, clean);
            }

            @Override
            public void onError(Exception e) {
                // onClose follows
            }
        };
        client.setConnectionLostTimeout(0);
        client.setDaemon(true);
        open.put(id, client);
        client.connect();
        return id;
    }

    /** Calls the page's socket object on the FX thread; a document that is gone receives nothing, as in a browser. */
    private static void deliver(JSObject target, String method, Object... args) {
        Platform.runLater(() -> {
            try {
                target.call(method, args);
            } catch (JSException e) {
                // the page navigated away or reloaded meanwhile
            }
        });
    }

    public void send(int id, String text) {
        WebSocketClient client = open.get(id);
        note(id, "out " + text.substring(0, Math.min(40, text.length())) + (client != null && client.isOpen() ? "" : " (dropped)"));
        if (client != null && client.isOpen()) {
            client.send(text);
        }
    }

    public void close(int id, int code, String reason) {
        WebSocketClient client = open.get(id);
        if (client != null) {
            client.close(code, reason);
        }
    }
}
