package app.queued.host.party;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.animation.FadeTransition;
import javafx.animation.Interpolator;
import javafx.animation.TranslateTransition;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The queue as a column of rows that slide to their new places when votes reorder it (FLIP: note where each row
 * stood, put the rows in the new order, then animate each from its old place to the new one). Rows are keyed by
 * track id and keep their node as they move. Not virtualised: a party's queue is tens to a few hundred songs.
 */
public final class QueueList extends VBox {
    static final Duration MOVE = Duration.millis(250);
    static final Duration APPEAR = Duration.millis(180);

    /** What a row's buttons ask for. */
    public interface Actions {
        void vote(long trackId, int value);

        void remove(long trackId);

        void select(long trackId);
    }

    private final Map<Long, QueueRow> rows = new HashMap<>();
    private final Actions actions;
    private final boolean readOnly;
    private final int limit;
    private long selected = -1;
    private boolean animate = true;
    private ScrollPane scroller;

    /**
     * @param readOnly no buttons (the TV screen)
     * @param limit    show at most this many rows (the TV screen shows the next few); 0 for all
     */
    public QueueList(Actions actions, boolean readOnly, int limit) {
        this.actions = actions;
        this.readOnly = readOnly;
        this.limit = limit;
        getStyleClass().add("queue-list");
    }

    /** The scroll pane showing this list, so the selected row can be scrolled into view. */
    public void setScroller(ScrollPane scroller) {
        this.scroller = scroller;
    }

    public void setAnimated(boolean animated) {
        this.animate = animated;
    }

    /** Shows the queue in this order; rows whose place changed slide there. Call on the FX thread. */
    public void show(List<QueueEntry> all) {
        List<QueueEntry> entries = limit > 0 && all.size() > limit ? all.subList(0, limit) : all;
        Map<Long, Double> before = new HashMap<>();
        for (QueueRow row : rows.values()) {
            before.put(row.trackId(), row.getLayoutY() + row.getTranslateY());
        }
        List<Node> ordered = new ArrayList<>(entries.size());
        Map<Long, QueueRow> kept = new HashMap<>();
        for (QueueEntry entry : entries) {
            QueueRow row = rows.get(entry.trackId());
            if (row == null) {
                row = new QueueRow(entry, actions, readOnly);
            } else {
                row.update(entry);
            }
            row.setSelected(entry.trackId() == selected);
            kept.put(entry.trackId(), row);
            ordered.add(row);
        }
        rows.clear();
        rows.putAll(kept);
        if (!getChildren().equals(ordered)) {
            getChildren().setAll(ordered);
        }
        if (!animate || getScene() == null) {
            return;
        }
        applyCss();
        layout();
        for (Node node : ordered) {
            QueueRow row = (QueueRow) node;
            Double oldY = before.get(row.trackId());
            if (oldY == null) {
                if (!before.isEmpty()) {
                    row.setOpacity(0);
                    FadeTransition fade = new FadeTransition(APPEAR, row);
                    fade.setToValue(1);
                    fade.play();
                }
                continue;
            }
            double from = oldY - row.getLayoutY();
            if (row.move != null) {
                row.move.stop();
                row.move = null;
            }
            if (Math.abs(from) < 0.5) {
                row.setTranslateY(0);
                continue;
            }
            row.setTranslateY(from);
            TranslateTransition move = new TranslateTransition(MOVE, row);
            move.setToY(0);
            move.setInterpolator(Interpolator.EASE_OUT);
            move.setOnFinished(e -> row.move = null);
            row.move = move;
            move.play();
        }
    }

    public void setSelected(long trackId) {
        selected = trackId;
        rows.values().forEach(r -> r.setSelected(r.trackId() == trackId));
        QueueRow row = rows.get(trackId);
        if (row != null && scroller != null) {
            ScrollPane scroll = scroller;
            double contentHeight = getHeight();
            double viewport = scroll.getViewportBounds().getHeight();
            if (contentHeight > viewport) {
                double y = row.getLayoutY();
                double top = scroll.getVvalue() * (contentHeight - viewport);
                if (y < top || y + row.getHeight() > top + viewport) {
                    scroll.setVvalue(Math.max(0, Math.min(1, (y - viewport / 3) / (contentHeight - viewport))));
                }
            }
        }
    }

    /** The track ids in the order the rows stand, top first. */
    public List<Long> shownOrder() {
        List<Long> ids = new ArrayList<>(getChildren().size());
        for (Node node : getChildren()) {
            ids.add(((QueueRow) node).trackId());
        }
        return ids;
    }

    /** True while any row is still sliding. */
    public boolean moving() {
        return rows.values().stream().anyMatch(r -> r.move != null);
    }
}
