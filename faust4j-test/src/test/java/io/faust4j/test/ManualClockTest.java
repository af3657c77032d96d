package io.faust4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualClockTest {
    private static final Instant START = Instant.parse("2030-05-01T12:00:00Z");

    @Test
    void standsStillUntilMoved() throws InterruptedException {
        ManualClock clock = ManualClock.startingAt(START);
        Thread.sleep(5);
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
    }

    @Test
    void tellsItsListenersAfterEveryMoveUntilRemoved() {
        ManualClock clock = ManualClock.startingAt(START);
        List<Instant> seen = new ArrayList<>();
        Runnable listener = () -> seen.add(clock.instant());
        clock.addListener(listener);
        clock.advance(Duration.ofSeconds(1));
        clock.set(START);
        clock.removeListener(listener);
        clock.advance(Duration.ofSeconds(5));
        assertThat(seen).containsExactly(START.plusSeconds(1), START);
    }

    @Test
    void startsAtTheDefaultStartWhenNotTold() {
        assertThat(ManualClock.create().instant()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void advanceMovesForwardAndReturnsTheNewTime() {
        ManualClock clock = ManualClock.startingAt(START);
        assertThat(clock.advance(Duration.ofMinutes(5))).isEqualTo(START.plusSeconds(300));
        assertThat(clock.millis()).isEqualTo(START.plusSeconds(300).toEpochMilli());
    }

    @Test
    void advanceRejectsNegativeDurationsAndSetMovesBack() {
        ManualClock clock = ManualClock.startingAt(START);
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-1S").hasMessageContaining("set(instant)");
        clock.set(START.minusSeconds(60));
        assertThat(clock.instant()).isEqualTo(START.minusSeconds(60));
    }

    @Test
    void concurrentAdvancesAreNotLost() throws InterruptedException {
        ManualClock clock = ManualClock.startingAt(START);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 1000; i++) {
                    clock.advance(Duration.ofMillis(1));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(clock.instant()).isEqualTo(START.plusMillis(8000));
    }
}
