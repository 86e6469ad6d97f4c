package app.queued.server.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser pages may open a WebSocket to the vote server (cross-site WebSocket hijacking: a browser sends
 * any site's page's socket with the user's network position, and says which site in {@code Origin}). Accepted:
 * clients that send no Origin (the desktop apps, the bench: not browsers); the server's own web guest, i.e. a
 * page whose origin is the very address the socket was opened to ({@code Origin} = scheme + {@code Host}) when
 * that address is an IP address, {@code localhost}, a {@code .local} name or this machine's name — a name an
 * outside site cannot point at us by DNS rebinding —; and the origins named in the configuration (a public name
 * in front of a cluster). Everything else is refused before the handshake completes.
 */
public final class OriginPolicy {
    private final Set<String> configured;
    private final Set<String> machineNames;

    public OriginPolicy(List<String> configuredOrigins, Set<String> machineNames) {
        this.configured = configuredOrigins.stream().map(OriginPolicy::normalize).collect(Collectors.toSet());
        this.machineNames = machineNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** This machine's own names, looked up once. */
    public static OriginPolicy forThisMachine(List<String> configuredOrigins) {
        Set<String> names = new java.util.HashSet<>();
        try {
            java.net.InetAddress local = java.net.InetAddress.getLocalHost();
            names.add(local.getHostName());
            names.add(local.getCanonicalHostName());
        } catch (java.io.IOException e) {
            // no name: IP addresses and .local names still work
        }
        return new OriginPolicy(configuredOrigins, names);
    }

    /** Whether a WebSocket request with these headers may open. */
    public boolean allows(String origin, String host) {
        if (origin == null || origin.isEmpty()) {
            return true; // not a browser
        }
        String normalized = normalize(origin);
        if (configured.contains(normalized)) {
            return true;
        }
        if (host == null || host.isEmpty()) {
            return false;
        }
        String hostLower = host.toLowerCase(Locale.ROOT);
        if (!normalized.equals(normalize("http://" + hostLower)) && !normalized.equals(normalize("https://" + hostLower))) {
            return false;
        }
        return ownName(hostName(hostLower));
    }

    private boolean ownName(String name) {
        return name.equals("localhost") || name.endsWith(".local") || machineNames.contains(name)
                || isIpLiteral(name);
    }

    /** The host part of a Host header ({@code [::1]:7765} → {@code ::1}, {@code a.local:80} → {@code a.local}). */
    static String hostName(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close < 0 ? host : host.substring(1, close);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    static boolean isIpLiteral(String name) {
        if (name.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : name.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        return name.contains(":") && name.matches("[0-9a-f:.%a-z]+");
    }

    /** scheme://host[:port] in lower case, without a default port or trailing slash; unreadable → as given. */
    static String normalize(String origin) {
        try {
            URI uri = new URI(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return origin.trim().toLowerCase(Locale.ROOT);
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                    || (scheme.equals("https") && port == 443);
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            return scheme + "://" + host + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return origin.trim().toLowerCase(Locale.ROOT);
        }
    }
}
