package app.queued.host.webguest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Serves the web guest's modules and the tests' harness pages from loopback, for the parity test, which needs the
 * page's own {@code room-state.js} in a browser engine but no vote server. {@code /test/x} is the test resource
 * {@code app/queued/host/webguest/x}; any other path is the served web folder's file.
 */
final class HarnessServer implements AutoCloseable {
    static final String WEB = "/app/queued/server/web/";
    private static final String HARNESS = "/app/queued/host/webguest/";

    private final HttpServer server;

    private HarnessServer(HttpServer server) {
        this.server = server;
    }

    static HarnessServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", HarnessServer::serve);
            server.start();
            return new HarnessServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String resource = path.startsWith("/test/") ? HARNESS + path.substring(6) : WEB + path.substring(1);
        try (exchange; InputStream in = resource.contains("..") ? null : HarnessServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = in.readAllBytes();
            String type = path.endsWith(".js") ? "text/javascript" : path.endsWith(".css") ? "text/css" : "text/html";
            exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
