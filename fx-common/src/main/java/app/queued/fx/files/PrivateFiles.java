package app.queued.fx.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Files in an app-data folder that hold secrets (host and guest tokens, a database password): written atomically
 * (a temporary file beside it, then one rename, so a crash leaves the old file or the new one, never half of one)
 * and readable only by the user (POSIX mode 600 in a 700 folder, or an owner-only ACL on Windows) from the moment
 * they exist. The one such writer of both apps.
 *
 * <p>Plain Java, no JavaFX: it sits in fx-common only because that is the module both apps share besides shared
 * (which other work owns at the moment); it can move to shared's {@code app.queued.appdata} as it is.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Replaces {@code file} with {@code bytes} in one step; a missing folder is made, for the user only. */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        privateDir(folder);
        Path tmp = posix(folder)
                ? Files.createTempFile(folder, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_FILE))
                : Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
        try {
            restrictToOwner(tmp);
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        // an older file may have been made with looser rights: narrow them in any case
        restrictToOwner(file);
    }

    /** Reads the file after narrowing its permissions again (someone may have widened them). */
    public static byte[] read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        restrictToOwner(file);
        return bytes;
    }

    /** Makes the folder (and its parents), readable only by the user where the file system has POSIX rights. */
    public static void privateDir(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        if (posix(folder)) {
            FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_DIR);
            Files.createDirectories(folder, ownerOnly);
        } else {
            Files.createDirectories(folder);
        }
    }

    public static void restrictToOwner(Path path) throws IOException {
        if (posix(path)) {
            Files.setPosixFilePermissions(path, OWNER_FILE);
            return;
        }
        AclFileAttributeView acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
        if (acl != null) {
            acl.setAcl(List.of(AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(Files.getOwner(path))
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build()));
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
