package app.queued.fx;

/** Lengths of songs as people read them: 3:07, or 1:02:03 past an hour. */
public final class Durations {
    private Durations() {
    }

    public static String format(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
