package app.queued.guest.session;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What a guest types as the party's address — {@code 192.168.1.20}, {@code 192.168.1.20:7765},
 * {@code party-laptop.local}, {@code ws://192.168.1.20:7765}, {@code [fe80::1]:7765} — as a WebSocket URI.
 */
public final class ServerAddress {
    public static final int DEFAULT_PORT = 7765;

    private ServerAddress() {
    }

    /** @throws IllegalArgumentException with a sentence for the guest */
    public static URI parse(String typed) {
        String text = typed == null ? "" : typed.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("Type the party's address, as shown on the host's screen.");
        }
        String withScheme = text.contains("://") ? text : "ws://" + text;
        checkPort(withScheme);
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("“" + text + "” is not an address. It looks like 192.168.1.20:7765.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("The party's address starts with ws://, or just type 192.168.1.20:7765.");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("“" + text + "” is not an address. It looks like 192.168.1.20:7765.");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        try {
            return new URI(scheme, null, uri.getHost(), port, "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("“" + text + "” is not an address. It looks like 192.168.1.20:7765.");
        }
    }

    /** A port that is not a number from 1 to 65535 gets a sentence of its own, not "not an address". */
    private static void checkPort(String address) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^/@\\[\\]:]+|\\[[^\\]]*\\]):([^/?#]*)(?:[/?#].*)?$")
                .matcher(address);
        if (!m.matches()) {
            return;
        }
        String port = m.group(1);
        boolean valid = port.matches("\\d{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65_535;
        if (!valid) {
            throw new IllegalArgumentException(port.isEmpty()
                    ? "Type the port after the colon (the number on the host's screen, like 7765), or leave out the "
                    + "colon."
                    : "“" + port + "” is not a port: the part after the colon is a number from 1 to 65535, like 7765.");
        }
    }

    /** {@code host:port} — the key under which the guest's identity for this server is remembered. */
    public static String key(URI server) {
        return server.getHost().toLowerCase(Locale.ROOT) + ":" + server.getPort();
    }
}
