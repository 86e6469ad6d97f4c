package app.queued.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A loopback TCP relay between a client and the server that a test can cut, like Wi-Fi dropping or a laptop
 * sleeping: {@link #block()} drops every connection and refuses new ones until {@link #unblock()}.
 *
 * <p>Put between the vote server and PostgreSQL it can also lose one answer: {@link #loseReplyTo} lets a chosen
 * statement (a COMMIT, the one-statement vote commit) through to PostgreSQL, which carries it out, and drops what
 * PostgreSQL answers — as when PostgreSQL restarts right after committing or the network drops the reply.
 */
public final class TcpProxy implements AutoCloseable {
    /** What happens to the connection whose answer is lost. */
    public enum Loss {
        /** The answer never comes and the connection stays open, silent (a dropped network path). */
        SILENT,
        /** Once PostgreSQL has answered, the connection is closed without the answer (PostgreSQL restarted). */
        CLOSE,
        /** As CLOSE, and the proxy then refuses every connection until {@link #unblock()} (still restarting). */
        CLOSE_AND_BLOCK
    }

    private final ServerSocket listener;
    private final int targetPort;
    private final boolean postgres;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean blocked;
    private volatile boolean closed;
    private volatile Armed armed;
    private volatile long upstreamDelayMillis;

    private record Armed(Predicate<String> statement, Loss loss, CompletableFuture<Void> lost) {
    }

    public TcpProxy(int targetPort) throws IOException {
        this(targetPort, false);
    }

    private TcpProxy(int targetPort, boolean postgres) throws IOException {
        this.targetPort = targetPort;
        this.postgres = postgres;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /**
     * A relay to the PostgreSQL of this JDBC URL that reads the statements going through it (for
     * {@link #loseReplyTo}); connect with {@link #jdbcUrlFor}.
     */
    public static TcpProxy toPostgres(String jdbcUrl) throws IOException {
        return new TcpProxy(Integer.parseInt(jdbcUrl.replaceFirst("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1")),
                true);
    }

    /** The same JDBC URL through this proxy; without SSL, so the proxy can read the statements. */
    public String jdbcUrlFor(String jdbcUrl) {
        String through = jdbcUrl.replaceFirst("^(jdbc:postgresql://[^:/]+):\\d+/", "$1:" + port() + "/");
        return through + (through.contains("?") ? "&" : "?") + "sslmode=disable";
    }

    /**
     * Arms the proxy once: the next statement (on any connection) whose SQL text matches is let through, and
     * PostgreSQL's answer to it is lost. Completes when that answer was lost.
     */
    public CompletableFuture<Void> loseReplyTo(Predicate<String> statement, Loss loss) {
        CompletableFuture<Void> lost = new CompletableFuture<>();
        armed = new Armed(statement, loss, lost);
        return lost;
    }

    /** From now on every chunk the client sends reaches the server this much later (a slow link, as Wi-Fi returns). */
    public void delayUpstream(java.time.Duration delay) {
        upstreamDelayMillis = delay.toMillis();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (blocked) {
                    client.close();
                    continue;
                }
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
                open.add(client);
                open.add(server);
                Link link = new Link(client, server);
                pipe(client, server, link, true);
                pipe(server, client, link, false);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** One relayed connection: what its client sent so far, and whether PostgreSQL's next answer is to be lost. */
    private final class Link {
        final Socket client;
        final Socket server;
        final PgFrontend frontend = new PgFrontend();
        final PgBackend afterLoss = new PgBackend();
        volatile Armed dooming;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        /** Client to server: spots the armed statement before it is forwarded. */
        void fromClient(byte[] buffer, int n) {
            if (!postgres) {
                return;
            }
            Armed current = armed;
            Predicate<String> match = current == null || dooming != null ? sql -> false : current.statement();
            if (frontend.feed(buffer, n, match) && current != null) {
                synchronized (TcpProxy.this) {
                    if (armed == current) {
                        armed = null;
                        dooming = current;
                    }
                }
            }
        }

        /** Server to client: false when these bytes are lost. */
        boolean forwardFromServer(byte[] buffer, int n) {
            Armed doom = dooming;
            if (doom == null) {
                return true;
            }
            if (doom.loss() == Loss.SILENT) {
                doom.lost().complete(null);
            } else if (afterLoss.feedUntilReady(buffer, n)) {
                // PostgreSQL has finished answering (ReadyForQuery): the statement was carried out; drop the line
                if (doom.loss() == Loss.CLOSE_AND_BLOCK) {
                    block();
                }
                quietlyClose(client);
                quietlyClose(server);
                doom.lost().complete(null);
            }
            return false;
        }
    }

    private void pipe(Socket from, Socket to, Link link, boolean fromClient) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (fromClient) {
                        link.fromClient(buffer, n);
                        long delay = upstreamDelayMillis;
                        if (delay > 0) {
                            Thread.sleep(delay); // the simulated link's latency, not a wait for something
                        }
                    } else if (!link.forwardFromServer(buffer, n)) {
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away: drop both
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                quietlyClose(from);
                quietlyClose(to);
            }
        }, "tcp-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    /** Drops every relayed connection and refuses new ones. */
    public void block() {
        blocked = true;
        open.forEach(TcpProxy::quietlyClose);
        open.clear();
    }

    public void unblock() {
        blocked = false;
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
        block();
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /**
     * Reads what a PostgreSQL client sends, message by message (protocol 3: untyped startup messages, then a type
     * byte and a length each), and tells when a statement whose text matches is about to run: a simple query, or a
     * bind of a statement parsed earlier on this connection (named statements are parsed once, bound many times).
     */
    static final class PgFrontend {
        private static final int SSL_REQUEST = 80877103;
        private static final int GSSENC_REQUEST = 80877104;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        private final java.util.Map<String, String> statements = new java.util.HashMap<>();
        private boolean startup = true;

        boolean feed(byte[] buffer, int n, Predicate<String> match) {
            pending.write(buffer, 0, n);
            byte[] data = pending.toByteArray();
            int at = 0;
            boolean seen = false;
            while (true) {
                int header = startup ? 4 : 5;
                if (data.length - at < header) {
                    break;
                }
                int length = readInt(data, startup ? at : at + 1);
                int total = (startup ? 0 : 1) + length;
                if (length < 4 || data.length - at < total) {
                    break;
                }
                if (startup) {
                    int code = length >= 8 ? readInt(data, at + 4) : 0;
                    startup = code == SSL_REQUEST || code == GSSENC_REQUEST;
                } else {
                    seen |= message((char) data[at], data, at + 5, at + total, match);
                }
                at += total;
            }
            pending.reset();
            pending.write(data, at, data.length - at);
            return seen;
        }

        private boolean message(char type, byte[] data, int from, int to, Predicate<String> match) {
            if (type == 'Q') {
                return match.test(cString(data, from, to));
            }
            if (type == 'P') {
                String name = cString(data, from, to);
                int textAt = from + name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
                statements.put(name, cString(data, textAt, to));
                return false;
            }
            if (type == 'B') {
                String portal = cString(data, from, to);
                int nameAt = from + portal.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
                String text = statements.get(cString(data, nameAt, to));
                return text != null && match.test(text);
            }
            return false;
        }
    }

    /** Reads what PostgreSQL answers, from a message boundary on, until its ReadyForQuery ('Z'). */
    static final class PgBackend {
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        boolean feedUntilReady(byte[] buffer, int n) {
            pending.write(buffer, 0, n);
            byte[] data = pending.toByteArray();
            int at = 0;
            while (data.length - at >= 5) {
                int total = 1 + readInt(data, at + 1);
                if (data.length - at < total) {
                    break;
                }
                if (data[at] == 'Z') {
                    return true;
                }
                at += total;
            }
            pending.reset();
            pending.write(data, at, data.length - at);
            return false;
        }
    }

    private static int readInt(byte[] data, int at) {
        return ((data[at] & 0xff) << 24) | ((data[at + 1] & 0xff) << 16) | ((data[at + 2] & 0xff) << 8)
                | (data[at + 3] & 0xff);
    }

    private static String cString(byte[] data, int from, int to) {
        int end = from;
        while (end < to && data[end] != 0) {
            end++;
        }
        return new String(data, from, end - from, java.nio.charset.StandardCharsets.UTF_8);
    }
}
