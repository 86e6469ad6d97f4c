package app.queued.guest.discovery;

import app.queued.discovery.RoomBrowser;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/** Where nearby rooms come from: mDNS on the LAN, on one chosen address, or nowhere (discovery off). */
@FunctionalInterface
public interface RoomSource {

    /** Starts listing rooms; blocking (call it off the UI thread). Close the result to stop. */
    AutoCloseable start(RoomBrowser.Listener listener) throws IOException;

    /** Every LAN interface of this machine. */
    static RoomSource lan() {
        return RoomBrowser::startOnLan;
    }

    /** Only the interface of this address ({@code 127.0.0.1}: rooms advertised on this machine). */
    static RoomSource on(InetAddress address) {
        return listener -> RoomBrowser.start(List.of(address), listener);
    }

    /** Discovery switched off: nothing is ever found. */
    static RoomSource off() {
        return listener -> {
            throw new IOException("finding parties nearby is switched off");
        };
    }
}
