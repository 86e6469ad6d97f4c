package app.queued.host.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/** Loads a screen's FXML with the given view object as its controller. */
public final class Fxml {
    private Fxml() {
    }

    /** {@code Foo.fxml} beside the view's class. */
    public static Parent load(Object controller, String name) {
        URL url = controller.getClass().getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing FXML " + name + " beside " + controller.getClass().getName());
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setController(controller);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + name, e);
        }
    }
}
