package app.queued.fx;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * How often JavaFX may start a frame. JavaFX paints a change at its next pulse, and its pulse timer ticks at 60 Hz:
 * a room update that arrives just after a tick waits up to 16.7 ms (8.3 ms on average) before it is laid out and
 * painted, longer than the whole trip from the other guest's click through the server. A faster timer shortens that
 * wait; it costs nothing while nothing changes (a tick with nothing to do posts no pulse), and while rows slide each
 * extra frame is painted (see {@code VoteLatencyTest} and docs/guest-app.md for both). Call before the toolkit starts;
 * a {@value #PULSE_PROPERTY} given on the command line wins.
 */
public final class FramePacing {
    public static final String PULSE_PROPERTY = "javafx.animation.pulse";
    /** Ticks a second; JavaFX's timer takes whole milliseconds, so 250 is a tick every 4 ms. */
    public static final int PULSE_HZ = 250;

    private FramePacing() {
    }

    public static void apply() {
        if (System.getProperty(PULSE_PROPERTY) == null) {
            System.setProperty(PULSE_PROPERTY, Integer.toString(PULSE_HZ));
        }
        // JavaFX announces a set pulse on stderr ("Setting PULSE_DURATION to 250 hz") when its timer class is first
        // loaded: load it now with that one line dropped, so a normal start stays quiet.
        PrintStream err = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try {
            Class.forName("com.sun.scenario.animation.AbstractPrimaryTimer", true, FramePacing.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // another JavaFX: the line may show, nothing else changes
        } finally {
            System.setErr(err);
        }
    }
}
