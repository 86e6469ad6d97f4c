package app.queued.server.catalog.youtube;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the ISO-8601 durations of {@code contentDetails.duration}: {@code PT1H2M3S}, {@code PT45S}, {@code P1DT2H}
 * and, for very long videos, {@code P1W2DT3H}. Live streams report {@code P0D} or leave it out.
 */
final class IsoDuration {
    private static final Pattern FORMAT = Pattern.compile(
            "P(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)(?:[.,]\\d+)?S)?)?");

    private IsoDuration() {
    }

    /** Whole seconds; 0 when the duration is absent, zero or unreadable (the player learns the real length). */
    static int seconds(String iso) {
        if (iso == null) {
            return 0;
        }
        Matcher m = FORMAT.matcher(iso.trim().toUpperCase(java.util.Locale.ROOT));
        if (!m.matches() || iso.trim().equals("P") || iso.trim().endsWith("T")) {
            return 0;
        }
        long total = part(m, 1) * 7 * 86_400 + part(m, 2) * 86_400 + part(m, 3) * 3_600 + part(m, 4) * 60
                + part(m, 5);
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    private static long part(Matcher m, int group) {
        String digits = m.group(group);
        if (digits == null) {
            return 0;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return 0; // absurdly long; treated as unknown rather than a crash
        }
    }
}
