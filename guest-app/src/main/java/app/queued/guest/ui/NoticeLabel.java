package app.queued.guest.ui;

import javafx.animation.PauseTransition;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.util.Duration;

/** Shows a {@link Notice} in a label, styled by its kind, and clears it after a while (errors stay longer). */
public final class NoticeLabel {
    static final Duration SHOWN_FOR = Duration.seconds(6);
    static final Duration ERROR_SHOWN_FOR = Duration.seconds(15);

    private NoticeLabel() {
    }

    /** @param clear called when a notice has been shown long enough */
    public static void bind(Label label, ObservableValue<Notice> notice, Runnable clear) {
        PauseTransition timer = new PauseTransition(SHOWN_FOR);
        timer.setOnFinished(e -> clear.run());
        notice.addListener((obs, old, now) -> {
            show(label, now);
            timer.stop();
            if (now != null) {
                timer.setDuration(now.kind() == Notice.Kind.ERROR ? ERROR_SHOWN_FOR : SHOWN_FOR);
                timer.playFromStart();
            }
        });
        show(label, notice.getValue());
    }

    public static void show(Label label, Notice notice) {
        label.getStyleClass().removeAll("info", "success", "error");
        label.setVisible(notice != null);
        label.setManaged(notice != null);
        if (notice != null) {
            label.setText(notice.text());
            label.getStyleClass().add(notice.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
