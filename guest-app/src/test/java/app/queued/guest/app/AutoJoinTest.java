package app.queued.guest.app;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --join ADDRESS --code CODE [--nickname NAME] [--quit-when-joined]} on the guest app's command line. */
class AutoJoinTest {

    @Test
    void withoutJoinTheAppStartsAsUsual() {
        assertThat(AutoJoin.fromArgs(List.of())).isNull();
    }

    @Test
    void joinCodeNicknameAndQuit() {
        assertThat(AutoJoin.fromArgs(List.of("--join", "192.168.1.20:7765", "--code", "abc-123", "--nickname", "Ana",
                "--quit-when-joined")))
                .isEqualTo(new AutoJoin("192.168.1.20:7765", "abc-123", "Ana", true));
        assertThat(AutoJoin.fromArgs(List.of("--code", "ABC123", "--join", " 127.0.0.1 ")))
                .isEqualTo(new AutoJoin("127.0.0.1", "ABC123", AutoJoin.DEFAULT_NICKNAME, false));
    }

    @Test
    void aMissingCodeOrValueIsOneSentence() {
        assertThatThrownBy(() -> AutoJoin.fromArgs(List.of("--join", "127.0.0.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--code");
        assertThatThrownBy(() -> AutoJoin.fromArgs(List.of("--join", "--code", "ABC123")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--join needs a value.");
        assertThatThrownBy(() -> AutoJoin.fromArgs(List.of("--code", "ABC123", "--quit-when-joined")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--join");
    }
}
