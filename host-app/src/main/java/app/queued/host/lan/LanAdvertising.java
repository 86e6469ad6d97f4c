package app.queued.host.lan;

import app.queued.discovery.RoomAdvert;
import app.queued.discovery.RoomAdvertiser;
import app.queued.protocol.Protocol;
import app.queued.server.VoteServer;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces the open room on the local network (mDNS, {@code _queued._tcp}) so the guest app lists it. Starting
 * and stopping block for a moment: call them off the UI thread. The advert holds no join code and no token.
 */
public final class LanAdvertising implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LanAdvertising.class);
    private RoomAdvertiser advertiser;

    /** @return a sentence for the host when the room could not be announced, or null when it is */
    public synchronized String start(String roomName, int port) {
        close();
        try {
            advertiser = RoomAdvertiser.startOnLan(new RoomAdvert(roomName, port, VoteServer.NAME, Protocol.VERSION));
            return null;
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot announce the room on the network: {}", e.getMessage());
            return "Guests' apps will not find the room by themselves (" + e.getMessage()
                    + "); they can type the address instead.";
        }
    }

    @Override
    public synchronized void close() {
        if (advertiser != null) {
            advertiser.close();
            advertiser = null;
        }
    }
}
