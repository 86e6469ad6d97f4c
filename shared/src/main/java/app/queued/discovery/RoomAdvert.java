package app.queued.discovery;

import java.util.Map;
import java.util.Objects;

/**
 * What a host tells the local network about its room. Deliberately no join code and no token: an advert is public
 * (see the package documentation).
 *
 * @param roomName        shown to guests; at most 60 characters like every room name
 * @param port            the vote server's WebSocket port
 * @param serverVersion   e.g. {@code queued/0.1}
 * @param protocolVersion the protocol version the server speaks
 */
public record RoomAdvert(String roomName, int port, String serverVersion, int protocolVersion) {

    public RoomAdvert {
        Objects.requireNonNull(roomName, "roomName");
        Objects.requireNonNull(serverVersion, "serverVersion");
        if (roomName.isBlank()) {
            throw new IllegalArgumentException("roomName must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
    }

    /** The TXT record: exactly these three keys. */
    Map<String, String> txt() {
        return Map.of(Discovery.TXT_ROOM_NAME, roomName, Discovery.TXT_SERVER, serverVersion,
                Discovery.TXT_PROTOCOL, Integer.toString(protocolVersion));
    }

    /**
     * The DNS-SD instance name: the room name cut to the 63 bytes a DNS label may hold. Two rooms with one name get
     * told apart by JmDNS (it appends a number); guests see the TXT name either way.
     */
    String instanceName() {
        String name = roomName.strip().replace('.', ' ');
        while (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }
}
