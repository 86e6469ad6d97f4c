package app.queued.host.player;

/**
 * What the player page's script calls (as {@code window.hostBridge}); WebView runs these on the FX thread. Public
 * because WebKit's bridge only sees public methods; numbers come as whatever JavaScript made of them.
 */
public final class PlayerBridge {
    private final PlayerViewModel model;

    PlayerBridge(PlayerViewModel model) {
        this.model = model;
    }

    public void apiReady() {
        model.apiReady();
    }

    public void offline(Object why) {
        model.offline(String.valueOf(why));
    }

    public void state(Object state) {
        model.state(toInt(state));
    }

    public void error(Object code) {
        model.error(toInt(code));
    }

    public void time(Object current, Object total) {
        model.time(toDouble(current), toDouble(total));
    }

    private static int toInt(Object value) {
        return value instanceof Number n ? n.intValue() : (int) toDouble(value);
    }

    private static double toDouble(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
