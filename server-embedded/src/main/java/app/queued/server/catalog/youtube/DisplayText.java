package app.queued.server.catalog.youtube;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * YouTube escapes titles in search snippets as HTML ({@code Tom &amp; Jerry}, {@code Don&#39;t}); this turns
 * them back into plain text, and removes control characters so a title is always one clean line.
 */
final class HtmlText {
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,10});");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\u2028\\u2029]+");
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", "\u00a0"), Map.entry("ndash", "\u2013"),
            Map.entry("mdash", "\u2014"), Map.entry("hellip", "\u2026"), Map.entry("lsquo", "\u2018"),
            Map.entry("rsquo", "\u2019"), Map.entry("ldquo", "\u201c"), Map.entry("rdquo", "\u201d"),
            Map.entry("copy", "\u00a9"), Map.entry("reg", "\u00ae"), Map.entry("trade", "\u2122"));

    private HtmlText() {
    }

    /** Decodes entities once (so {@code &amp;amp;} becomes {@code &amp;}, as a browser shows it), trims. */
    static String plain(String html) {
        if (html == null) {
            return "";
        }
        Matcher m = ENTITY.matcher(html);
        StringBuilder out = new StringBuilder(html.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(decode(m.group(1), m.group())));
        }
        m.appendTail(out);
        return CONTROL.matcher(out).replaceAll(" ").strip();
    }

    private static String decode(String body, String whole) {
        if (body.charAt(0) != '#') {
            return NAMED.getOrDefault(body, whole);
        }
        int code;
        try {
            code = body.length() > 1 && (body.charAt(1) == 'x' || body.charAt(1) == 'X')
                    ? Integer.parseInt(body.substring(2), 16)
                    : Integer.parseInt(body.substring(1));
        } catch (NumberFormatException e) {
            return whole;
        }
        if (code <= 0 || code > Character.MAX_CODE_POINT || (code >= 0xD800 && code <= 0xDFFF)) {
            return whole;
        }
        return new String(Character.toChars(code));
    }
}
