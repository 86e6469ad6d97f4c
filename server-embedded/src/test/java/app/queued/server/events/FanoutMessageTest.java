package app.queued.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.queued.protocol.Change;
import app.queued.protocol.Codec;
import app.queued.protocol.ServerMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanoutMessageTest {

    @Test
    void aCommitsFramesTravelWholeAndInOrder() {
        // a nickname with a line break: the codec escapes it, so one frame stays one line
        String joined = Codec.write(new ServerMessage.Event(41, new Change.GuestLeft(7)));
        String banned = Codec.write(new ServerMessage.Event(42, new Change.GuestBanned(7, "two\nlines")));
        FanoutMessage message = new FanoutMessage("node-2", 9, 41, List.of(joined, banned));

        FanoutMessage back = FanoutMessage.decode(message.encode());

        assertThat(back).isEqualTo(message);
        assertThat(((ServerMessage.Event) Codec.readServer(back.frames().get(1))).change())
                .isEqualTo(new Change.GuestBanned(7, "two\nlines"));
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> FanoutMessage.decode("alive")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FanoutMessage.decode("n\nroom\n1\n{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FanoutMessage("n", 1, 1, List.of("a\nb")).encode())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
