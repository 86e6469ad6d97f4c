package app.queued.server.catalog.youtube;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the YouTube Data API units spent today, as YouTube bills them: {@code search.list} costs
 * {@value #SEARCH_COST}, {@code videos.list} {@value #VIDEOS_COST} per call (up to 50 ids); which calls are billed
 * is {@code YouTubeApi}'s to say (those YouTube let through, not those refused at the door). The day is YouTube's
 * quota day, which starts at midnight America/Los_Angeles. Persisted (PostgreSQL once the server attaches a
 * database, memory before that). When YouTube answers {@code quotaExceeded} the meter remembers it until the next
 * Pacific midnight, so no call is wasted meanwhile.
 *
 * <p>For the host app: {@link #unitsUsedToday()}, {@link #dailyLimit()}, {@link #exhausted()},
 * {@link #nextReset()}. Thread-safe.
 */
public final class QuotaMeter {
    public static final ZoneId QUOTA_ZONE = ZoneId.of("America/Los_Angeles");
    public static final int SEARCH_COST = 100;
    public static final int VIDEOS_COST = 1;
    /** What a new Google Cloud project gets per day. */
    public static final long DEFAULT_DAILY_LIMIT = 10_000;
    private static final Logger log = LoggerFactory.getLogger(QuotaMeter.class);

    private final Clock clock;
    private final long dailyLimit;
    private volatile QuotaStore store;
    /** Mirror of today's row: the store is written through, this answers the hot-path checks. */
    private QuotaStore.Day today;
    private boolean persisted;
    /** Units counted in memory (no database attached) on {@link #unsavedDay}, added to the store on attach. */
    private long unsaved;
    private LocalDate unsavedDay;

    public QuotaMeter(Clock clock, long dailyLimit) {
        this.clock = clock;
        this.dailyLimit = dailyLimit;
        this.store = QuotaStore.inMemory();
    }

    /** Switches to a persistent store, adding to it what was counted in memory today and not saved yet. */
    synchronized void useStore(QuotaStore persistent) {
        QuotaStore.Day counted = current();
        try {
            long toSave = counted.day().equals(unsavedDay) ? unsaved : 0;
            QuotaStore.Day loaded = toSave > 0 ? persistent.add(counted.day(), toSave) : persistent.read(counted.day());
            if (counted.exhaustedAt() != null && loaded.exhaustedAt() == null) {
                persistent.markExhausted(counted.day(), counted.exhaustedAt());
                loaded = new QuotaStore.Day(loaded.day(), loaded.units(), counted.exhaustedAt());
            }
            store = persistent;
            persisted = true;
            unsaved = 0;
            today = loaded;
        } catch (Exception e) {
            log.warn("The YouTube quota meter cannot use the database ({}); counting in memory", e.toString());
        }
    }

    /** Back to memory (the server stopped); today's count stays visible and is not saved twice. */
    synchronized void detachStore() {
        QuotaStore.Day counted = current();
        QuotaStore memory = QuotaStore.inMemory();
        try {
            memory.add(counted.day(), counted.units());
            if (counted.exhaustedAt() != null) {
                memory.markExhausted(counted.day(), counted.exhaustedAt());
            }
        } catch (Exception impossible) {
            throw new IllegalStateException(impossible);
        }
        store = memory;
        persisted = false;
        unsaved = 0;
        unsavedDay = counted.day();
        today = null;
    }

    /** Today's quota day (Pacific). */
    public LocalDate quotaDay() {
        return LocalDate.now(clock.withZone(QUOTA_ZONE));
    }

    /** Units spent since the last Pacific midnight, as far as this meter (and the nodes sharing its database) know. */
    public synchronized long unitsUsedToday() {
        LocalDate day = quotaDay();
        try {
            today = store.read(day);
        } catch (Exception e) {
            log.debug("quota read failed: {}", e.toString());
        }
        return current().units();
    }

    public long dailyLimit() {
        return dailyLimit;
    }

    /** Units left today by this meter's count (YouTube's own count decides; this is for the host's screen). */
    public long remainingToday() {
        return Math.max(0, dailyLimit - unitsUsedToday());
    }

    /** True from YouTube's {@code quotaExceeded} answer until the next Pacific midnight. */
    public synchronized boolean exhausted() {
        return current().exhaustedAt() != null;
    }

    /** The next Pacific midnight, when the quota is renewed. */
    public Instant nextReset() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(QUOTA_ZONE));
        return now.toLocalDate().plusDays(1).atStartOfDay(QUOTA_ZONE).toInstant();
    }

    /** Time until {@link #nextReset()}. */
    public Duration untilReset() {
        return Duration.between(clock.instant(), nextReset());
    }

    /** Counts a call that was made. */
    synchronized void charge(int units) {
        LocalDate day = quotaDay();
        if (!persisted) {
            if (!day.equals(unsavedDay)) {
                unsaved = 0;
                unsavedDay = day;
            }
            unsaved += units;
        }
        try {
            today = store.add(day, units);
        } catch (Exception e) {
            log.warn("The YouTube quota meter could not save its count: {}", e.toString());
            QuotaStore.Day old = current();
            today = new QuotaStore.Day(day, old.units() + units, old.exhaustedAt());
        }
    }

    /** YouTube said the quota is used up. */
    synchronized void markExhausted() {
        LocalDate day = quotaDay();
        Instant now = clock.instant();
        try {
            store.markExhausted(day, now);
        } catch (Exception e) {
            log.warn("The YouTube quota meter could not save the exhausted mark: {}", e.toString());
        }
        QuotaStore.Day old = current();
        today = new QuotaStore.Day(day, old.units(), old.exhaustedAt() != null ? old.exhaustedAt() : now);
    }

    /** Today's row; a new Pacific day starts from zero (read from the store in case another node counted). */
    private QuotaStore.Day current() {
        LocalDate day = quotaDay();
        if (today == null || !today.day().equals(day)) {
            try {
                today = store.read(day);
            } catch (Exception e) {
                today = new QuotaStore.Day(day, 0, null);
            }
        }
        return today;
    }

    /** "5 h 12 min", "40 min", for messages. */
    static String humanDuration(Duration d) {
        long minutes = Math.max(1, (d.toSeconds() + 59) / 60);
        long hours = minutes / 60;
        long rest = minutes % 60;
        if (hours == 0) {
            return rest + " min";
        }
        return rest == 0 ? hours + " h" : hours + " h " + rest + " min";
    }
}
