package app.queued.server.catalog.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YouTubeCredentialsTest {

    @TempDir
    Path home;

    @Test
    void apiKeyIsStoredOwnerOnlyAndReadBack() throws Exception {
        YouTubeCredentials credentials = YouTubeCredentials.inFolder(home);
        assertThat(credentials.mode()).isEqualTo(YouTubeCredentials.Mode.NONE);
        assertThat(credentials.describe()).isEqualTo("YouTube is not set up");
        int[] changes = {0};
        credentials.onChange(() -> changes[0]++);

        credentials.setApiKey("  AIzaSyStoredKey-1234567890abcd  ");
        Path file = home.resolve(YouTubeCredentials.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("AIzaSyStoredKey-1234567890abcd");
        assertThat(credentials.mode()).isEqualTo(YouTubeCredentials.Mode.API_KEY);
        assertThat(credentials.describe()).isEqualTo("API key ending in \u2026abcd");
        assertThat(credentials.current().toString()).doesNotContain("AIza");
        assertThat(changes[0]).isEqualTo(1);
        try (var leftovers = Files.list(home)) {
            assertThat(leftovers).containsExactly(file); // no temp file left behind
        }

        YouTubeCredentials reloaded = YouTubeCredentials.inFolder(home);
        assertThat(reloaded.mode()).isEqualTo(YouTubeCredentials.Mode.API_KEY);
        assertThat(reloaded.current().apiKey()).isEqualTo("AIzaSyStoredKey-1234567890abcd");

        reloaded.signOut();
        assertThat(file).doesNotExist();
        assertThat(reloaded.mode()).isEqualTo(YouTubeCredentials.Mode.NONE);
        assertThat(YouTubeCredentials.inFolder(home).mode()).isEqualTo(YouTubeCredentials.Mode.NONE);
    }

    @Test
    void aWidenedFileIsNarrowedWhenRead() throws Exception {
        YouTubeCredentials.inFolder(home).setApiKey("AIzaSyStoredKey-1234567890abcd");
        Path file = home.resolve(YouTubeCredentials.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(YouTubeCredentials.inFolder(home).mode()).isEqualTo(YouTubeCredentials.Mode.API_KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void garbageIsIgnoredAndBadKeysRefused() throws Exception {
        Files.writeString(home.resolve(YouTubeCredentials.FILE_NAME), "{not json");
        YouTubeCredentials credentials = YouTubeCredentials.inFolder(home);
        assertThat(credentials.mode()).isEqualTo(YouTubeCredentials.Mode.NONE);
        assertThatThrownBy(() -> credentials.setApiKey("has spaces inside")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> credentials.setApiKey("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(YouTubeCredentials.apiKeyOnly("AIzaMemoryOnly").file()).isNull();
    }
}
