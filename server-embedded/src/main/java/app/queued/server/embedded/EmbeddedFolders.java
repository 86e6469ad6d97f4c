package app.queued.server.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the embedded PostgreSQL's binaries are unpacked: a folder of this user's, readable and writable by nobody
 * else. zonky's default is a shared {@code /tmp/embedded-pg} that the first user to run creates world-writable and
 * every other user then executes programs from — another user could have put their own {@code postgres} there.
 * The binaries are kept between runs (unpacking them takes a second or two); the data lives elsewhere. zonky
 * makes the folder writable for everyone each time it starts; {@link #ownerOnly} is called again after that, and
 * the folder above it is the owner's alone in any case.
 */
public final class EmbeddedFolders {
    /** Overrides the folder (system property, then environment variable). */
    public static final String OVERRIDE = "QUEUED_PG_BINARIES";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private EmbeddedFolders() {
    }

    /** This user's folder for the PostgreSQL binaries, created (owner only) if need be. */
    public static Path postgresBinaries() throws IOException {
        String override = System.getProperty("queued.pg.binaries", System.getenv(OVERRIDE));
        if (override != null && !override.isBlank()) {
            return ownerOnly(Path.of(override));
        }
        Path cache = ownerOnly(cacheDir(System.getProperty("os.name", ""), System.getenv(),
                System.getProperty("user.home")));
        return ownerOnly(cache.resolve("embedded-pg"));
    }

    /** The per-user cache folder of each platform (pure, so every branch can be tested anywhere). */
    static Path cacheDir(String osName, Map<String, String> env, String userHome) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            return (local != null && !local.isBlank() ? Path.of(local) : Path.of(userHome, "AppData", "Local"))
                    .resolve("Queued").resolve("cache");
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return Path.of(userHome, "Library", "Caches", "Queued");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "queued");
        }
        return Path.of(userHome, ".cache", "queued");
    }

    /** Creates the folder for its owner alone, and tightens one that exists with looser rights. */
    public static Path ownerOnly(Path folder) throws IOException {
        boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(folder)) {
            if (posix) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createDirectories(folder);
            }
        }
        if (posix && !Files.getPosixFilePermissions(folder).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(folder, OWNER_ONLY);
        }
        return folder;
    }
}
