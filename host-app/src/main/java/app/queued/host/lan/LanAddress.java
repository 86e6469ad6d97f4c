package app.queued.host.lan;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The address guests on the same network type to reach this machine: its private IPv4 address on the LAN. */
public final class LanAddress {
    private LanAddress() {
    }

    /** The best IPv4 address of an interface that is up, not loopback, not a tunnel; private (192.168/10/172.16) first. */
    public static Optional<String> find() {
        List<InetAddress> candidates = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isPointToPoint() || nic.isVirtual()) {
                    continue;
                }
                String name = nic.getName().toLowerCase(java.util.Locale.ROOT);
                if (name.startsWith("docker") || name.startsWith("br-") || name.startsWith("veth")
                        || name.startsWith("virbr")) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()) {
                        candidates.add(address);
                    }
                }
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        return candidates.stream()
                .sorted((a, b) -> Boolean.compare(!a.isSiteLocalAddress(), !b.isSiteLocalAddress()))
                .map(InetAddress::getHostAddress)
                .findFirst();
    }

    /** "192.168.1.20:7765", or a sentence when this machine has no network. */
    public static String display(String bindAddress, int port) {
        if (loopback(bindAddress)) {
            return "127.0.0.1:" + port + " (this computer only)";
        }
        if (!wildcard(bindAddress)) {
            return bindAddress + ":" + port;
        }
        return find().map(ip -> ip + ":" + port).orElse("No network \u2014 guests on this computer: 127.0.0.1:" + port);
    }

    /**
     * The host part of the address guests reach a server bound to {@code bindAddress} at: the LAN address for a
     * server on every interface, the bound address itself otherwise, and the loopback address when this machine has
     * no network (or the server listens on loopback only).
     */
    public static String guestHost(String bindAddress) {
        if (loopback(bindAddress)) {
            return "127.0.0.1";
        }
        if (!wildcard(bindAddress)) {
            return bindAddress;
        }
        return find().orElse("127.0.0.1");
    }

    private static boolean loopback(String bindAddress) {
        return "127.0.0.1".equals(bindAddress) || "localhost".equals(bindAddress);
    }

    private static boolean wildcard(String bindAddress) {
        return bindAddress == null || bindAddress.isBlank() || "0.0.0.0".equals(bindAddress)
                || "::".equals(bindAddress);
    }
}
