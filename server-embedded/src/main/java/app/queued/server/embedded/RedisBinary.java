package app.queued.server.embedded;

import java.io.File;
import java.io.IOException;

import redis.embedded.core.ExecutableProvider;

/**
 * The redis-server binary for this computer, written out of embedded-redis's jar once per run and reused by every
 * start. Writing it for each start (the library's default) made starts fail with "error=26, Text file busy": a
 * process that any other thread starts while the file is being written inherits it open for writing, and Linux
 * refuses to run a file that is open for writing anywhere — PostgreSQL starting beside Redis is such a thread.
 * So it is written once, before anything else of ours starts processes ({@link EmbeddedServices}), and never again;
 * it is removed (with the folder it was written to) when the JVM exits, so runs leave no 10 MB copies behind.
 */
final class RedisBinary {
    private static File written; // guarded by RedisBinary.class

    private RedisBinary() {
    }

    /**
     * Writes the binary if this run has not yet (or its file is gone, say a temp-folder cleaner took it).
     *
     * @throws RuntimeException if embedded-redis has no binary for this system
     */
    static synchronized File get() throws IOException {
        if (written == null || !written.canExecute()) {
            boolean first = written == null;
            written = ExecutableProvider.newJarResourceProvider().get();
            if (first) {
                Runtime.getRuntime().addShutdownHook(new Thread(RedisBinary::delete, "queued-redis-binary-delete"));
            }
        }
        return written;
    }

    /** Removes the written binary and its folder (at exit; every Redis of this run has stopped by then). */
    static synchronized void delete() {
        if (written == null) {
            return;
        }
        try {
            java.nio.file.Files.deleteIfExists(written.toPath());
            java.nio.file.Path folder = written.toPath().getParent();
            if (folder != null && folder.getFileName().toString().startsWith("redis-")) {
                java.nio.file.Files.deleteIfExists(folder);
            }
        } catch (IOException e) {
            // best effort: a temp-folder cleaner gets it later
        }
        written = null;
    }
}
