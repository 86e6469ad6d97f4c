package app.queued.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Advertiser and browser over real mDNS, kept on this machine: both bound to the loopback interface, so nothing
 * goes out on a real network. mDNS itself takes its time (a responder probes and announces its name for about
 * three seconds before it answers), so the waits are generous deadlines on conditions.
 */
class LoopbackDiscoveryTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void roomsAppearWithAddressPortAndNameSortedByNameAndDisappearWhenTheirHostStops() throws Exception {
        AtomicReference<List<DiscoveredRoom>> heard = new AtomicReference<>(List.of());
        try (RoomBrowser browser = RoomBrowser.start(List.of(LOOPBACK), heard::set);
             RoomAdvertiser ana = RoomAdvertiser.start(List.of(LOOPBACK),
                     new RoomAdvert("ana's kitchen", 47_013, "queued/0.1", 1))) {
            RoomAdvertiser zed = RoomAdvertiser.start(List.of(LOOPBACK),
                    new RoomAdvert("Zed's birthday", 47_012, "queued/0.1", 1));
            try {
                // both rooms, each with its TXT record resolved (on a busy machine a room is seen before its TXT)
                await().atMost(DEADLINE).until(() -> ours(heard.get()).size() == 2
                        && ours(heard.get()).stream().noneMatch(room -> room.serverVersion().isEmpty()));
                List<DiscoveredRoom> rooms = ours(heard.get());
                assertThat(rooms).extracting(DiscoveredRoom::roomName)
                        .containsExactly("ana's kitchen", "Zed's birthday");
                DiscoveredRoom zedsRoom = rooms.get(1);
                assertThat(zedsRoom.host()).isEqualTo("127.0.0.1");
                assertThat(zedsRoom.port()).isEqualTo(47_012);
                assertThat(zedsRoom.serverVersion()).isEqualTo("queued/0.1");
                assertThat(zedsRoom.protocolVersion()).isEqualTo(1);
                assertThat(zedsRoom.uri()).hasToString("ws://127.0.0.1:47012");
                assertThat(zedsRoom.address()).isEqualTo("127.0.0.1:47012");
                assertThat(ours(browser.rooms())).isEqualTo(rooms);
            } finally {
                zed.close();
            }
            await().atMost(DEADLINE).until(() -> ours(heard.get()).size() == 1);
            assertThat(ours(heard.get())).extracting(DiscoveredRoom::roomName).containsExactly("ana's kitchen");
        }
    }

    @Test
    void theAdvertCarriesOnlyTheRoomNameAndVersionsNeverAJoinCodeOrToken() {
        RoomAdvert advert = new RoomAdvert("Friday night", 7765, "queued/0.1", 1);
        assertThat(advert.txt()).containsOnlyKeys(Discovery.TXT_ROOM_NAME, Discovery.TXT_SERVER,
                Discovery.TXT_PROTOCOL);
        assertThat(advert.txt()).containsEntry(Discovery.TXT_ROOM_NAME, "Friday night")
                .containsEntry(Discovery.TXT_SERVER, "queued/0.1").containsEntry(Discovery.TXT_PROTOCOL, "1");
        assertThat(RoomAdvert.class.getRecordComponents()).extracting(c -> c.getName())
                .containsExactly("roomName", "port", "serverVersion", "protocolVersion");
    }

    @Test
    void aLongRoomNameStillFitsOneDnsLabel() {
        String name = "ü".repeat(60);
        RoomAdvert advert = new RoomAdvert(name, 7765, "queued/0.1", 1);
        assertThat(advert.instanceName().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(advert.txt()).containsEntry(Discovery.TXT_ROOM_NAME, name);
    }

    @Test
    void anIpv6AddressIsBracketedInTheUri() {
        DiscoveredRoom room = new DiscoveredRoom("x", "x", "fe80::1", 7765, "", 1);
        assertThat(room.uri()).hasToString("ws://[fe80::1]:7765");
    }

    /** Only this test's rooms: another process on this machine may advertise on loopback too. */
    private static List<DiscoveredRoom> ours(List<DiscoveredRoom> rooms) {
        return rooms.stream().filter(r -> r.port() == 47_012 || r.port() == 47_013).toList();
    }
}
