package app.queued.host.player;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the player page to the WebView from a loopback HTTP address. YouTube's embedded player wants a real page
 * origin (a page loaded from a string has none, and YouTube then refuses to play), so the page lives at
 * {@code http://127.0.0.1:<port>/player.html}. Only this machine can reach it.
 *
 * <p>{@code apiUrl} is the IFrame API script: YouTube's, or a stand-in that tests serve from here as well.
 */
public final class PlayerPage implements AutoCloseable {
    public static final String YOUTUBE_API = "https://www.youtube.com/iframe_api";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String apiUrl;

    private PlayerPage(HttpServer server, ExecutorService executor, String apiUrl) {
        this.server = server;
        this.executor = executor;
        this.apiUrl = apiUrl;
    }

    /**
     * @param apiUrl  the IFrame API script URL; a path starting with {@code /} is served from {@code extraFiles}
     * @param extraFiles path → classpath resource, served as JavaScript (tests' stand-in API)
     */
    public static PlayerPage start(String apiUrl, Map<String, String> extraFiles) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "queued-player-page");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/player.html", exchange -> send(exchange, "text/html", resource("player.html")));
            extraFiles.forEach((path, resource) -> server.createContext(path,
                    exchange -> send(exchange, "application/javascript", resource(resource))));
            server.start();
            return new PlayerPage(server, executor, apiUrl);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the player page on loopback", e);
        }
    }

    public static PlayerPage youtube() {
        return start(YOUTUBE_API, Map.of());
    }

    public String pageUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/player.html";
    }

    /** The API script's absolute URL. */
    public String apiUrl() {
        return apiUrl.startsWith("/") ? "http://127.0.0.1:" + server.getAddress().getPort() + apiUrl : apiUrl;
    }

    private static byte[] resource(String name) throws IOException {
        String path = name.startsWith("/") ? name : "/app/queued/host/player/" + name;
        try (InputStream in = PlayerPage.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing resource " + path);
            }
            return in.readAllBytes();
        }
    }

    private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    static String page() {
        try {
            return new String(resource("player.html"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
