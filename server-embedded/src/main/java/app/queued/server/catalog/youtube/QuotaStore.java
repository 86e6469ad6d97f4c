package app.queued.server.catalog.youtube;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/** Where the quota meter keeps its count per Pacific day, so a restart does not forget what was spent. */
interface QuotaStore {

    /** Units spent on {@code day} and whether YouTube said the quota was exhausted that day. */
    record Day(LocalDate day, long units, Instant exhaustedAt) {
    }

    Day read(LocalDate day) throws Exception;

    /** Adds {@code units} to {@code day}'s count and returns the new state. */
    Day add(LocalDate day, long units) throws Exception;

    void markExhausted(LocalDate day, Instant at) throws Exception;

    /** Until a database is attached: counts in memory. */
    static QuotaStore inMemory() {
        return new QuotaStore() {
            private final Map<LocalDate, Day> days = new HashMap<>();

            @Override
            public synchronized Day read(LocalDate day) {
                return days.getOrDefault(day, new Day(day, 0, null));
            }

            @Override
            public synchronized Day add(LocalDate day, long units) {
                Day old = read(day);
                Day now = new Day(day, old.units() + units, old.exhaustedAt());
                days.put(day, now);
                return now;
            }

            @Override
            public synchronized void markExhausted(LocalDate day, Instant at) {
                Day old = read(day);
                days.put(day, new Day(day, old.units(), old.exhaustedAt() != null ? old.exhaustedAt() : at));
            }
        };
    }
}
