package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LogLimiterTest {
    private final AtomicLong nowMillis = new AtomicLong(1_000_000);
    private final InstantSource clock = () -> Instant.ofEpochMilli(nowMillis.get());
    private final LogLimiter limiter = new LogLimiter(Duration.ofSeconds(10), 3, clock);

    private List<Boolean> occur(String kind, int times) {
        return IntStream.range(0, times).mapToObj(i -> limiter.shouldLog(kind)).toList();
    }

    @Test
    void logsTheFirstBurstOfAKindInAWindowAndCountsTheRest() {
        assertThat(occur("decode", 5)).containsExactly(true, true, true, false, false);
        nowMillis.addAndGet(9_999);
        assertThat(occur("decode", 2)).containsExactly(false, false);

        assertThat(limiter.occurrences("decode")).isEqualTo(7);
        assertThat(limiter.takeSuppressed("decode")).isEqualTo(4);
    }

    @Test
    void theNextWindowLogsAgainAndTheLoggedLineCanSayHowManyWereDropped() {
        occur("decode", 10);
        nowMillis.addAndGet(10_000);

        assertThat(limiter.shouldLog("decode")).isTrue();
        assertThat(limiter.takeSuppressed("decode")).isEqualTo(7);
        assertThat(limiter.takeSuppressed("decode")).as("each dropped occurrence is reported once").isZero();
        assertThat(occur("decode", 3)).containsExactly(true, true, false);
        assertThat(limiter.occurrences("decode")).isEqualTo(14);
    }

    @Test
    void aWindowStartsAtTheFirstOccurrenceAfterTheLastWindowEnded() {
        occur("decode", 3);
        nowMillis.addAndGet(25_000);
        assertThat(occur("decode", 4)).containsExactly(true, true, true, false);
        nowMillis.addAndGet(9_000);        // 34 s: still inside the window that started at 25 s
        assertThat(limiter.shouldLog("decode")).isFalse();
    }

    @Test
    void kindsAreLimitedIndependently() {
        occur("decode", 5);

        assertThat(occur("commit", 4)).containsExactly(true, true, true, false);
        assertThat(limiter.takeSuppressed("decode")).isEqualTo(2);
        assertThat(limiter.takeSuppressed("commit")).isEqualTo(1);
        assertThat(limiter.occurrences("never")).isZero();
        assertThat(limiter.takeSuppressed("never")).isZero();
    }

    @Test
    void aClockThatGoesBackStartsANewWindow() {
        occur("decode", 4);
        nowMillis.addAndGet(-60_000);

        assertThat(limiter.shouldLog("decode")).isTrue();
    }

    @Test
    void manyThreadsTogetherLogExactlyTheBurstAndCountEveryOccurrence() throws InterruptedException {
        int threads = 64;
        int perThread = 2_000;
        LogLimiter shared = new LogLimiter(Duration.ofMinutes(1), 5, clock);
        AtomicLong logged = new AtomicLong();
        AtomicLong reported = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = Threads.virtual("log-" + t, () -> {
                awaitQuietly(start);
                for (int i = 0; i < perThread; i++) {
                    if (shared.shouldLog("decode")) {
                        logged.incrementAndGet();
                        reported.addAndGet(shared.takeSuppressed("decode"));
                    }
                }
            });
            thread.start();
            started.add(thread);
        }
        start.countDown();
        for (Thread thread : started) {
            thread.join();
        }

        long total = (long) threads * perThread;
        assertThat(logged.get()).isEqualTo(5);
        assertThat(shared.occurrences("decode")).isEqualTo(total);
        assertThat(reported.get() + shared.takeSuppressed("decode")).isEqualTo(total - 5);
    }

    @Test
    void rejectsAWindowBelowAMillisecondAndABurstBelowOne() {
        assertThatThrownBy(() -> new LogLimiter(Duration.ofNanos(10), 3, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LogLimiter window must be at least 1ms, not PT0.00000001S");
        assertThatThrownBy(() -> new LogLimiter(Duration.ofSeconds(1), 0, clock))
                .hasMessage("LogLimiter burst must be at least 1, not 0");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
