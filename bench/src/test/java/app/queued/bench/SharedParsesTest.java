package app.queued.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.queued.protocol.Codec;
import app.queued.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Copies of one broadcast share a parse; anything else, or any differing byte, is parsed on its own. */
class SharedParsesTest {
    private static final String EVENTS = "{\"type\":\"events\",\"events\":[{\"type\":\"event\",\"seq\":7,"
            + "\"change\":{\"type\":\"voted\",\"trackId\":3,\"guestId\":2,\"value\":1,\"score\":4}}]}";

    private static byte[] copy(String frame) {
        return frame.getBytes(StandardCharsets.UTF_8); // a new array each time, as each connection receives
    }

    @Test
    void copiesOfOneBroadcastGetOneParse() {
        SharedParses parses = new SharedParses(true);

        ServerMessage first = parses.parse(copy(EVENTS));
        ServerMessage second = parses.parse(copy(EVENTS));

        assertThat(second).isSameAs(first).isEqualTo(Codec.readServer(EVENTS));
        assertThat(parses.shared()).isEqualTo(1);
    }

    @Test
    void aFrameDifferingInOneByteIsParsedOnItsOwn() {
        SharedParses parses = new SharedParses(true);
        ServerMessage seven = parses.parse(copy(EVENTS));

        ServerMessage eight = parses.parse(copy(EVENTS.replace("\"seq\":7", "\"seq\":8")));

        assertThat(eight).isNotEqualTo(seven);
        assertThat(((ServerMessage.Events) eight).events().get(0).seq()).isEqualTo(8);
        assertThat(parses.shared()).isZero();
    }

    @Test
    void repliesAreParsedPerCopyAndNothingIsSharedWhenTurnedOff() {
        String ack = "{\"type\":\"ack\",\"requestId\":\"v1\",\"seq\":9}";
        SharedParses on = new SharedParses(true);
        SharedParses off = new SharedParses(false);

        assertThat(on.parse(copy(ack))).isNotSameAs(on.parse(copy(ack)));
        assertThat(off.parse(copy(EVENTS))).isNotSameAs(off.parse(copy(EVENTS)));
        assertThat(on.shared() + off.shared()).isZero();
    }

    @Test
    void anUnreadableBroadcastIsRefusedEveryTime() {
        SharedParses parses = new SharedParses(true);
        byte[] broken = copy("{\"type\":\"events\",\"events\":[");

        assertThatThrownBy(() -> parses.parse(broken)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parses.parse(copy("{\"type\":\"events\",\"events\":[")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
