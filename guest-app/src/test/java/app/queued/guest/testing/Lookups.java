package app.queued.guest.testing;

import javafx.scene.Node;
import org.testfx.api.FxRobot;

/** Finding nodes a person could actually see (list views keep invisible helper cells with the same ids). */
public final class Lookups {
    private Lookups() {
    }

    public static Node visible(FxRobot robot, String query) {
        return Fx.get(() -> robot.lookup(query).queryAll().stream().filter(Lookups::shown).findFirst()
                .orElseThrow(() -> new AssertionError("nothing visible matches " + query)));
    }

    public static boolean anyVisible(FxRobot robot, String query) {
        return Fx.get(() -> robot.lookup(query).queryAll().stream().anyMatch(Lookups::shown));
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }
}
