package app.queued.server.embedded;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link LocalPostgresTest}: starts PostgreSQL, reports the port, then waits
 * to be killed without closing anything, like a host app that crashed.
 */
public final class CrashingHost {

    private CrashingHost() {
    }

    public static void main(String[] args) throws Exception {
        LocalPostgres postgres = LocalPostgres.start(Path.of(args[0]));
        Files.writeString(Path.of(args[1]), Integer.toString(postgres.port()));
        System.in.read(); // blocks until the test kills us
    }
}
