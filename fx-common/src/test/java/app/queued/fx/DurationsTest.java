package app.queued.fx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void minutesAndSecondsThenHours() {
        assertThat(Durations.format(187)).isEqualTo("3:07");
        assertThat(Durations.format(59.6)).isEqualTo("1:00");
        assertThat(Durations.format(3723)).isEqualTo("1:02:03");
        assertThat(Durations.format(-5)).isEqualTo("0:00");
    }
}
