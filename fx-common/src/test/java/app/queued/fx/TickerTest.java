package app.queued.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TickerTest {

    @Test
    void ticksOnTheUiThreadUntilStopped() {
        List<Runnable> uiQueue = new CopyOnWriteArrayList<>();
        AtomicInteger ticks = new AtomicInteger();
        Ticker ticker = new Ticker(uiQueue::add, Duration.ofMillis(10), ticks::incrementAndGet);

        ticker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !uiQueue.isEmpty());
        assertThat(ticks).as("nothing runs until the UI thread takes the tick").hasValue(0);
        Runnable first = uiQueue.remove(0);
        first.run();
        assertThat(ticks).hasValue(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> !uiQueue.isEmpty());
        ticker.stop();
        uiQueue.forEach(Runnable::run);
        assertThat(ticks).as("a tick on its way when stopped does not run").hasValue(1);
        assertThat(ticker.isRunning()).isFalse();
    }

    @Test
    void aSlowUiThreadGetsOneTickNotABacklog() {
        List<Runnable> uiQueue = new CopyOnWriteArrayList<>();
        AtomicInteger ticks = new AtomicInteger();
        Ticker ticker = new Ticker(uiQueue::add, Duration.ofMillis(5), ticks::incrementAndGet);
        ticker.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !uiQueue.isEmpty());
            long started = System.nanoTime();
            // several periods pass while the UI thread is busy elsewhere
            await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() - started > 50_000_000L);
            assertThat(uiQueue).hasSize(1);
        } finally {
            ticker.stop();
        }
    }

    @Test
    void aPeriodMustBePositive() {
        assertThatThrownBy(() -> new Ticker(Runnable::run, Duration.ZERO, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
