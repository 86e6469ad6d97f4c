package app.queued.guest.app;

import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application; started by {@link GuestMain}. */
public final class GuestApplication extends Application {
    private GuestApp app;

    @Override
    public void start(Stage stage) {
        app = new GuestApp(stage, GuestConfig.defaults());
        app.start();
    }

    @Override
    public void stop() {
        if (app != null) {
            app.close();
        }
    }
}
