package app.queued.guest.identity;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * This app window is someone in a room right now: an operating-system lock on a small file per identity, so a second
 * app started by the same user (same app-data folder) cannot come in as the same person at the same time. The lock
 * goes with the process, so a crashed app never leaves an identity taken. Closing releases it.
 */
public final class IdentityHold implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private IdentityHold(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock file's lock, or empty when another app (or window of this one) holds it. */
    static Optional<IdentityHold> tryTake(Path lockFile) throws IOException {
        Files.createDirectories(lockFile.getParent());
        FileChannel channel;
        if (lockFile.getFileSystem().supportedFileAttributeViews().contains("posix") && !Files.exists(lockFile)) {
            try {
                Files.createFile(lockFile, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another app made it a moment ago: fine, it is only a lock
            }
        }
        channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new IdentityHold(channel, lock));
        } catch (OverlappingFileLockException heldInThisProcess) {
            channel.close();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            // the lock goes with the channel or the process in any case
        }
    }
}
