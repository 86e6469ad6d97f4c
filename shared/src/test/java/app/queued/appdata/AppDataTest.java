package app.queued.appdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppDataTest {

    private static final String HOME = "/home/ana";

    @Test
    void linuxUsesXdgDataHome() {
        assertThat(AppData.resolve("Linux", Map.of("XDG_DATA_HOME", "/data/xdg"), HOME))
                .isEqualTo(Path.of("/data/xdg/queued"));
    }

    @Test
    void linuxFallsBackToLocalShare() {
        assertThat(AppData.resolve("Linux", Map.of(), HOME)).isEqualTo(Path.of(HOME, ".local", "share", "queued"));
    }

    @Test
    void linuxIgnoresRelativeOrBlankXdgDataHome() {
        Path expected = Path.of(HOME, ".local", "share", "queued");
        assertThat(AppData.resolve("Linux", Map.of("XDG_DATA_HOME", "relative/dir"), HOME)).isEqualTo(expected);
        assertThat(AppData.resolve("Linux", Map.of("XDG_DATA_HOME", "  "), HOME)).isEqualTo(expected);
    }

    @Test
    void otherUnixesBehaveLikeLinux() {
        assertThat(AppData.resolve("FreeBSD", Map.of(), HOME)).isEqualTo(Path.of(HOME, ".local", "share", "queued"));
    }

    @Test
    void macUsesApplicationSupport() {
        assertThat(AppData.resolve("Mac OS X", Map.of("XDG_DATA_HOME", "/ignored"), "/Users/ana"))
                .isEqualTo(Path.of("/Users/ana", "Library", "Application Support", "Queued"));
    }

    @Test
    void windowsUsesAppData() {
        String appData = "C:\\Users\\ana\\AppData\\Roaming";
        assertThat(AppData.resolve("Windows 11", Map.of("APPDATA", appData), "C:\\Users\\ana"))
                .isEqualTo(Path.of(appData).resolve("Queued"));
    }

    @Test
    void windowsWithoutAppDataUsesRoamingUnderHome() {
        assertThat(AppData.resolve("Windows 10", Map.of(), "C:\\Users\\ana"))
                .isEqualTo(Path.of("C:\\Users\\ana", "AppData", "Roaming", "Queued"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Linux", "Mac OS X", "Windows 11"})
    void queuedHomeOverridesEveryPlatform(String os) {
        Map<String, String> env = Map.of("QUEUED_HOME", "/srv/queued", "APPDATA", "C:\\x", "XDG_DATA_HOME", "/xdg");
        assertThat(AppData.resolve(os, env, HOME)).isEqualTo(Path.of("/srv/queued"));
    }

    @Test
    void blankQueuedHomeIsIgnored() {
        assertThat(AppData.resolve("Linux", Map.of("QUEUED_HOME", " "), HOME))
                .isEqualTo(Path.of(HOME, ".local", "share", "queued"));
    }

    @Test
    void defaultDirIsResolvedForThisMachine() {
        assertThat(AppData.defaultDir()).isEqualTo(
                AppData.resolve(System.getProperty("os.name"), System.getenv(), System.getProperty("user.home")));
    }
}
