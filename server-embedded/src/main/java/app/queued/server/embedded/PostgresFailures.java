package app.queued.server.embedded;

import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what went wrong while starting PostgreSQL (the exception chain plus the server's own
 * output) into one sentence a non-technical person can act on.
 */
final class PostgresFailures {

    static final String ROOT =
            "Queued cannot start its database as the root user on this system; run it as a normal user, "
                    + "or set QUEUED_DB_URL to an existing PostgreSQL server.";
    static final String NO_SPACE =
            "There is not enough free disk space for Queued's saved rooms; free up some space and start Queued again.";
    static final String PORT_IN_USE =
            "Queued could not get a free network port for its database; close other programs or restart the computer and try again.";
    static final String UNSUPPORTED =
            "The built-in database is not available for this computer; set QUEUED_DB_URL to an existing PostgreSQL server.";
    static final String ORPHAN_STILL_RUNNING =
            "An earlier copy of Queued's database is still running and could not be stopped; restart the computer and try again.";
    static final String INTERRUPTED = "Starting the built-in database was interrupted.";

    private static final Pattern INCOMPATIBLE =
            Pattern.compile("initialized by PostgreSQL version (\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SERVER_MESSAGE =
            Pattern.compile("(?:FATAL|PANIC|ERROR|error):\\s+(.+)");
    private static final int MAX_REASON = 160;

    private PostgresFailures() {
    }

    static String newerVersion(int major) {
        return "The saved rooms were written by a newer version of Queued (PostgreSQL " + major
                + "); update Queued or choose another data folder.";
    }

    static String olderVersion(int major) {
        return "The saved rooms were written by an older version of Queued (PostgreSQL " + major
                + ") that this version cannot open; choose another data folder.";
    }

    static String notWritable(Path dir) {
        return "Queued cannot write to its data folder " + dir
                + "; check the folder's permissions or set QUEUED_HOME to another folder.";
    }

    static String damaged(Path dir) {
        return "The saved rooms in " + dir + " are damaged and cannot be opened; move that folder elsewhere to start fresh.";
    }

    static String foreignFiles(Path dir) {
        return "The data folder " + dir + " holds files that are not Queued's; choose an empty folder or set QUEUED_HOME to another folder.";
    }

    static String alreadyRunning(Path dir) {
        return "Queued is already running with the data folder " + dir + "; close the other copy first.";
    }

    static String inUseByOther(Path dir) {
        return "Another program is using the saved rooms in " + dir + "; close it or restart the computer and try again.";
    }

    /** Whether the failure was the chosen port being taken (worth one retry on another port). */
    static boolean isPortInUse(Throwable cause, String output) {
        String text = (output + "\n" + chainText(cause)).toLowerCase(Locale.ROOT);
        return text.contains("address already in use") || text.contains("could not create any tcp/ip sockets");
    }

    /** One sentence for the user; the most specific known cause wins. */
    static String explain(Throwable cause, String output, Path dataDir) {
        String text = output + "\n" + chainText(cause);
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("cannot be run as root") || lower.contains("\"root\" execution")
                || lower.contains("unshare failed")) {
            return ROOT;
        }
        if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")
                || lower.contains("could not extend file")) {
            return NO_SPACE;
        }
        Matcher incompatible = INCOMPATIBLE.matcher(text);
        if (incompatible.find()) {
            int major = Integer.parseInt(incompatible.group(1));
            int ours = PostgresVersion.bundledMajor().orElse(Integer.MAX_VALUE);
            return major > ours ? newerVersion(major) : olderVersion(major);
        }
        // Access denied, read-only, "not a directory"...: the folder cannot be used as it is.
        if (hasCause(cause, FileSystemException.class) || lower.contains("permission denied")
                || lower.contains("read-only file system")) {
            return notWritable(dataDir);
        }
        if (isPortInUse(cause, output)) {
            return PORT_IN_USE;
        }
        if (lower.contains("lock file \"postmaster.pid\" already exists")
                || lower.contains("pre-existing shared memory block")) {
            return inUseByOther(dataDir);
        }
        if (lower.contains("exists but is not empty")) {
            return foreignFiles(dataDir);
        }
        if (lower.contains("checkpoint record") || lower.contains("pg_control")
                || lower.contains("is not a valid data directory") || lower.contains("panic:")
                || lower.contains("invalid magic number") || lower.contains("could not open file")
                || lower.contains("database files are incompatible")) {
            return damaged(dataDir);
        }
        if (lower.contains("no postgres binary found") || lower.contains("unknown os")) {
            return UNSUPPORTED;
        }
        return "The built-in database could not start: " + shortReason(cause, output) + ".";
    }

    /** The server's last complaint, or else the innermost exception message, kept short. */
    static String shortReason(Throwable cause, String output) {
        String reason = null;
        Matcher m = SERVER_MESSAGE.matcher(output);
        while (m.find()) {
            reason = m.group(1);
        }
        if (reason == null) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t.getMessage() != null && !t.getMessage().isBlank()) {
                    reason = t.getMessage();
                }
            }
        }
        if (reason == null) {
            reason = cause == null ? "unknown error" : cause.getClass().getSimpleName();
        }
        reason = reason.strip().replaceAll("\\s+", " ");
        while (reason.endsWith(".")) {
            reason = reason.substring(0, reason.length() - 1);
        }
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON - 1) + "…" : reason;
    }

    private static String chainText(Throwable cause) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            sb.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static boolean hasCause(Throwable cause, Class<? extends Throwable> type) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
