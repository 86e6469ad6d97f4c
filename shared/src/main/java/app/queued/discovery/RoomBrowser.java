package app.queued.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the rooms advertised on the local network and keeps the list current: rooms appear when a host
 * advertises, change when its advert changes, and disappear when it says goodbye or its records expire.
 *
 * <p>The listener is called on JmDNS's threads with the whole new list, sorted by room name; hand it to your UI
 * thread yourself. Starting and closing block briefly: call them off the UI thread.
 */
public final class RoomBrowser implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoomBrowser.class);
    private static final Comparator<DiscoveredRoom> ORDER = Comparator
            .comparing(DiscoveredRoom::roomName, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(DiscoveredRoom::serviceName)
            .thenComparing(DiscoveredRoom::host);

    /** Hears every change of the list. */
    public interface Listener {
        void roomsChanged(List<DiscoveredRoom> rooms);
    }

    private final Listener listener;
    private final List<JmDNS> browsers = new ArrayList<>();
    /** Key: responder index + service name, so the same room seen on two interfaces is listed per address. */
    private final Map<String, DiscoveredRoom> rooms = new LinkedHashMap<>();
    private List<DiscoveredRoom> published = List.of();
    private boolean closed;

    private RoomBrowser(Listener listener) {
        this.listener = listener;
    }

    /** Browses every LAN interface (see {@link #start(Collection, Listener)}). */
    public static RoomBrowser startOnLan(Listener listener) throws IOException {
        return start(LanAddresses.find(), listener);
    }

    /**
     * Browses on the interfaces of these addresses ({@code 127.0.0.1}: only rooms advertised on this machine's
     * loopback, as in tests).
     *
     * @throws IOException if no browser could start
     */
    public static RoomBrowser start(Collection<InetAddress> addresses, Listener listener) throws IOException {
        RoomBrowser browser = new RoomBrowser(listener);
        IOException firstFailure = null;
        int index = 0;
        for (InetAddress address : addresses) {
            JmDNS jmdns = null;
            try {
                jmdns = JmDNS.create(address, HostNames.unique("queued-guest"));
                jmdns.addServiceListener(Discovery.SERVICE_TYPE, browser.new Watch(jmdns, index++));
                synchronized (browser) {
                    browser.browsers.add(jmdns);
                }
            } catch (IOException e) {
                log.warn("cannot look for parties on {}: {}", address.getHostAddress(), e.getMessage());
                firstFailure = firstFailure == null ? e : firstFailure;
                RoomAdvertiser.closeQuietly(jmdns);
            }
        }
        if (browser.browsers.isEmpty()) {
            throw firstFailure != null ? firstFailure : new IOException("no network interface to look for parties on");
        }
        return browser;
    }

    /** The rooms known now, sorted by name. */
    public synchronized List<DiscoveredRoom> rooms() {
        return published;
    }

    @Override
    public void close() {
        List<JmDNS> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = List.copyOf(browsers);
            browsers.clear();
        }
        toClose.forEach(RoomAdvertiser::closeQuietly);
    }

    private void resolved(int index, ServiceInfo info) {
        DiscoveredRoom room = describe(info);
        if (room == null) {
            return;
        }
        update(() -> rooms.put(index + "/" + info.getQualifiedName(), room));
    }

    private void removed(int index, String qualifiedName) {
        update(() -> rooms.remove(index + "/" + qualifiedName));
    }

    private void update(Runnable change) {
        List<DiscoveredRoom> now;
        synchronized (this) {
            if (closed) {
                return;
            }
            change.run();
            now = rooms.values().stream().distinct().sorted(ORDER).toList();
            if (now.equals(published)) {
                return;
            }
            published = now;
        }
        // Calls may overlap when two responders report at once; each carries a complete list, so the last one wins.
        try {
            listener.roomsChanged(now);
        } catch (RuntimeException e) {
            log.warn("a room browser listener threw", e);
        }
    }

    /** A resolved advert as a room; null when it has no usable address. */
    static DiscoveredRoom describe(ServiceInfo info) {
        String host = null;
        if (info.getInet4Addresses().length > 0) {
            host = info.getInet4Addresses()[0].getHostAddress();
        } else if (info.getInet6Addresses().length > 0) {
            host = info.getInet6Addresses()[0].getHostAddress();
        }
        if (host == null || info.getPort() <= 0) {
            return null;
        }
        String name = info.getPropertyString(Discovery.TXT_ROOM_NAME);
        if (name == null || name.isBlank()) {
            name = info.getName();
        }
        String server = info.getPropertyString(Discovery.TXT_SERVER);
        int protocol = 0;
        try {
            String text = info.getPropertyString(Discovery.TXT_PROTOCOL);
            protocol = text == null ? 0 : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            // an advert from something else: list it, but it does not claim a protocol we know
        }
        return new DiscoveredRoom(info.getName(), name.strip(), host, info.getPort(), server == null ? "" : server,
                protocol);
    }

    /** One responder's view of the service type. */
    private final class Watch implements ServiceListener {
        private final JmDNS jmdns;
        private final int index;

        Watch(JmDNS jmdns, int index) {
            this.jmdns = jmdns;
            this.index = index;
        }

        @Override
        public void serviceAdded(ServiceEvent event) {
            // Asks for SRV/TXT/A; serviceResolved follows. Non-blocking.
            jmdns.requestServiceInfo(event.getType(), event.getName(), 1);
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            removed(index, event.getInfo().getQualifiedName());
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            resolved(index, event.getInfo());
        }
    }
}
