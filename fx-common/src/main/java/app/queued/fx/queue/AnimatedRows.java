package app.queued.fx.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javafx.animation.Animation;
import javafx.animation.FadeTransition;
import javafx.animation.Interpolator;
import javafx.animation.Transition;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * A queue as a column of rows that slide to their new places when the order changes (FLIP: note where each row
 * stood, put the rows in the new order, then animate each from its old place to the new one). Rows are keyed by
 * track id, so a row keeps its node — and its focus and hover — as it moves. New rows fade in.
 *
 * <p>Not virtualised: a party's queue is tens to a few hundred songs, which a plain column lays out quickly.
 * Each app says how a row looks ({@link #newRow}, {@link #update}); this class owns order, motion and selection.
 *
 * @param <E> what one row shows
 * @param <R> the row's node
 */
public abstract class AnimatedRows<E, R extends Node> extends VBox {
    public static final Duration APPEAR = Duration.millis(180);
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

    private final Duration moveTime;
    private final Map<Long, R> rows = new HashMap<>();
    private final Map<Node, Long> keys = new IdentityHashMap<>();
    private final Map<Node, Animation> moves = new IdentityHashMap<>();
    private long selected = -1;
    private boolean animate = true;
    private ScrollPane scroller;

    protected AnimatedRows(Duration moveTime) {
        this.moveTime = moveTime;
        getStyleClass().add("queue-list");
    }

    /** The track id of an entry: what keeps a row's node across updates. */
    protected abstract long keyOf(E entry);

    protected abstract R newRow(E entry);

    /** Shows {@code entry} in a row made earlier for the same key. */
    protected abstract void update(R row, E entry);

    /** Called for every row shown, after it was made or updated: for state the list holds (e.g. voting on/off). */
    protected void dress(R row, E entry) {
    }

    /** Off in tests that count frames, and for people who asked their system for less motion. */
    public void setAnimated(boolean animated) {
        this.animate = animated;
    }

    /** The scroll pane showing this list; without one the nearest scroll pane above the list is used. */
    public void setScroller(ScrollPane scroller) {
        this.scroller = scroller;
    }

    /** Shows the queue in this order; rows whose place changed slide there. Call on the FX thread. */
    public void show(List<? extends E> entries) {
        Map<Long, Double> before = new HashMap<>();
        rows.forEach((key, row) -> before.put(key, row.getLayoutY() + row.getTranslateY()));
        List<Node> ordered = new ArrayList<>(entries.size());
        Map<Long, R> kept = new HashMap<>();
        for (E entry : entries) {
            long key = keyOf(entry);
            R row = rows.get(key);
            if (row == null) {
                row = newRow(entry);
            } else {
                update(row, entry);
            }
            row.pseudoClassStateChanged(SELECTED, key == selected);
            dress(row, entry);
            kept.put(key, row);
            ordered.add(row);
        }
        rows.keySet().removeAll(kept.keySet());
        rows.values().forEach(gone -> {
            keys.remove(gone);
            stopMove(gone);
        });
        rows.clear();
        rows.putAll(kept);
        kept.forEach((key, row) -> keys.put(row, key));
        if (!getChildren().equals(ordered)) {
            getChildren().setAll(ordered);
        }
        if (!animate || getScene() == null) {
            return;
        }
        applyCss();
        layout();
        for (Node row : ordered) {
            Double oldY = before.get(keys.get(row));
            if (oldY == null) {
                if (!before.isEmpty()) {
                    row.setOpacity(0);
                    FadeTransition fade = new FadeTransition(APPEAR, row);
                    fade.setToValue(1);
                    fade.play();
                }
                continue;
            }
            // where the row stands on screen now (mid-animation included) relative to its new place
            double from = oldY - row.getLayoutY();
            stopMove(row);
            if (Math.abs(from) < 0.5) {
                row.setTranslateY(0);
                continue;
            }
            row.setTranslateY(from);
            Slide move = new Slide(moveTime, row, from);
            move.setOnFinished(e -> moves.remove(row));
            moves.put(row, move);
            move.play();
        }
    }

    /** Marks one row selected (pseudo-class {@code :selected}) and scrolls it into view. */
    public void setSelected(long trackId) {
        selected = trackId;
        rows.forEach((key, row) -> row.pseudoClassStateChanged(SELECTED, key == trackId));
        R row = rows.get(trackId);
        if (row != null) {
            scrollIntoView(row);
        }
    }

    /** The track ids in the order the rows stand on screen, top first. */
    public List<Long> shownOrder() {
        List<Long> ids = new ArrayList<>(getChildren().size());
        for (Node node : getChildren()) {
            ids.add(keys.get(node));
        }
        return ids;
    }

    /** True while any row is still sliding. */
    public boolean moving() {
        return !moves.isEmpty();
    }

    /** The rows now shown, in no order. */
    protected Collection<R> rows() {
        return Collections.unmodifiableCollection(rows.values());
    }

    private void stopMove(Node row) {
        Animation move = moves.remove(row);
        if (move != null) {
            move.stop();
        }
    }

    private void scrollIntoView(Node row) {
        ScrollPane scroll = scroller != null ? scroller : findScrollPane();
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

    /**
     * Slides a row from {@code from} (its old place, relative to the new one) to its new place, easing out, in at most
     * {@value #SLIDE_STEPS_PER_SECOND} steps a second. JavaFX runs animations at every pulse; with a pulse faster than
     * the screen (see fx-common's FramePacing) a TranslateTransition would move the row, and so repaint the list, at
     * every one of them. Between two steps the row stays put, and a pulse with nothing moved paints nothing.
     */
    static final class Slide extends Transition {
        static final int SLIDE_STEPS_PER_SECOND = 60;
        private final Node row;
        private final double from;
        private final int steps;

        Slide(Duration time, Node row, double from) {
            this.row = row;
            this.from = from;
            this.steps = Math.max(1, (int) Math.round(time.toSeconds() * SLIDE_STEPS_PER_SECOND));
            setCycleDuration(time);
            setInterpolator(Interpolator.LINEAR);
        }

        @Override
        protected void interpolate(double frac) {
            double step = frac >= 1 ? 1 : Math.floor(frac * steps) / steps;
            row.setTranslateY(from * (1 - Interpolator.EASE_OUT.interpolate(0.0, 1.0, step)));
        }
    }

    private ScrollPane findScrollPane() {
        Node node = getParent();
        while (node != null && !(node instanceof ScrollPane)) {
            node = node.getParent();
        }
        return (ScrollPane) node;
    }
}
