package app.queued.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network path of some of the fault scenario's screens: a loopback relay to the server that can cut every
 * connection through it at once, mid-request, like a Wi-Fi dropping. The screens reconnect through it.
 */
final class ClientRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Socket> servers = ConcurrentHashMap.newKeySet();
    private volatile boolean swallowing;
    private volatile boolean closed;

    ClientRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "bench-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /**
     * From now on the server's answers are lost on the way (the requests still reach it) until {@link #cutAll}: the
     * requests sent meanwhile are cut off mid-request, after the server handled them.
     */
    void loseAnswers() {
        swallowing = true;
    }

    /** Drops every connection through the relay (new ones are relayed again at once); returns how many. */
    int cutAll() {
        swallowing = false;
        int pairs = open.size() / 2;
        for (Socket socket : open) {
            quietlyClose(socket);
        }
        open.clear();
        return pairs;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            Socket server = new Socket();
            try {
                server.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
            } catch (IOException e) {
                quietlyClose(client); // the server is down (restarting): the screen retries later
                quietlyClose(server);
                continue;
            }
            open.add(client);
            open.add(server);
            servers.add(server);
            pipe(client, server);
            pipe(server, client);
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                boolean fromServer = servers.contains(from);
                while ((n = in.read(buffer)) >= 0) {
                    if (fromServer && swallowing) {
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away: drop both
            } finally {
                quietlyClose(from);
                quietlyClose(to);
                open.remove(from);
                open.remove(to);
                servers.remove(from);
                servers.remove(to);
            }
        }, "bench-relay-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        cutAll();
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
