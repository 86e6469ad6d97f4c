package app.queued.guest.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Whatever a guest types as an address becomes a WebSocket URI, or a sentence saying what it should look like. */
class ServerAddressTest {

    @Test
    void readsTheFormsPeopleType() {
        assertThat(ServerAddress.parse("192.168.1.20")).hasToString("ws://192.168.1.20:7765/");
        assertThat(ServerAddress.parse(" 192.168.1.20:9000 ")).hasToString("ws://192.168.1.20:9000/");
        assertThat(ServerAddress.parse("party-laptop.local")).hasToString("ws://party-laptop.local:7765/");
        assertThat(ServerAddress.parse("ws://10.0.0.5:7765")).hasToString("ws://10.0.0.5:7765/");
        assertThat(ServerAddress.parse("WSS://example.org")).hasToString("wss://example.org:7765/");
        assertThat(ServerAddress.parse("[fe80::1]:7765").getHost()).isEqualTo("[fe80::1]");
    }

    @Test
    void refusesWhatIsNotAnAddressWithASentence() {
        assertThatThrownBy(() -> ServerAddress.parse("")).hasMessageContaining("Type the party's address");
        assertThatThrownBy(() -> ServerAddress.parse("http://10.0.0.5")).hasMessageContaining("ws://");
        assertThatThrownBy(() -> ServerAddress.parse("not an address")).hasMessageContaining("is not an address");
        assertThatThrownBy(() -> ServerAddress.parse("ws://user@10.0.0.5")).hasMessageContaining("is not an address");
    }

    @Test
    void theKeyIsHostAndPort() {
        assertThat(ServerAddress.key(ServerAddress.parse("Party-Laptop.local"))).isEqualTo("party-laptop.local:7765");
    }
}
