package app.queued.server.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Free-port helpers; the built-in servers only ever listen on 127.0.0.1. */
final class Loopback {

    static final String HOST = "127.0.0.1";

    private Loopback() {
    }

    static InetAddress address() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for a literal 4-byte address
        }
    }

    /** A port the OS says is free right now (another program may still take it before we bind). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, address())) {
            return socket.getLocalPort();
        }
    }

    /** Whether we could listen on the port; reuse-address so a just-stopped server's TIME_WAIT doesn't count. */
    static boolean isFree(int port) {
        if (port <= 0 || port > 65535) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            // On Windows SO_REUSEADDR would let us bind a port that is in use, so only set it elsewhere.
            socket.setReuseAddress(!System.getProperty("os.name", "").startsWith("Windows"));
            socket.bind(new InetSocketAddress(address(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
