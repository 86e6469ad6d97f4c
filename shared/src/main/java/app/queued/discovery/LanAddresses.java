package app.queued.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The addresses to run mDNS on for "the local network": one IPv4 address of each interface that is up and multicasts. */
final class LanAddresses {
    private LanAddresses() {
    }

    static List<InetAddress> find() {
        List<InetAddress> found = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isPointToPoint() || !nic.supportsMulticast()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        found.add(address);
                        break;
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to speak of: nothing to browse
        }
        return found;
    }
}
