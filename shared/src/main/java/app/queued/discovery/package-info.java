/**
 * Finding parties on the local network with mDNS / DNS-SD (JmDNS): the host app advertises its room with a
 * {@link app.queued.discovery.RoomAdvertiser}, guest apps list rooms with a {@link app.queued.discovery.RoomBrowser}.
 *
 * <p>Service type {@value app.queued.discovery.Discovery#SERVICE_TYPE}; the TXT record carries only public facts:
 * the room's name, the server's version and the protocol version. Never the join code and never a token — anyone on
 * the network can read an advert, while the join code is what proves a guest is in the room.
 */
package app.queued.discovery;
