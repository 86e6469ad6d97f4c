package app.queued.server;

import java.time.Duration;

/**
 * Hears how a {@link VoteServer} start goes, part by part, so a window can show progress. Called from the starting
 * threads (PostgreSQL and Redis start side by side, so two calls may overlap): hand anything visual to the UI thread.
 */
public interface StartupProgress {

    /** The parts of a start, in the order they usually finish. */
    enum Part {
        /** The built-in PostgreSQL (embedded mode) or the connection to an external one. */
        DATABASE,
        /** The built-in Redis (embedded mode) or the connection to an external one. */
        CACHE,
        /** Schema migrations and the connection pool. */
        STORE,
        /** The WebSocket endpoint guests connect to. */
        SERVER
    }

    void started(Part part);

    void finished(Part part, Duration took);

    /** Nobody listening. */
    static StartupProgress none() {
        return new StartupProgress() {
            @Override
            public void started(Part part) {
            }

            @Override
            public void finished(Part part, Duration took) {
            }
        };
    }
}
