package app.queued.server.web;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The request line and headers of an HTTP/1.x request, as the vote server's port reads them before deciding
 * between a WebSocket upgrade and a plain file request. Header names are kept in lower case.
 */
public record HttpHead(String method, String target, String version, Map<String, String> headers) {
    /** Longest head accepted; a browser's GET with its usual headers is well under 2 KiB. */
    public static final int MAX_BYTES = 8 * 1024;

    /** Where the head ends in {@code bytes[0..length)} (just after the blank line), or -1 while it is incomplete. */
    public static int end(byte[] bytes, int length) {
        for (int i = 3; i < length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Parses a complete head; null when it is not HTTP/1.x (the caller answers 400). */
    public static HttpHead parse(byte[] bytes, int length) {
        // ISO-8859-1 maps each byte to one char, so nothing is lost or reinterpreted before the checks below.
        String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        String[] request = lines[0].split(" ", -1);
        if (request.length != 3 || request[0].isEmpty() || request[1].isEmpty()
                || !request[2].startsWith("HTTP/1.")) {
            return null;
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        return new HttpHead(request[0], request[1], request[2], Map.copyOf(headers));
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** True when the client asks to switch this connection to a WebSocket. */
    public boolean wantsWebSocket() {
        String upgrade = header("upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    /** Whether a comma-separated header lists {@code token} (e.g. Accept-Encoding: gzip). */
    public boolean lists(String name, String token) {
        String value = header(name);
        if (value == null) {
            return false;
        }
        for (String part : value.split(",")) {
            String item = part.trim().toLowerCase(Locale.ROOT);
            int semicolon = item.indexOf(';');
            String bare = semicolon < 0 ? item : item.substring(0, semicolon).trim();
            if (bare.equals(token) && !item.replace(" ", "").endsWith(";q=0")) {
                return true;
            }
        }
        return false;
    }
}
