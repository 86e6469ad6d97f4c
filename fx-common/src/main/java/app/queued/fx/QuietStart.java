package app.queued.fx;

import java.util.logging.Logger;

/**
 * Keeps a normal start quiet. JavaFX warns "Unsupported JavaFX configuration: classes were loaded from 'unnamed
 * module'" whenever it runs from the class path — which the apps do on purpose (see
 * docs/decisions/0002-installers-class-path-and-natives.md) and which works. Only that one message is dropped;
 * every other JavaFX warning still shows.
 */
public final class QuietStart {
    /** JavaFX logs through the System.Logger "javafx", which is java.util.logging here; held so it is not collected. */
    private static final Logger JAVAFX = Logger.getLogger("javafx");

    private QuietStart() {
    }

    public static void dropClassPathWarning() {
        JAVAFX.setFilter(record -> record.getMessage() == null
                || !record.getMessage().startsWith("Unsupported JavaFX configuration"));
    }
}
