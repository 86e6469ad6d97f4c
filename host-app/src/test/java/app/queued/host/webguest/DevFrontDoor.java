package app.queued.host.webguest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Throwaway stand-in until the vote server serves the page itself: one loopback port that answers GETs with the
 * web folder's files (with the planned Content-Security-Policy) and passes WebSocket upgrades on to the vote server.
 */
final class DevFrontDoor implements AutoCloseable {
    private final ServerSocket listener;
    private final int votePort;

    DevFrontDoor(int votePort) throws IOException {
        this.votePort = votePort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "dev-front-door");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread t = new Thread(() -> handle(client), "dev-front-door-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try {
            InputStream in = client.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    client.close();
                    return;
                }
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.toLowerCase().contains("upgrade: websocket")) {
                Socket server = new Socket(InetAddress.getLoopbackAddress(), votePort);
                server.getOutputStream().write(head.toByteArray());
                pipe(in, server.getOutputStream(), server);
                pipe(server.getInputStream(), client.getOutputStream(), client);
                return;
            }
            String path = text.split(" ", 3)[1];
            int cut = path.indexOf('?');
            path = cut >= 0 ? path.substring(0, cut) : path;
            String file = path.equals("/") ? "index.html" : path.substring(1);
            byte[] body = null;
            if (!file.contains("..")) {
                try (InputStream res = DevFrontDoor.class.getResourceAsStream(HarnessServer.WEB + file)) {
                    body = res == null ? null : res.readAllBytes();
                }
            }
            String host = "127.0.0.1:" + port();
            try (OutputStream out = client.getOutputStream()) {
                String type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css"
                        : file.endsWith(".svg") ? "image/svg+xml" : "text/html";
                String status = body == null ? "404 Not Found" : "200 OK";
                byte[] payload = body == null ? new byte[0] : body;
                out.write(("HTTP/1.1 " + status + "\r\nContent-Type: " + type + "; charset=utf-8\r\n"
                        + "Content-Length: " + payload.length + "\r\nConnection: close\r\nCache-Control: no-cache\r\n"
                        + "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; "
                        + "img-src 'self' data:; connect-src 'self' ws://" + host + " wss://" + host
                        + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'\r\n"
                        + "X-Content-Type-Options: nosniff\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(payload);
            }
            client.close();
        } catch (IOException e) {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static void pipe(InputStream from, OutputStream to, Socket closeWhenDone) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // one side closed
            }
            try {
                closeWhenDone.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }, "dev-front-door-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
