package app.queued.host.party;

import app.queued.fx.queue.RowTooltip;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** One track in the queue: place, title, who added it, score, and (for the host) vote and remove buttons. */
final class QueueRow extends HBox {
    private final long trackId;
    private final Label position = new Label();
    private final Label title = new Label();
    private final Label details = new Label();
    private final Label score = new Label();
    private final Button up = new Button("\u25B2");
    private final Button down = new Button("\u25BC");
    private final Button remove = new Button("\u2715");
    private String tipText = "";

    QueueRow(QueueEntry entry, QueueList.Actions actions, boolean readOnly, RowTooltip titleTip) {
        this.trackId = entry.trackId();
        // a long title is cut with "…" to keep rows one height: the whole of it shows on hover
        titleTip.install(title, () -> tipText);
        getStyleClass().add("queue-row");
        setId("track-" + trackId);
        position.getStyleClass().add("queue-position");
        position.setMinWidth(36);
        title.getStyleClass().add("queue-title");
        details.getStyleClass().add("queue-details");
        score.getStyleClass().add("queue-score");
        score.setId("score-" + trackId);
        score.setMinWidth(48);
        VBox text = new VBox(2, title, details);
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        getChildren().addAll(position, text, score);
        if (!readOnly) {
            up.setId("up-" + trackId);
            down.setId("down-" + trackId);
            remove.setId("remove-" + trackId);
            up.getStyleClass().addAll("vote", "up");
            down.getStyleClass().addAll("vote", "down");
            remove.getStyleClass().add("remove");
            up.setFocusTraversable(false);
            down.setFocusTraversable(false);
            remove.setFocusTraversable(false);
            up.setOnAction(e -> actions.vote(trackId, 1));
            down.setOnAction(e -> actions.vote(trackId, -1));
            remove.setOnAction(e -> actions.remove(trackId));
            getChildren().addAll(up, down, remove);
            setOnMouseClicked(e -> actions.select(trackId));
        }
        update(entry);
    }

    long trackId() {
        return trackId;
    }

    void update(QueueEntry entry) {
        position.setText(Integer.toString(entry.position()));
        title.setText(entry.title());
        tipText = entry.title() + "\n" + entry.channel() + " \u00b7 added by " + entry.addedByName();
        details.setText(entry.channel() + " \u00b7 " + entry.duration() + " \u00b7 by " + entry.addedByName());
        score.setText((entry.score() > 0 ? "+" : "") + entry.score());
        score.getStyleClass().removeAll("positive", "negative");
        if (entry.score() != 0) {
            score.getStyleClass().add(entry.score() > 0 ? "positive" : "negative");
        }
        up.getStyleClass().remove("mine");
        down.getStyleClass().remove("mine");
        if (entry.myVote() > 0) {
            up.getStyleClass().add("mine");
        } else if (entry.myVote() < 0) {
            down.getStyleClass().add("mine");
        }
    }
}
