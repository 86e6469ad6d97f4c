package app.queued.guest.room;

import app.queued.fx.queue.RowTooltip;
import app.queued.protocol.Protocol;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** One song in the queue: position, title, who added it, score and the guest's two vote buttons. */
final class QueueRow extends HBox {
    private static final PseudoClass ACTIVE = PseudoClass.getPseudoClass("active");
    private static final PseudoClass CONFIRMING = PseudoClass.getPseudoClass("confirming");
    private static final PseudoClass MINE = PseudoClass.getPseudoClass("mine");
    private static final PseudoClass POSITIVE = PseudoClass.getPseudoClass("positive");
    private static final PseudoClass NEGATIVE = PseudoClass.getPseudoClass("negative");

    private final long trackId;
    private final Label position = new Label();
    private final Label title = new Label();
    private final Label meta = new Label();
    private final Label score = new Label();
    private final Button up = new Button("▲");
    private final Button down = new Button("▼");
    static final String UP_TIP = "Upvote (+). Press again to take it back.";
    static final String DOWN_TIP = "Downvote (−). Press again to take it back.";

    private QueueEntry entry;

    /** The list's tooltips, one each for every row's title and vote buttons. */
    record Tips(RowTooltip title, RowTooltip up, RowTooltip down) {
        Tips() {
            this(new RowTooltip(), new RowTooltip(), new RowTooltip());
        }
    }

    QueueRow(QueueEntry first, QueueList.Actions actions, Tips tips) {
        this.trackId = first.trackId();
        setId("track-" + trackId);
        getStyleClass().add("queue-row");
        setAlignment(Pos.CENTER_LEFT);
        position.getStyleClass().add("position");
        title.getStyleClass().add("title");
        meta.getStyleClass().add("meta");
        score.getStyleClass().add("score");
        up.getStyleClass().addAll("vote", "up");
        down.getStyleClass().addAll("vote", "down");
        up.setId("up-" + trackId);
        down.setId("down-" + trackId);
        tips.up().install(up, () -> UP_TIP);
        tips.down().install(down, () -> DOWN_TIP);
        // a long title is cut with "…" to keep rows one height: the whole of it shows on hover
        tips.title().install(title, () -> entry.title());
        // Voting by mouse must not take the keyboard focus off the list.
        up.setFocusTraversable(false);
        down.setFocusTraversable(false);
        up.setOnAction(e -> actions.toggle(trackId, Protocol.UP));
        down.setOnAction(e -> actions.toggle(trackId, Protocol.DOWN));
        VBox text = new VBox(title, meta);
        text.getStyleClass().add("text");
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMinWidth(0);
        getChildren().addAll(position, text, score, up, down);
        setOnMouseClicked(e -> actions.select(trackId));
        update(first);
    }

    long trackId() {
        return trackId;
    }

    QueueEntry entry() {
        return entry;
    }

    void update(QueueEntry next) {
        if (next.equals(entry)) {
            return;
        }
        entry = next;
        position.setText(Integer.toString(next.position()));
        title.setText(next.title());
        String channel = next.channel().isBlank() ? "" : next.channel() + " · ";
        String duration = next.durationText().isEmpty() ? "" : " · " + next.durationText();
        meta.setText(channel + (next.mine() ? "added by you" : "added by " + next.addedByName()) + duration);
        score.setText(next.score() > 0 ? "+" + next.score() : Integer.toString(next.score()));
        score.pseudoClassStateChanged(POSITIVE, next.score() > 0);
        score.pseudoClassStateChanged(NEGATIVE, next.score() < 0);
        up.pseudoClassStateChanged(ACTIVE, next.myVote() == Protocol.UP);
        down.pseudoClassStateChanged(ACTIVE, next.myVote() == Protocol.DOWN);
        pseudoClassStateChanged(CONFIRMING, next.confirming());
        pseudoClassStateChanged(MINE, next.mine());
        setAccessibleText("Number " + next.position() + ", " + next.title() + ", score " + next.score()
                + (next.myVote() == 1 ? ", you voted up" : next.myVote() == -1 ? ", you voted down" : ""));
    }

    void setVotingEnabled(boolean enabled) {
        up.setDisable(!enabled);
        down.setDisable(!enabled);
    }
}
