package app.queued.server.cluster;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/** Daemon threads named prefix-N whose log lines carry the node id (logback {@code %X{node}}) when there is one. */
public final class NodeThreads {
    /** The MDC key the log pattern prints. */
    public static final String MDC_KEY = "node";

    private NodeThreads() {
    }

    public static ThreadFactory named(String prefix, String nodeIdOrNull) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Runnable tagged = nodeIdOrNull == null ? runnable : () -> {
                MDC.put(MDC_KEY, nodeIdOrNull);
                runnable.run();
            };
            Thread thread = new Thread(tagged, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
