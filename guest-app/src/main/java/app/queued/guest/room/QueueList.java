package app.queued.guest.room;

import app.queued.fx.queue.AnimatedRows;
import javafx.scene.AccessibleRole;
import javafx.util.Duration;

/**
 * The guest's queue: rows with the guest's two vote buttons, sliding to their new places when the order changes
 * ({@link AnimatedRows}). Keyboard focus stays on the list, which the screen drives with the arrow keys.
 */
public final class QueueList extends AnimatedRows<QueueEntry, QueueRow> {
    static final Duration MOVE = Duration.millis(240);

    /** What the rows ask of the screen. */
    interface Actions {
        void toggle(long trackId, int value);

        void select(long trackId);
    }

    private Actions actions = new Actions() {
        @Override
        public void toggle(long trackId, int value) {
        }

        @Override
        public void select(long trackId) {
        }
    };
    private boolean votingEnabled = true;
    private final QueueRow.Tips tips = new QueueRow.Tips();

    public QueueList() {
        super(MOVE);
        setFocusTraversable(true);
        setAccessibleRole(AccessibleRole.LIST_VIEW);
    }

    void setActions(Actions actions) {
        this.actions = actions;
    }

    void setVotingEnabled(boolean enabled) {
        votingEnabled = enabled;
        rows().forEach(r -> r.setVotingEnabled(enabled));
    }

    @Override
    protected long keyOf(QueueEntry entry) {
        return entry.trackId();
    }

    @Override
    protected QueueRow newRow(QueueEntry entry) {
        return new QueueRow(entry, actions, tips);
    }

    @Override
    protected void update(QueueRow row, QueueEntry entry) {
        row.update(entry);
    }

    @Override
    protected void dress(QueueRow row, QueueEntry entry) {
        row.setVotingEnabled(votingEnabled);
    }
}
