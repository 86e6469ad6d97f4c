package app.queued.protocol;

import java.util.Set;

/**
 * The one rule for text that other people see — nicknames, room names, track titles and channels — applied to what
 * clients send (refused, see {@link Check#text}) and to what a catalog returns (cleaned, {@link #clean}):
 * <ul>
 *   <li>whitespace, including no-break and other Unicode spaces, is trimmed at both ends;</li>
 *   <li>no text-direction controls (Unicode's Bidi_Control characters: U+061C, U+200E, U+200F, U+202A–U+202E,
 *       U+2066–U+2069): one of them can turn the rest of a line around ("Ana", U+202E, "gnp.exe" shows as
 *       "Anaexe.png");</li>
 *   <li>no broken characters (a UTF-16 surrogate without its other half), which storage would turn into "?";</li>
 *   <li>something visible: a text of nothing but spaces, zero-width and other format characters, combining marks or
 *       blank letters (U+3164 and its kin) shows as nobody.</li>
 * </ul>
 * Joiners, variation selectors and tags inside a text stay: emoji sequences and many scripts need them.
 */
public final class ShownText {
    /** Letters and symbols that draw nothing. */
    private static final Set<Integer> BLANK = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800);

    private ShownText() {
    }

    /** The text without whitespace (Unicode spaces included) at either end. */
    public static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    /**
     * Text from elsewhere (a catalog), made fit to show: direction controls removed, broken characters replaced by
     * U+FFFD, control characters and line breaks replaced by a space, trimmed. Null becomes empty.
     */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else if (isBidiControl(c)) {
                continue;
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return trim(out.toString());
    }

    /** Whether at least one character of the text draws something. */
    public static boolean hasVisible(String text) {
        return text.codePoints().anyMatch(ShownText::isVisible);
    }

    /**
     * Why a text (already trimmed, without control characters) may not be shown — "must not …" / "must …" — or
     * null when it may.
     */
    static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain broken characters (unpaired surrogates)";
            }
        }
        if (text.chars().anyMatch(c -> isBidiControl((char) c))) {
            return "must not contain text-direction controls";
        }
        if (!hasVisible(text)) {
            return "must contain something visible";
        }
        return null;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean isBidiControl(char c) {
        return c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }

    private static boolean isVisible(int codePoint) {
        if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || BLANK.contains(codePoint)) {
            return false;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
                    Character.SURROGATE -> false;
            default -> true;
        };
    }
}
