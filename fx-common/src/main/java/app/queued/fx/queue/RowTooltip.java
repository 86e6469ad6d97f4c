package app.queued.fx.queue;

import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;

/**
 * One tooltip for the same part of every row of a list; its text is taken from the row the pointer enters. A
 * {@link Tooltip} is a popup window with a scene of its own: one per title and per vote button made 600 of them for a
 * 200-song queue, built on the FX thread as a guest joined (issue 19). Made on first use, on the FX thread.
 */
public final class RowTooltip {
    private Tooltip tooltip;

    /** Shows {@code text} (asked for when the pointer enters {@code node}) over {@code node}. */
    public void install(Node node, Supplier<String> text) {
        if (tooltip == null) {
            tooltip = new Tooltip();
        }
        Tooltip shared = tooltip;
        node.addEventHandler(MouseEvent.MOUSE_ENTERED, e -> shared.setText(text.get()));
        Tooltip.install(node, shared);
    }

    /** The tooltip (null until a row installed it), for tests. */
    public Tooltip tooltip() {
        return tooltip;
    }
}
