package app.queued.guest.app;

import app.queued.appdata.AppData;
import app.queued.appdata.Logs;
import app.queued.appdata.StartMarks;
import app.queued.fx.FramePacing;
import app.queued.fx.QuietStart;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import javafx.application.Application;

/**
 * Starts the guest app. A plain class, not the {@code Application} itself, so the app runs from the class path
 * without JavaFX modules ({@code java -cp ... app.queued.guest.app.GuestMain}).
 *
 * <p>Options: {@code --join ADDRESS --code CODE [--nickname NAME]} joins that party at once;
 * {@code --quit-when-joined} then quits once the room's state arrived (see {@link AutoJoin}).
 */
public final class GuestMain {
    private static AutoJoin autoJoin;
    private static volatile int exitCode;

    private GuestMain() {
    }

    public static void main(String[] args) {
        Logs.useFolderIn(AppData.defaultDir()); // before the first logger: logs go to the app-data folder
        StartMarks.mark("main");
        QuietStart.dropClassPathWarning();
        FramePacing.apply(); // before the toolkit starts: a room update waits at most 8 ms for its frame
        PrintStream err = System.err; // JavaFX would announce that pulse on stderr: not on a normal start
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try {
            FramePacing.loadTimer();
        } finally {
            System.setErr(err);
        }
        AutoJoin auto;
        try {
            auto = AutoJoin.fromArgs(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        setAutoJoin(auto);
        Application.launch(GuestApplication.class, args);
        if (auto != null && auto.quitWhenJoined()) {
            // the window is gone; say how the join went, whatever connection threads are still closing
            System.exit(exitCode);
        }
    }

    private static synchronized void setAutoJoin(AutoJoin auto) {
        autoJoin = auto;
    }

    /** What the command line asked to join, or null. */
    static synchronized AutoJoin autoJoin() {
        return autoJoin;
    }

    /** The exit code of an auto-join run that quits by itself. */
    static void exitCode(int code) {
        exitCode = code;
    }

    /**
     * A line for whoever started the app (scripts read "ROOM OPEN", "JOINED SEQ"...): the mains alone write to the
     * terminal. Flushed at once, so a script waiting for it never waits on a buffer.
     */
    static void tell(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
