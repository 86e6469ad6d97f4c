package app.queued.invite;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The address a phone opens to join one room through the web guest: {@code http://192.168.1.20:7765/#code=K7QX4M}.
 * The vote server serves the page on the same port as its WebSocket; the join code rides in the fragment, which a
 * browser never sends to the server or writes into its logs, and the page fills its code field from it. No token is
 * ever part of the link.
 *
 * @param host     the address guests reach the server at (an IPv4 address, a host name or an IPv6 address)
 * @param port     the vote server's port
 * @param joinCode the room's join code, normalised as the server reads it (upper case, no spaces or dashes)
 */
public record InviteLink(String host, int port, String joinCode) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:%\\-\\[\\]]+");
    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{1,20}");

    /** @throws IllegalArgumentException when a part could not be part of a link */
    public InviteLink {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(joinCode, "joinCode");
        host = host.strip();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("not a host address: \u201c" + host + "\u201d");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 1 and 65535");
        }
        joinCode = joinCode.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (!CODE.matcher(joinCode).matches()) {
            throw new IllegalArgumentException("not a join code: \u201c" + joinCode + "\u201d");
        }
    }

    /** The whole link, e.g. {@code http://192.168.1.20:7765/#code=K7QX4M}: what the QR code holds. */
    public String url() {
        return "http://" + shortAddress() + "/#code=" + joinCode;
    }

    /** What a person types into a browser, e.g. {@code 192.168.1.20:7765} (the page then asks for the code). */
    public String shortAddress() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The link as a QR code. */
    public QrCode qrCode() {
        return QrCode.encode(url());
    }

    /** Whether only this computer can open the link (a phone cannot reach a loopback address). */
    public boolean loopbackOnly() {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }
}
