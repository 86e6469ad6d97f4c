package app.queued.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL binaries live in a folder of the user's own, never in a shared world-writable one. */
class EmbeddedFoldersTest {
    @TempDir
    Path home;

    @Test
    void eachPlatformsPerUserCacheFolder() {
        assertThat(EmbeddedFolders.cacheDir("Linux", Map.of(), "/home/ana")).isEqualTo(Path.of("/home/ana/.cache/queued"));
        assertThat(EmbeddedFolders.cacheDir("Linux", Map.of("XDG_CACHE_HOME", "/c"), "/home/ana"))
                .isEqualTo(Path.of("/c/queued"));
        assertThat(EmbeddedFolders.cacheDir("Linux", Map.of("XDG_CACHE_HOME", "rel"), "/home/ana"))
                .isEqualTo(Path.of("/home/ana/.cache/queued"));
        assertThat(EmbeddedFolders.cacheDir("Mac OS X", Map.of(), "/Users/ana"))
                .isEqualTo(Path.of("/Users/ana/Library/Caches/Queued"));
        assertThat(EmbeddedFolders.cacheDir("Windows 11", Map.of("LOCALAPPDATA", "C:\\L"), "x"))
                .isEqualTo(Path.of("C:\\L").resolve("Queued").resolve("cache"));
    }

    @Test
    void theFolderIsTheOwnersAloneEvenAfterSomeoneOpenedIt() throws Exception {
        if (!Files.getFileStore(home).supportsFileAttributeView("posix")) {
            return;
        }
        Path folder = EmbeddedFolders.ownerOnly(home.resolve("a").resolve("embedded-pg"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx-w--w-")); // what zonky does
        EmbeddedFolders.ownerOnly(folder);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
    }
}
