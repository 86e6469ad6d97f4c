package app.queued.server.catalog.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import app.queued.server.store.Database;
import app.queued.server.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Quota arithmetic: costs, the Pacific-midnight reset (on an injectable clock) and persistence. */
class QuotaMeterTest {

    @Test
    void countsUnitsPerPacificDayAndResetsAtMidnightLosAngeles() {
        // 07:59:59 UTC on 28 November is 23:59:59 on 27 November in Los Angeles (PST, UTC-8)
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T07:59:00Z"));
        QuotaMeter meter = new QuotaMeter(clock, 10_000);
        meter.charge(QuotaMeter.SEARCH_COST);
        meter.charge(QuotaMeter.VIDEOS_COST);
        meter.charge(QuotaMeter.SEARCH_COST);
        assertThat(meter.unitsUsedToday()).isEqualTo(201);
        assertThat(meter.remainingToday()).isEqualTo(9_799);
        assertThat(meter.quotaDay()).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(meter.nextReset()).isEqualTo(Instant.parse("2026-11-28T08:00:00Z"));
        assertThat(meter.untilReset()).isEqualTo(Duration.ofMinutes(1));

        clock.set(Instant.parse("2026-11-28T07:59:59Z"));
        assertThat(meter.unitsUsedToday()).isEqualTo(201);
        clock.set(Instant.parse("2026-11-28T08:00:00Z")); // midnight in Los Angeles, 08:00 in London
        assertThat(meter.unitsUsedToday()).isZero();
        assertThat(meter.quotaDay()).isEqualTo(LocalDate.of(2026, 11, 28));
        meter.charge(1);
        assertThat(meter.unitsUsedToday()).isEqualTo(1);
    }

    @Test
    void followsDaylightSavingTime() {
        // Summer: PDT is UTC-7, so midnight in Los Angeles is 07:00 UTC
        MutableClock clock = new MutableClock(Instant.parse("2026-07-01T06:59:59Z"));
        QuotaMeter meter = new QuotaMeter(clock, 10_000);
        meter.charge(100);
        assertThat(meter.nextReset()).isEqualTo(Instant.parse("2026-07-01T07:00:00Z"));
        clock.set(Instant.parse("2026-07-01T07:00:00Z"));
        assertThat(meter.unitsUsedToday()).isZero();
        // The day clocks go back (1 November 2026) lasts 25 hours
        clock.set(ZonedDateTime.parse("2026-11-01T00:00:00-07:00[America/Los_Angeles]").toInstant());
        assertThat(meter.untilReset()).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void exhaustedUntilTheNextPacificMidnight() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T20:00:00Z"));
        QuotaMeter meter = new QuotaMeter(clock, 10_000);
        meter.charge(9_900);
        meter.markExhausted();
        assertThat(meter.exhausted()).isTrue();
        assertThat(QuotaMeter.humanDuration(meter.untilReset())).isEqualTo("12 h");
        clock.advance(Duration.ofHours(11).plusMinutes(15));
        assertThat(QuotaMeter.humanDuration(meter.untilReset())).isEqualTo("45 min");
        assertThat(meter.exhausted()).isTrue();
        clock.advance(Duration.ofMinutes(45));
        assertThat(meter.exhausted()).isFalse();
        assertThat(meter.unitsUsedToday()).isZero();
        assertThat(QuotaMeter.humanDuration(Duration.ofMinutes(200))).isEqualTo("3 h 20 min");
    }

    @Test
    void persistsInPostgresAcrossRestartsAndNodes() {
        TestStorage storage = TestStorage.get();
        String url = storage.newDatabase();
        try (Database db = Database.open(url, null, null, 2)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-11-27T20:00:00Z"));
            QuotaMeter first = new QuotaMeter(clock, 10_000);
            first.charge(100); // counted in memory before the server attached a database
            first.useStore(new JdbcQuotaStore(db.dataSource()));
            first.charge(1);
            QuotaMeter second = new QuotaMeter(clock, 10_000);
            second.useStore(new JdbcQuotaStore(db.dataSource()));
            second.charge(100);
            assertThat(first.unitsUsedToday()).isEqualTo(201);
            assertThat(second.unitsUsedToday()).isEqualTo(201);

            first.markExhausted();
            QuotaMeter restarted = new QuotaMeter(clock, 10_000);
            restarted.useStore(new JdbcQuotaStore(db.dataSource()));
            assertThat(restarted.exhausted()).isTrue();
            assertThat(restarted.unitsUsedToday()).isEqualTo(201);
            assertThat(first.exhausted()).isTrue();

            // the server stops and starts again: nothing is counted twice
            first.detachStore();
            assertThat(first.unitsUsedToday()).isEqualTo(201);
            first.charge(1);
            first.useStore(new JdbcQuotaStore(db.dataSource()));
            assertThat(first.unitsUsedToday()).isEqualTo(202);
            assertThat(second.unitsUsedToday()).isEqualTo(202);

            clock.set(Instant.parse("2026-11-28T08:00:00Z"));
            assertThat(restarted.exhausted()).isFalse();
            assertThat(restarted.unitsUsedToday()).isZero();
            restarted.detachStore();
            restarted.charge(5);
            assertThat(restarted.unitsUsedToday()).as("counting goes on in memory after the server stopped").isEqualTo(5);
        } finally {
            storage.dropDatabase(url);
        }
    }
}
