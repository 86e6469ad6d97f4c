package app.queued.host.app;

import javafx.application.Application;

/**
 * Starts the host app. A plain class, not the {@code Application} itself, so the app runs from the class path
 * without JavaFX modules. Options: {@code --room NAME} opens (or creates) that room at once; {@code --port N} and
 * {@code --bind ADDRESS} override the settings for this run; {@code --quit-when-open} quits once the room is open
 * (used to measure start-up).
 */
public final class HostMain {
    private HostMain() {
    }

    public static void main(String[] args) {
        Application.launch(HostApplication.class, args);
    }
}
