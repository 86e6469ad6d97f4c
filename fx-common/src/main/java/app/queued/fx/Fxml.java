package app.queued.fx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/** Loads a view's layout: {@code Foo.fxml} next to {@code FooView}, with the view object as its controller. */
public final class Fxml {
    private Fxml() {
    }

    public static <T extends Parent> T load(Object view, String fileName) {
        URL location = view.getClass().getResource(fileName);
        if (location == null) {
            throw new IllegalStateException("layout " + fileName + " not found next to " + view.getClass().getName());
        }
        FXMLLoader loader = new FXMLLoader(location);
        loader.setController(view);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + fileName, e);
        }
    }
}
