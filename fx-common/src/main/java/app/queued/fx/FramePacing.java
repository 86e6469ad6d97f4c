package app.queued.fx;

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
    /**
     * Ticks a second: one every 8 ms (JavaFX's timer takes whole milliseconds). Measured (VoteLatencyTest, quiet):
     * the wait for the pulse went from 6.0-6.3 ms (p50, 60 Hz) to 4.2-4.3 ms for 5 % of a core more while rows slide;
     * 250 Hz made it 1.4 ms but cost 12 % of a core more than 60 Hz and, on the 2-core test machine, slowed the server
     * sharing it (docs/guest-app.md).
     */
    public static final int PULSE_HZ = 125;

    private FramePacing() {
    }

    public static void apply() {
        if (System.getProperty(PULSE_PROPERTY) == null) {
            System.setProperty(PULSE_PROPERTY, Integer.toString(PULSE_HZ));
        }
    }

    /**
     * Loads JavaFX's animation timer class, which announces a set pulse on stderr ("Setting PULSE_DURATION to 125
     * hz") the first time: a main that wants a quiet start calls this with stderr muted, after {@link #apply()}.
     */
    public static void loadTimer() {
        try {
            Class.forName("com.sun.scenario.animation.AbstractPrimaryTimer", true, FramePacing.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // another JavaFX: the line may show later, nothing else changes
        }
    }
}
