package app.queued.host.app;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.client.RoomView;
import app.queued.fx.Background;
import app.queued.fx.UiThread;
import app.queued.host.fallback.FallbackViewModel;
import app.queued.host.room.KnownRoom;
import app.queued.protocol.Person;
import app.queued.protocol.RoomInfo;
import app.queued.protocol.RoomRules;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A room binds its screens' models to each other while it is open and lets go of every binding when it is
 * released: a closed room's models no longer follow each other (and hold nothing of the app).
 */
class OpenRoomTest {
    private static final RoomRules LOCKED = new RoomRules(RoomRules.VOTES, null, null, true, null, true, false, false,
            0.5);

    private static RoomView view(long seq, RoomRules rules) {
        return new RoomView(seq, new RoomInfo(1, "Friday", "K7QX4M"), null, null, List.of(), Map.of(), rules,
                List.of(), 0, 0, false, false, List.of());
    }

    private static OpenRoom room() {
        KnownRoom known = new KnownRoom(1, "Friday", "K7QX4M", "host-token", "storage", 0, 0, null, List.of());
        // never opened: no connection is made, the models are driven by hand
        return new OpenRoom(known, URI.create("ws://127.0.0.1:9/"), HostConfig.AutoQuit.NEVER, Background.direct(),
                UiThread.direct(), Clock.systemUTC(), new OpenRoom.Host() {
                    @Override
                    public void guestJoined(Person guest) {
                    }

                    @Override
                    public void rememberFallback(KnownRoom room, FallbackViewModel.Setting setting) {
                    }
                });
    }

    @Test
    void theRulesScreenFollowsTheRoomUntilTheRoomIsReleased() {
        OpenRoom room = room();
        room.party().apply(view(1, LOCKED));
        assertThat(room.rules().addingLockedProperty().get()).isTrue();

        room.party().apply(view(2, RoomRules.DEFAULTS));
        assertThat(room.rules().addingLockedProperty().get()).isFalse();

        room.release();
        room.party().apply(view(3, LOCKED));
        assertThat(room.party().rulesProperty().get().addingLocked()).isTrue();
        assertThat(room.rules().addingLockedProperty().get()).as("no longer bound").isFalse();
        room.release(); // twice is harmless
        room.closeSession();
    }
}
