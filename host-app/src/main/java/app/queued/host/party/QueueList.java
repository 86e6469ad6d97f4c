package app.queued.host.party;

import app.queued.fx.queue.AnimatedRows;
import app.queued.fx.queue.RowTooltip;
import java.util.List;
import javafx.util.Duration;

/**
 * The host's queue: rows with vote and remove buttons (none on the TV screen), sliding to their new places when
 * votes reorder it ({@link AnimatedRows}).
 */
public final class QueueList extends AnimatedRows<QueueEntry, QueueRow> {
    static final Duration MOVE = Duration.millis(250);

    /** What a row's buttons ask for. */
    public interface Actions {
        void vote(long trackId, int value);

        void remove(long trackId);

        void select(long trackId);
    }

    private final Actions actions;
    private final boolean readOnly;
    private final int limit;
    private final RowTooltip titleTip = new RowTooltip();

    /**
     * @param readOnly no buttons (the TV screen)
     * @param limit    show at most this many rows (the TV screen shows the next few); 0 for all
     */
    public QueueList(Actions actions, boolean readOnly, int limit) {
        super(MOVE);
        this.actions = actions;
        this.readOnly = readOnly;
        this.limit = limit;
    }

    @Override
    public void show(List<? extends QueueEntry> all) {
        super.show(limit > 0 && all.size() > limit ? all.subList(0, limit) : all);
    }

    @Override
    protected long keyOf(QueueEntry entry) {
        return entry.trackId();
    }

    @Override
    protected QueueRow newRow(QueueEntry entry) {
        return new QueueRow(entry, actions, readOnly, titleTip);
    }

    @Override
    protected void update(QueueRow row, QueueEntry entry) {
        row.update(entry);
    }
}
