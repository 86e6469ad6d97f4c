package app.queued.guest.testing;

import app.queued.fx.FramePacing;
import app.queued.fx.testing.FxAppExtension;
import app.queued.guest.app.GuestApp;
import app.queued.guest.app.GuestConfig;
import app.queued.guest.discovery.RoomSource;
import app.queued.guest.session.ClientParty;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Settings every UI test shares. */
public final class GuestTesting {
    /** Deadline for anything the window should show after a server round trip. */
    public static final Duration DEADLINE = Duration.ofSeconds(15);
    /** Reconnect quickly: tests cut the network and wait for the catch-up. */
    public static final ClientParty.Settings FAST_CLIENT = new ClientParty.Settings("guest-app test",
            Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofSeconds(10));

    static {
        // UI test classes make their window through this class, before the toolkit starts
        likeGuestMain();
    }

    private GuestTesting() {
    }

    /** Gives the FX toolkit the settings {@code GuestMain} gives it; call before the toolkit starts. */
    public static void likeGuestMain() {
        FramePacing.apply(); // the pulse rate
    }

    public static GuestConfig config(Path identityDir, RoomSource rooms) {
        return new GuestConfig(identityDir, rooms, FAST_CLIENT, Clock.systemUTC(), true);
    }

    /** A guest app window per test, on an app-data folder of its own (see {@link FxAppExtension}). */
    public static FxAppExtension<GuestApp> window(RoomSource rooms) {
        return FxAppExtension.of((stage, home) -> {
            GuestApp app = new GuestApp(stage, config(home, rooms));
            app.start();
            return app;
        });
    }

    public static ConditionFactory eventually() {
        return Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20));
    }
}
