package app.queued.fx.cell;

import java.util.function.Function;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

/**
 * A list cell of two lines: a title and, smaller, what is known about it. The cell takes the list's width, so a
 * long line is cut with "…" rather than scrolling the list sideways; both lines in full show on hover.
 */
public class TwoLineCell<T> extends ListCell<T> {
    private final Label title = new Label();
    private final Label details = new Label();
    private final VBox box = new VBox(2, title, details);
    private final Tooltip whole = new Tooltip();
    private final Function<? super T, String> titleOf;
    private final Function<? super T, String> detailsOf;
    private Function<? super T, String> idOf = item -> null;

    public TwoLineCell(String titleClass, String detailsClass, Function<? super T, String> titleOf,
                       Function<? super T, String> detailsOf) {
        this.titleOf = titleOf;
        this.detailsOf = detailsOf;
        title.getStyleClass().add(titleClass);
        details.getStyleClass().add(detailsClass);
        title.setMinWidth(0);
        details.setMinWidth(0);
        setPrefWidth(0);
    }

    /** Gives each filled cell an id (for tests and accessibility tools). */
    public TwoLineCell<T> withId(Function<? super T, String> idOf) {
        this.idOf = idOf;
        return this;
    }

    /** Adds style classes to the box holding the two lines. */
    public TwoLineCell<T> withBoxClass(String styleClass) {
        box.getStyleClass().add(styleClass);
        return this;
    }

    @Override
    protected void updateItem(T item, boolean empty) {
        super.updateItem(item, empty);
        setText(null);
        if (empty || item == null) {
            setGraphic(null);
            setTooltip(null);
            setId(null);
            return;
        }
        title.setText(titleOf.apply(item));
        details.setText(detailsOf.apply(item));
        whole.setText(title.getText() + "\n" + details.getText());
        setTooltip(whole);
        setId(idOf.apply(item));
        setGraphic(box);
    }
}
