package app.queued.guest.testing;

import app.queued.guest.app.GuestApp;
import org.testfx.api.FxRobot;

import static app.queued.guest.testing.GuestTesting.eventually;

/** The join form, filled in the way a guest does it: click, type, click. */
public final class JoinSteps {
    private JoinSteps() {
    }

    /** Types address, code and nickname into empty fields and presses Join. */
    public static void typeAndJoin(FxRobot robot, String address, String code, String nickname) {
        robot.clickOn("#addressField").write(address);
        robot.clickOn("#codeField").write(code);
        robot.clickOn("#nicknameField").write(nickname);
        robot.clickOn("#joinButton");
    }

    /** Joins and waits for the party screen. */
    public static void join(FxRobot robot, GuestApp app, String address, String code, String nickname) {
        typeAndJoin(robot, address, code, nickname);
        eventually().until(() -> Fx.get(() -> app.partyModel() != null));
    }

    public static String joinError(GuestApp app) {
        return Fx.get(() -> app.joinModel().errorProperty().get());
    }
}
