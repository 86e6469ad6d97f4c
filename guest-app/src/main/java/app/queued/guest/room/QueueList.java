package app.queued.guest.room;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.animation.FadeTransition;
import javafx.animation.Interpolator;
import javafx.animation.TranslateTransition;
import javafx.geometry.Bounds;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The queue as a column of rows that move to their new places with a short animation when the order changes
 * (FLIP: remember where each row was, put the rows in their new order, then slide each from its old place to the
 * new one). Rows are keyed by track id, so a row keeps its node — and its focus and hover — as it moves.
 *
 * <p>Not virtualised: a party's queue is tens to a few hundred songs, which a plain column lays out quickly.
 */
public final class QueueList extends VBox {
    static final Duration MOVE = Duration.millis(240);
    static final Duration APPEAR = Duration.millis(180);

    /** What the rows ask of the screen. */
    interface Actions {
        void toggle(long trackId, int value);

        void select(long trackId);
    }

    private final Map<Long, QueueRow> rows = new HashMap<>();
    private Actions actions = new Actions() {
        @Override
        public void toggle(long trackId, int value) {
        }

        @Override
        public void select(long trackId) {
        }
    };
    private long selected = -1;
    private boolean votingEnabled = true;
    private boolean animate = true;

    public QueueList() {
        getStyleClass().add("queue-list");
        setFocusTraversable(true);
        setAccessibleRole(AccessibleRole.LIST_VIEW);
    }

    void setActions(Actions actions) {
        this.actions = actions;
    }

    /** Off in tests that count frames, and for people who asked their system for less motion. */
    public void setAnimated(boolean animated) {
        this.animate = animated;
    }

    /** Shows the queue in this order; rows whose place changed slide there. Call on the FX thread. */
    void show(List<QueueEntry> entries) {
        Map<Long, Double> before = new HashMap<>();
        for (QueueRow row : rows.values()) {
            before.put(row.trackId(), row.getBoundsInParent().getMinY());
        }
        List<Node> ordered = new ArrayList<>(entries.size());
        Map<Long, QueueRow> kept = new HashMap<>();
        for (QueueEntry entry : entries) {
            QueueRow row = rows.get(entry.trackId());
            if (row == null) {
                row = new QueueRow(entry, actions);
            } else {
                row.update(entry);
            }
            row.setSelected(entry.trackId() == selected);
            row.setVotingEnabled(votingEnabled);
            kept.put(entry.trackId(), row);
            ordered.add(row);
        }
        rows.clear();
        rows.putAll(kept);
        if (!sameOrder(ordered)) {
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
            // Where the row stands on screen now (mid-animation included) relative to its new place.
            double from = oldY - row.getLayoutY();
            if (row.move != null) {
                row.move.stop();
                row.move = null;
            }
            row.setTranslateY(from);
            if (Math.abs(from) < 0.5) {
                row.setTranslateY(0);
                continue;
            }
            TranslateTransition move = new TranslateTransition(MOVE, row);
            move.setToY(0);
            move.setInterpolator(Interpolator.EASE_OUT);
            move.setOnFinished(e -> row.move = null);
            row.move = move;
            move.play();
        }
    }

    void setSelected(long trackId) {
        selected = trackId;
        for (QueueRow row : rows.values()) {
            row.setSelected(row.trackId() == trackId);
        }
        QueueRow row = rows.get(trackId);
        if (row != null) {
            scrollIntoView(row);
        }
    }

    void setVotingEnabled(boolean enabled) {
        votingEnabled = enabled;
        rows.values().forEach(r -> r.setVotingEnabled(enabled));
    }

    /** The track ids in the order the rows stand on screen, top first. */
    public List<Long> shownOrder() {
        List<Long> ids = new ArrayList<>(getChildren().size());
        for (Node node : getChildren()) {
            ids.add(((QueueRow) node).trackId());
        }
        return ids;
    }

    private boolean sameOrder(List<Node> ordered) {
        return getChildren().equals(ordered);
    }

    private void scrollIntoView(QueueRow row) {
        ScrollPane scroll = findScrollPane();
        if (scroll == null || getHeight() <= 0) {
            return;
        }
        double viewportHeight = scroll.getViewportBounds().getHeight();
        double contentHeight = getHeight();
        if (contentHeight <= viewportHeight) {
            return;
        }
        Bounds bounds = row.getBoundsInParent();
        double top = scroll.getVvalue() * (contentHeight - viewportHeight);
        double bottom = top + viewportHeight;
        double target = top;
        if (bounds.getMinY() < top) {
            target = bounds.getMinY();
        } else if (bounds.getMaxY() > bottom) {
            target = bounds.getMaxY() - viewportHeight;
        }
        scroll.setVvalue(Math.max(0, Math.min(1, target / (contentHeight - viewportHeight))));
    }

    private ScrollPane findScrollPane() {
        Node node = getParent();
        while (node != null && !(node instanceof ScrollPane)) {
            node = node.getParent();
        }
        return (ScrollPane) node;
    }
}
