package app.queued.guest.invite;

import app.queued.fx.Fxml;
import app.queued.fx.invite.QrCodeView;
import app.queued.invite.InviteLink;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/**
 * "Invite someone": the room's QR code and address, for a friend's phone to scan (it opens the web guest with the
 * room code filled in), over the party screen. Binds to the link; {@code onDone} puts it away.
 */
public final class InviteView {
    /** About 6 pixels a module: a phone reads it from arm's length off a laptop screen. */
    static final double QR_SIDE = 240;

    private final Runnable onDone;
    private final QrCodeView qrCode = new QrCodeView(QR_SIDE);

    @FXML private StackPane root;
    @FXML private Label title;
    @FXML private StackPane qrHolder;
    @FXML private Label address;
    @FXML private Label explanation;
    @FXML private Label warning;
    @FXML private Button doneButton;

    public InviteView(ObservableValue<InviteLink> link, ObservableValue<String> roomName, Runnable onDone) {
        this.onDone = onDone;
        Fxml.load(this, "Invite.fxml");
        qrCode.setId("inviteQr");
        qrHolder.getChildren().add(qrCode);
        qrCode.codeProperty().bind(Bindings.createObjectBinding(
                () -> link.getValue() == null ? null : link.getValue().qrCode(), link));
        title.textProperty().bind(Bindings.concat("Scan to join ", roomName));
        address.textProperty().bind(Bindings.createStringBinding(
                () -> link.getValue() == null ? "" : link.getValue().shortAddress(), link));
        explanation.textProperty().bind(Bindings.createStringBinding(() -> link.getValue() == null ? ""
                : "Point a phone's camera at the code: it opens the party in the phone's browser, no app needed. "
                + "Or type " + link.getValue().shortAddress() + " into a browser on the same Wi-Fi, with the code "
                + link.getValue().joinCode() + ".", link));
        warning.textProperty().bind(Bindings.createStringBinding(() -> link.getValue() != null
                && link.getValue().loopbackOnly()
                ? "You reached the party through this computer's own address, so only this computer can open it. "
                + "Ask the host for the address on their screen." : "", link));
        warning.visibleProperty().bind(warning.textProperty().isNotEmpty());
        warning.managedProperty().bind(warning.visibleProperty());
        // a click on the dimmed party around the card puts the invitation away too
        root.setOnMouseClicked(e -> {
            if (e.getTarget() == root) {
                onDone.run();
            }
        });
    }

    public Parent root() {
        return root;
    }

    /** Puts the keyboard on "Done" (Enter or Esc closes). */
    public void focus() {
        doneButton.requestFocus();
    }

    @FXML
    private void onDone() {
        onDone.run();
    }
}
