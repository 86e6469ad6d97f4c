package app.queued.guest.identity;

import app.queued.appdata.AppData;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guest's identities on disk: per server and room, private to the user, robust to a damaged file. */
class IdentityStoreTest {
    @TempDir
    Path home;

    @Test
    void remembersPerServerAndRoomCodeHoweverTheCodeWasTyped() throws Exception {
        IdentityStore store = new IdentityStore(home.resolve("guest"));
        assertThat(store.find("10.0.0.2:7765", "K7QX4M", "Ana")).isEmpty();
        store.save(new GuestIdentity("10.0.0.2:7765", "k7qx-4m", "token-a", "Ana", "Friday", 10));
        store.save(new GuestIdentity("10.0.0.3:7765", "K7QX4M", "token-b", "Ana", "Other", 20));
        store.save(new GuestIdentity("10.0.0.2:7765", "ZZZZZZ", "token-c", "Ana", "Third", 5));

        IdentityStore reopened = new IdentityStore(home.resolve("guest"));
        assertThat(reopened.find("10.0.0.2:7765", "K7Q X4M", "ana")).get().extracting(GuestIdentity::guestToken)
                .isEqualTo("token-a");
        assertThat(reopened.find("10.0.0.3:7765", "k7qx4m", "Ana")).get().extracting(GuestIdentity::guestToken)
                .isEqualTo("token-b");
        assertThat(reopened.lastUsed()).get().extracting(GuestIdentity::roomName).isEqualTo("Other");

        // Another nickname in that room is another person: both are kept.
        reopened.save(new GuestIdentity("10.0.0.2:7765", "K7QX4M", "token-a2", "Ben", "Friday", 30));
        assertThat(reopened.find("10.0.0.2:7765", "K7QX4M")).extracting(GuestIdentity::guestToken)
                .containsExactly("token-a2", "token-a");
        assertThat(reopened.lastUsed()).get().extracting(GuestIdentity::nickname).isEqualTo("Ben");
        // The same person again (same token) is refreshed, not doubled.
        reopened.save(new GuestIdentity("10.0.0.2:7765", "K7QX4M", "token-a", "Ana", "Friday", 40));
        assertThat(reopened.find("10.0.0.2:7765", "K7QX4M")).extracting(GuestIdentity::guestToken)
                .containsExactly("token-a", "token-a2");
    }

    @Test
    void theFileAndItsFolderAreTheUsersAlone() throws Exception {
        Path dir = home.resolve("guest");
        IdentityStore store = new IdentityStore(dir);
        store.save(new GuestIdentity("10.0.0.2:7765", "K7QX4M", "token-a", "Ana", "Friday", 10));
        if (!Files.getFileStore(home).supportsFileAttributeView("posix")) {
            return;
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        // A file left with looser rights is tightened on the next save.
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));
        store.save(new GuestIdentity("10.0.0.2:7765", "K7QX4M", "token-b", "Ana", "Friday", 11));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(store.file());
        }
    }

    @Test
    void aDamagedFileMeansJoiningAsANewGuestNotACrash() throws Exception {
        Path dir = home.resolve("guest");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(IdentityStore.FILE_NAME), "{not json");
        IdentityStore store = new IdentityStore(dir);
        assertThat(store.find("10.0.0.2:7765", "K7QX4M")).isEmpty();
        assertThat(store.lastUsed()).isEmpty();
        store.save(new GuestIdentity("10.0.0.2:7765", "K7QX4M", "token-a", "Ana", "Friday", 10));
        assertThat(store.find("10.0.0.2:7765", "K7QX4M")).isNotEmpty();
    }

    @Test
    void keepsTheNewestHundredParties() throws Exception {
        IdentityStore store = new IdentityStore(home);
        for (int i = 0; i < IdentityStore.MAX_ENTRIES + 5; i++) {
            store.save(new GuestIdentity("10.0.0.2:7765", "CODE" + i, "t" + i, "Ana", "Party " + i, i));
        }
        assertThat(store.find("10.0.0.2:7765", "CODE0")).isEmpty();
        assertThat(store.find("10.0.0.2:7765", "CODE104")).isNotEmpty();
    }

    @Test
    void anIdentityInUseByAnotherAppIsNotHandedOutAgainUntilItIsLetGo() throws Exception {
        IdentityStore store = new IdentityStore(home.resolve("guest"));
        store.save(new GuestIdentity("10.0.0.2:7765", "K7QX4M", "token-a", "Ana", "Friday", 10));
        try (IdentityStore.Claim first = store.claim("10.0.0.2:7765", "K7QX4M", "Ana")) {
            assertThat(first.tokenOrNull()).isEqualTo("token-a");
            IdentityStore.Claim second = new IdentityStore(home.resolve("guest")).claim("10.0.0.2:7765", "K7QX4M", "Ana");
            assertThat(second.tokenOrNull()).isNull();
            assertThat(second.nameInUseElsewhere()).isTrue();
            IdentityStore.Claim other = store.claim("10.0.0.2:7765", "K7QX4M", "Ben");
            assertThat(other.tokenOrNull()).isNull();
            assertThat(other.nameInUseElsewhere()).isFalse();
        }
        try (IdentityStore.Claim again = store.claim("10.0.0.2:7765", "K7QX4M", "ana")) {
            assertThat(again.tokenOrNull()).isEqualTo("token-a");
        }
    }

    @Test
    void theTokenNeverShowsInText() {
        GuestIdentity identity = new GuestIdentity("10.0.0.2:7765", "K7QX4M", "super-secret", "Ana", "Friday", 1);
        assertThat(identity.toString()).doesNotContain("super-secret");
    }

    @Test
    void theAppDataFolderFollowsEachPlatformsConvention() {
        assertThat(AppData.resolve("Linux", Map.of(), "/home/ana")).isEqualTo(Path.of("/home/ana/.local/share/queued"));
        assertThat(AppData.resolve("Linux", Map.of("XDG_DATA_HOME", "/data"), "/home/ana"))
                .isEqualTo(Path.of("/data/queued"));
        assertThat(AppData.resolve("Mac OS X", Map.of(), "/Users/ana"))
                .isEqualTo(Path.of("/Users/ana/Library/Application Support/Queued"));
        assertThat(AppData.resolve("Windows 11", Map.of("APPDATA", "C:\\Users\\ana\\AppData\\Roaming"), "x"))
                .isEqualTo(Path.of("C:\\Users\\ana\\AppData\\Roaming").resolve("Queued"));
        assertThat(AppData.resolve("Linux", Map.of("QUEUED_HOME", "/portable"), "/home/ana"))
                .isEqualTo(Path.of("/portable"));
    }
}
