package app.queued.discovery;

import java.net.URI;

/**
 * A room some host on the local network advertises.
 *
 * @param serviceName     the DNS-SD instance name (unique on the network; use it as the key)
 * @param roomName        the room's name from the TXT record
 * @param host            the server's address, as text (IPv4 or IPv6 literal)
 * @param port            the vote server's WebSocket port
 * @param serverVersion   e.g. {@code queued/0.1}; empty when the advert had none
 * @param protocolVersion the protocol the server speaks; 0 when the advert had none
 */
public record DiscoveredRoom(String serviceName, String roomName, String host, int port, String serverVersion,
                             int protocolVersion) {

    /** Where to connect: {@code ws://host:port}. */
    public URI uri() {
        String literal = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create("ws://" + literal + ":" + port);
    }

    /** {@code host:port}, as a guest would type it. */
    public String address() {
        String literal = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return literal + ":" + port;
    }
}
