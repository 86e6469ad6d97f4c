package app.queued.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advertises one room on the local network as {@value Discovery#SERVICE_TYPE} until closed. Starting and closing
 * block (mDNS probing and goodbye packets take a moment): call them off the UI thread.
 */
public final class RoomAdvertiser implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoomAdvertiser.class);

    private final List<JmDNS> responders;
    private final List<ServiceInfo> services;
    private boolean closed;

    private RoomAdvertiser(List<JmDNS> responders, List<ServiceInfo> services) {
        this.responders = responders;
        this.services = services;
    }

    /** Advertises on every LAN interface (see {@link #start(Collection, RoomAdvert)}). */
    public static RoomAdvertiser startOnLan(RoomAdvert advert) throws IOException {
        return start(LanAddresses.find(), advert);
    }

    /**
     * Advertises on the interfaces of these addresses ({@code 127.0.0.1} keeps it on this machine, as in tests).
     * Each gets its own responder, which announces the address it is bound to.
     *
     * @throws IOException if no responder could start
     */
    public static RoomAdvertiser start(Collection<InetAddress> addresses, RoomAdvert advert) throws IOException {
        List<JmDNS> responders = new ArrayList<>();
        List<ServiceInfo> services = new ArrayList<>();
        IOException firstFailure = null;
        for (InetAddress address : addresses) {
            JmDNS jmdns = null;
            try {
                jmdns = JmDNS.create(address, HostNames.unique("queued-host"));
                ServiceInfo info = ServiceInfo.create(Discovery.SERVICE_TYPE, advert.instanceName(), advert.port(),
                        0, 0, advert.txt());
                jmdns.registerService(info);
                responders.add(jmdns);
                services.add(info);
                log.info("advertising room '{}' on {} port {}", advert.roomName(), address.getHostAddress(),
                        advert.port());
            } catch (IOException e) {
                log.warn("cannot advertise on {}: {}", address.getHostAddress(), e.getMessage());
                firstFailure = firstFailure == null ? e : firstFailure;
                closeQuietly(jmdns);
            }
        }
        if (responders.isEmpty()) {
            throw firstFailure != null ? firstFailure
                    : new IOException("no network interface to advertise the room on");
        }
        return new RoomAdvertiser(responders, services);
    }

    /** The DNS-SD instance names in use (JmDNS renames on a clash, e.g. {@code Friday night (2)}). */
    public synchronized List<String> instanceNames() {
        return services.stream().map(ServiceInfo::getName).toList();
    }

    /** Says goodbye on the network (browsers drop the room at once) and stops. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (JmDNS jmdns : responders) {
            try {
                jmdns.unregisterAllServices();
            } catch (RuntimeException e) {
                log.debug("unregistering the room failed", e);
            }
            closeQuietly(jmdns);
        }
    }

    static void closeQuietly(JmDNS jmdns) {
        if (jmdns == null) {
            return;
        }
        try {
            jmdns.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing mDNS failed", e);
        }
    }
}
