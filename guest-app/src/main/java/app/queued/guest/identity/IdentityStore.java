package app.queued.guest.identity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Remembers the guest's identity per server and room in one JSON file in the app-data folder, readable and
 * writable only by the user (mode 600 in a 700 folder where the file system has POSIX permissions; on Windows the
 * per-user app-data folder is private already). Writes go to a private temporary file that replaces the old one
 * atomically, so a crash never leaves half a file. Blocking: call it off the UI thread.
 */
public final class IdentityStore {
    public static final String FILE_NAME = "guest-identities.json";
    /** Enough for every party a guest goes to in years; the oldest are forgotten first. */
    static final int MAX_ENTRIES = 100;
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path file;

    public IdentityStore(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    public synchronized Optional<GuestIdentity> find(String server, String code) {
        GuestIdentity probe = new GuestIdentity(server, code, "", null, null, 0);
        return read().stream()
                .filter(e -> e.server().equals(probe.server()) && e.code().equals(probe.code()))
                .findFirst();
    }

    /** The party joined most recently, to fill in the join form. */
    public synchronized Optional<GuestIdentity> lastUsed() {
        return read().stream().max(Comparator.comparingLong(GuestIdentity::lastJoinedAt));
    }

    /** Stores or replaces the identity for its server and room. */
    public synchronized void save(GuestIdentity identity) throws IOException {
        List<GuestIdentity> all = new ArrayList<>(read());
        all.removeIf(e -> e.server().equals(identity.server()) && e.code().equals(identity.code()));
        all.add(identity);
        all.sort(Comparator.comparingLong(GuestIdentity::lastJoinedAt).reversed());
        if (all.size() > MAX_ENTRIES) {
            all = new ArrayList<>(all.subList(0, MAX_ENTRIES));
        }
        write(all);
    }

    private List<GuestIdentity> read() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            StoredFile stored = JSON.readValue(file.toFile(), StoredFile.class);
            return stored.parties() == null ? List.of() : stored.parties().stream()
                    .filter(e -> e.server() != null && e.code() != null && e.guestToken() != null)
                    .toList();
        } catch (IOException | RuntimeException e) {
            // An unreadable file must not keep the guest out: they join as a new guest and the file is rewritten.
            return List.of();
        }
    }

    private void write(List<GuestIdentity> entries) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            } else {
                Files.createDirectories(dir);
            }
        }
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, ".guest-identities", ".tmp", attributes);
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), new StoredFile(1, entries));
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            if (posix) {
                // An older file may have been created with looser rights: tighten it in any case.
                Files.setPosixFilePermissions(file, OWNER_FILE);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredFile(int version, List<GuestIdentity> parties) {
    }
}
