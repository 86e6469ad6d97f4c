package app.queued.server.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/** A node's default name: the host name and the process id (and a number for a second server in one process). */
public final class NodeIds {
    private static final AtomicInteger IN_THIS_PROCESS = new AtomicInteger();

    private NodeIds() {
    }

    public static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "node");
        }
        host = host.replaceAll("[^A-Za-z0-9.-]", "-");
        if (host.length() > 60) {
            host = host.substring(0, 60);
        }
        int n = IN_THIS_PROCESS.incrementAndGet();
        return host + "-" + ProcessHandle.current().pid() + (n == 1 ? "" : "-" + n);
    }
}
