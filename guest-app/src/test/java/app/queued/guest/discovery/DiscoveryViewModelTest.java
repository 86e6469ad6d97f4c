package app.queued.guest.discovery;

import app.queued.discovery.DiscoveredRoom;
import app.queued.discovery.RoomBrowser;
import app.queued.fx.Background;
import app.queued.fx.UiThread;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Parties nearby without a network: the list follows the browser, and a browser that cannot start is a sentence. */
class DiscoveryViewModelTest {
    private final DiscoveredRoom friday = new DiscoveredRoom("Friday", "Friday night", "10.0.0.2", 7765, "q", 1);
    private final DiscoveredRoom future = new DiscoveredRoom("Future", "Future party", "10.0.0.3", 7765, "q", 9);

    @Test
    void theListFollowsTheBrowserUntilStopped() {
        AtomicReference<RoomBrowser.Listener> browser = new AtomicReference<>();
        AtomicBoolean closed = new AtomicBoolean();
        DiscoveryViewModel model = new DiscoveryViewModel(listener -> {
            browser.set(listener);
            return () -> closed.set(true);
        }, Background.direct(), UiThread.direct());
        model.start();
        assertThat(model.statusProperty().get()).isEqualTo(DiscoveryViewModel.LOOKING);
        assertThat(model.lookingProperty().get()).isTrue();

        browser.get().roomsChanged(List.of(friday, future));
        assertThat(model.rooms()).containsExactly(friday, future);
        assertThat(model.statusProperty().get()).isEqualTo(DiscoveryViewModel.FOUND);
        assertThat(DiscoveryViewModel.compatible(friday)).isTrue();
        assertThat(DiscoveryViewModel.compatible(future)).isFalse();

        browser.get().roomsChanged(List.of());
        assertThat(model.rooms()).isEmpty();
        assertThat(model.statusProperty().get()).isEqualTo(DiscoveryViewModel.LOOKING);

        model.stop();
        assertThat(closed).isTrue();
        browser.get().roomsChanged(List.of(friday));
        assertThat(model.rooms()).isEmpty();
    }

    @Test
    void discoveryThatCannotStartSaysToTypeTheAddress() {
        DiscoveryViewModel model = new DiscoveryViewModel(RoomSource.off(), Background.direct(), UiThread.direct());
        model.start();
        assertThat(model.lookingProperty().get()).isFalse();
        assertThat(model.statusProperty().get()).isEqualTo("Can't look for parties on this network (finding parties "
                + "nearby is switched off). Type the address shown on the host's screen.");
    }
}
