package app.queued.guest.app;

import app.queued.appdata.AppData;
import app.queued.appdata.Logs;
import app.queued.appdata.StartMarks;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The JavaFX application; started by {@link GuestMain}. */
public final class GuestApplication extends Application {
    private GuestApp app;

    @Override
    public void start(Stage stage) {
        StartMarks.mark("fx-toolkit");
        app = new GuestApp(stage, GuestConfig.defaults());
        java.nio.file.Path logs = Logs.folder(AppData.defaultDir());
        app.setOpenLogFolder(() -> {
            logs.toFile().mkdirs();
            getHostServices().showDocument(logs.toUri().toString());
        });
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
