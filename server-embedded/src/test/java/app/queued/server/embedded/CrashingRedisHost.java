package app.queued.server.embedded;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link LocalRedisTest}: starts Redis with its record in an app-data folder, reports the
 * port, then waits to be killed without closing anything, like a host app that crashed.
 */
public final class CrashingRedisHost {

    private CrashingRedisHost() {
    }

    public static void main(String[] args) throws Exception {
        LocalRedis redis = LocalRedis.start(Path.of(args[0]));
        Files.writeString(Path.of(args[1]), Integer.toString(redis.port()));
        System.in.read(); // blocks until the test kills us
    }
}
