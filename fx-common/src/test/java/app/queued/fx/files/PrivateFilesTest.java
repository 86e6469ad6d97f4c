package app.queued.fx.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one owner-only atomic writer both apps keep their secrets with. */
class PrivateFilesTest {
    @TempDir
    Path temp;

    @Test
    void writesReplacesAndReadsBackWithNoTemporaryFileLeft() throws Exception {
        Path file = temp.resolve("app-data/secrets.json");
        PrivateFiles.write(file, "one".getBytes(StandardCharsets.UTF_8));
        PrivateFiles.write(file, "two".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(PrivateFiles.read(file), StandardCharsets.UTF_8)).isEqualTo("two");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secrets.json");
        }
    }

    @Test
    void onlyTheUserMayReadTheFileAndItsNewFolder() throws Exception {
        assumeTrue(temp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path file = temp.resolve("app-data/secrets.json");
        PrivateFiles.write(file, new byte[] {1});
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");

        // someone widened it: reading and writing narrow it again
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.read(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        PrivateFiles.write(file, new byte[] {2});
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
