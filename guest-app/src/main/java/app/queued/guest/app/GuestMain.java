package app.queued.guest.app;

import javafx.application.Application;

/**
 * Starts the guest app. A plain class, not the {@code Application} itself, so the app runs from the class path
 * without JavaFX modules ({@code java -cp ... app.queued.guest.app.GuestMain}).
 */
public final class GuestMain {
    private GuestMain() {
    }

    public static void main(String[] args) {
        Application.launch(GuestApplication.class, args);
    }
}
