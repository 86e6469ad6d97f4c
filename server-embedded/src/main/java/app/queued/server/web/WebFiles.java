package app.queued.server.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The web guest's files, answered on the vote server's own port. Only the fixed set named in {@code files.txt}
 * beside them is served, each looked up by its exact path: there is no directory listing and no file system
 * behind it, so no form of {@code ../} can reach anything else. Every file is read and gzip-compressed once.
 */
public final class WebFiles {
    private static final String ROOT = "/app/queued/server/web/";
    private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]{1,255}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "webmanifest", "application/manifest+json",
            "json", "application/json");

    /** One served file: its bytes as is and gzip-compressed, and a tag for revalidation. */
    record File(String type, byte[] plain, byte[] gzip, String etag) {
    }

    /** What {@code GET /health} answers: 200 while the node can serve, 503 while it cannot. */
    public interface Health {
        boolean ok();

        /** A JSON object, e.g. {@code {"status":"ok"}}. */
        String json();

        Health ALWAYS_OK = new Health() {
            @Override
            public boolean ok() {
                return true;
            }

            @Override
            public String json() {
                return "{\"status\":\"ok\"}";
            }
        };
    }

    private final Map<String, File> files;
    private final Health health;

    private WebFiles(Map<String, File> files, Health health) {
        this.files = files;
        this.health = health;
    }

    /** The same files, with {@code /health} answered by the given check (a load balancer polls it). */
    public WebFiles withHealth(Health check) {
        return new WebFiles(files, check);
    }

    /** The files packaged with the server (an empty set when the page is not packaged). */
    public static WebFiles packaged() {
        Map<String, File> files = new LinkedHashMap<>();
        String list = read("files.txt");
        if (list != null) {
            for (String line : list.split("\n")) {
                String name = line.trim();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                byte[] bytes = readBytes(name);
                if (bytes == null) {
                    throw new IllegalStateException("files.txt names " + name + ", which is not packaged");
                }
                files.put("/" + name, file(name, bytes));
            }
        }
        if (files.containsKey("/index.html")) {
            files.put("/", files.get("/index.html"));
        }
        return new WebFiles(Map.copyOf(files), Health.ALWAYS_OK);
    }

    /** The paths served (with "/" for the page itself). */
    public java.util.Set<String> paths() {
        return files.keySet();
    }

    /** Bytes of all files, gzip-compressed as they are sent to a browser ("/" counted once, as index.html). */
    public long gzipBytes() {
        return files.entrySet().stream().filter(e -> !e.getKey().equals("/"))
                .mapToLong(e -> e.getValue().gzip().length).sum();
    }

    /** The whole HTTP response to a request that is not a WebSocket upgrade. The connection closes after it. */
    public byte[] answer(HttpHead head) {
        boolean headOnly = head.method().equals("HEAD");
        if (!headOnly && !head.method().equals("GET")) {
            return response(405, "Method Not Allowed", "Allow: GET, HEAD\r\n", "text/plain; charset=utf-8",
                    "Only GET and HEAD are answered here.\n".getBytes(StandardCharsets.UTF_8), false, head);
        }
        String path = path(head.target());
        if (path.equals("/health")) {
            boolean ok = health.ok();
            return response(ok ? 200 : 503, ok ? "OK" : "Service Unavailable", "Cache-Control: no-store\r\n",
                    "application/json", (health.json() + "\n").getBytes(StandardCharsets.UTF_8), headOnly, head);
        }
        File file = files.get(path);
        if (file == null) {
            return response(404, "Not Found", "", "text/plain; charset=utf-8",
                    "Not found.\n".getBytes(StandardCharsets.UTF_8), headOnly, head);
        }
        if (file.etag().equals(head.header("if-none-match"))) {
            return response(304, "Not Modified", "ETag: " + file.etag() + "\r\n", null, new byte[0], true, head);
        }
        boolean gzip = head.lists("accept-encoding", "gzip");
        String extra = "ETag: " + file.etag() + "\r\nCache-Control: no-cache\r\nVary: Accept-Encoding\r\n"
                + (gzip ? "Content-Encoding: gzip\r\n" : "");
        return response(200, "OK", extra, file.type(), gzip ? file.gzip() : file.plain(), headOnly, head);
    }

    /** A bad or oversized request head. */
    public static byte[] refusal(int status, String reason, String sentence) {
        return response(status, reason, "", "text/plain; charset=utf-8",
                (sentence + "\n").getBytes(StandardCharsets.UTF_8), false, null);
    }

    /** The path of a request target, without query or fragment; an absolute or odd target becomes "" (404). */
    static String path(String target) {
        if (!target.startsWith("/")) {
            return "";
        }
        int end = target.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = target.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return target.substring(0, end);
    }

    private static byte[] response(int status, String reason, String extraHeaders, String type, byte[] body,
            boolean headOnly, HttpHead head) {
        StringBuilder out = new StringBuilder(512)
                .append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n")
                .append(extraHeaders);
        if (type != null) {
            out.append("Content-Type: ").append(type).append("\r\n");
        }
        out.append("Content-Length: ").append(body.length).append("\r\n")
                .append("Content-Security-Policy: ").append(contentSecurityPolicy(head)).append("\r\n")
                .append("X-Content-Type-Options: nosniff\r\n")
                .append("X-Frame-Options: DENY\r\n")
                .append("Referrer-Policy: no-referrer\r\n")
                .append("Connection: close\r\n\r\n");
        byte[] headBytes = out.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (headOnly) {
            return headBytes;
        }
        byte[] whole = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, whole, 0, headBytes.length);
        System.arraycopy(body, 0, whole, headBytes.length, body.length);
        return whole;
    }

    /**
     * Only the host itself: its files, and its WebSocket on the address the browser used (named in full, since
     * older WebKit does not count ws: as 'self').
     */
    static String contentSecurityPolicy(HttpHead head) {
        String host = head == null ? null : head.header("host");
        String socket = host != null && SAFE_HOST.matcher(host).matches() ? " ws://" + host + " wss://" + host : "";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'"
                + socket + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static File file(String name, byte[] bytes) {
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(extension);
        if (type == null) {
            throw new IllegalStateException("no content type for " + name);
        }
        return new File(type, bytes, gzip(bytes), "\"" + sha256(bytes).substring(0, 16) + "\"");
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String read(String name) {
        byte[] bytes = readBytes(name);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(String name) {
        try (InputStream in = WebFiles.class.getResourceAsStream(ROOT + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web guest's " + name, e);
        }
    }
}
