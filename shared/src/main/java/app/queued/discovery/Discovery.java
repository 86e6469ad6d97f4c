package app.queued.discovery;

/** The names both sides of LAN discovery agree on. */
public final class Discovery {
    /** The DNS-SD service type of a Queued vote server. */
    public static final String SERVICE_TYPE = "_queued._tcp.local.";
    /** TXT key: the room's name as the host typed it. */
    public static final String TXT_ROOM_NAME = "name";
    /** TXT key: the server's name and version, e.g. {@code queued/0.1}. */
    public static final String TXT_SERVER = "server";
    /** TXT key: the protocol version the server speaks, e.g. {@code 1}. */
    public static final String TXT_PROTOCOL = "protocol";

    private Discovery() {
    }
}
