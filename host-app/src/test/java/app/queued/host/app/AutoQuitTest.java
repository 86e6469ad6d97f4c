package app.queued.host.app;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.host.app.HostConfig.AutoQuit;
import app.queued.protocol.Change;
import app.queued.protocol.Person;
import app.queued.protocol.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --quit-when-open} and {@code --quit-after-guest}: when the host app ends a run by itself. */
class AutoQuitTest {

    @Test
    void theCommandLineChoosesWhenTheAppQuitsByItself() {
        assertThat(AutoQuit.fromArgs(List.of("--room", "Friday"))).isEqualTo(AutoQuit.NEVER);
        assertThat(AutoQuit.fromArgs(List.of("--room", "Friday", "--quit-when-open"))).isEqualTo(AutoQuit.WHEN_OPEN);
        assertThat(AutoQuit.fromArgs(List.of("--quit-after-guest", "--room", "Friday")))
                .isEqualTo(AutoQuit.AFTER_GUEST);
        // a room named like the flag is a room name, not the flag
        assertThat(AutoQuit.fromArgs(List.of("--room", "--quit-when-open"))).isEqualTo(AutoQuit.NEVER);
    }

    @Test
    void afterGuestEndsTheRunWhenAGuestJoinsNotTheHost() {
        Change guest = new Change.GuestJoined(new Person(7, "Ana", Role.GUEST));
        Change cohost = new Change.GuestJoined(new Person(8, "Ben", Role.COHOST));
        Change host = new Change.GuestJoined(new Person(1, "Host", Role.HOST));
        Change left = new Change.GuestLeft(7);

        assertThat(AutoQuit.AFTER_GUEST.endsWith(guest)).isTrue();
        assertThat(AutoQuit.AFTER_GUEST.endsWith(cohost)).isTrue();
        assertThat(AutoQuit.AFTER_GUEST.endsWith(host)).isFalse();
        assertThat(AutoQuit.AFTER_GUEST.endsWith(left)).isFalse();
        assertThat(AutoQuit.NEVER.endsWith(guest)).isFalse();
        assertThat(AutoQuit.WHEN_OPEN.endsWith(guest)).isFalse();
    }
}
