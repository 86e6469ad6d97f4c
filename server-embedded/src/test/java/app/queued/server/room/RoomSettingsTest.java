package app.queued.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Room settings a worker cannot run with are refused when they are made, naming the setting. */
class RoomSettingsTest {

    private static void refused(Runnable make, String... messageParts) {
        assertThatThrownBy(make::run).isInstanceOf(IllegalArgumentException.class).hasMessageContainingAll(messageParts);
    }

    @Test
    void theDefaultsAndTheTestsTuningsAreAccepted() {
        RoomSettings defaults = RoomSettings.defaults();
        assertThat(defaults.maxBatch()).isEqualTo(512);
        assertThat(new RoomSettings(512, 20_000, 20, 8, 50, 10, 1_000).ringSize()).isEqualTo(8);
        assertThat(defaults.withSpacing(1_000_000, 20_000).broadcastSpacingNanos(3)).isEqualTo(20_000_000);
        assertThat(defaults.withSpacing(0, 0).broadcastSpacingNanos(50)).as("no spacing at all").isZero();
        assertThat(new RoomSettings(1, 1, 0, 0, 0, 0, 0).maxInbox()).as("the smallest settings").isEqualTo(1);
    }

    @Test
    void refusesBatchesAndInboxesThatCannotWork() {
        refused(() -> new RoomSettings(0, 20_000, 500, 1024, 250, 10, 1_000), "max batch", "0");
        refused(() -> new RoomSettings(512, 100, 500, 1024, 250, 10, 1_000), "max inbox (100)", "max batch (512)");
    }

    @Test
    void refusesNegativeWindowsAndIntervals() {
        refused(() -> new RoomSettings(512, 20_000, -1, 1024, 250, 10, 1_000), "replay window", "-1");
        refused(() -> new RoomSettings(512, 20_000, 500, -8, 250, 10, 1_000), "ring size", "-8");
        refused(() -> new RoomSettings(512, 20_000, 500, 1024, -250, 10, 1_000), "snapshot interval", "-250");
    }

    @Test
    void refusesSpacingThatIsNegativeNotANumberOrAStall() {
        refused(() -> RoomSettings.defaults().withSpacing(-10, 1_000), "spacing per connection", "-10");
        refused(() -> RoomSettings.defaults().withSpacing(Double.NaN, 1_000), "spacing per connection", "NaN");
        refused(() -> RoomSettings.defaults().withSpacing(Double.POSITIVE_INFINITY, 1_000), "spacing per connection");
        refused(() -> RoomSettings.defaults().withSpacing(10, -1), "max spacing", "-1");
        refused(() -> RoomSettings.defaults().withSpacing(10, 5_000_000), "max spacing", "5000000");
    }
}
