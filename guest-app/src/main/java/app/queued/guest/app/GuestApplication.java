package app.queued.guest.app;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The JavaFX application; started by {@link GuestMain}. */
public final class GuestApplication extends Application {
    private GuestApp app;

    @Override
    public void start(Stage stage) {
        app = new GuestApp(stage, GuestConfig.defaults());
        app.start();
        AutoJoin auto = GuestMain.autoJoin();
        if (auto != null) {
            app.autoJoin(auto, code -> {
                GuestMain.exitCode(code);
                Platform.exit();
            });
        }
    }

    @Override
    public void stop() {
        if (app != null) {
            app.close();
        }
    }
}
