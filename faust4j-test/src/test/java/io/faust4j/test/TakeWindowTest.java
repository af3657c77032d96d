package io.faust4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.Topic;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** take(max, within) windows follow the driver's manual clock: a test closes a batch by moving the clock. */
class TakeWindowTest {
    record Login(String user, String ip) {}

    /** Batches logins per user: at most 3 per batch, or what arrived within 3 s. */
    record Logins(App app, Topic<String, Login> logins, Agent<String, Login> batch) {
        static Logins create() {
            App app = App.create("logins", s -> s.topicPartitions(2));
            Topic<String, Login> logins = app.topic("logins", Login.class);
            Agent<String, Login> batch = app.agent("batch", logins.groupBy(Login::user), stream -> {
                for (List<Login> some : stream.take(3, Duration.ofSeconds(3))) {
                    stream.emit(some.size());
                }
            });
            return new Logins(app, logins, batch);
        }
    }

    @Test
    void aBatchClosesWhenTheClockPassesItsWindowWithoutRealWaiting() {
        Logins logins = Logins.create();
        try (TestDriver driver = TestDriver.create(logins.app(), TestDriverOptions.defaults()
                .processTimeout(Duration.ofSeconds(2))
                .commitInterval(Duration.ofMinutes(10)))) { // no commit wakes the loop: the clock's move must
            long started = System.nanoTime();
            driver.put(logins.batch(), new Login("ann", "10.0.0.1"));    // returns: the batch waits for the clock
            driver.put(logins.batch(), new Login("ann", "10.0.0.2"));
            assertThat(driver.emitted(logins.batch(), Integer.class)).isEmpty();

            driver.clock().advance(Duration.ofMillis(2999));
            driver.process();
            assertThat(driver.emitted(logins.batch(), Integer.class)).as("the window is not over yet").isEmpty();

            driver.advance(Duration.ofMillis(1));
            assertThat(driver.emitted(logins.batch(), Integer.class)).containsExactly(2);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aWindowLongerThanTheProcessTimeoutClosesWhenTheClockIsMoved() {
        App app = App.create("daily", s -> s.topicPartitions(1));
        Topic<String, String> events = app.topic("events", String.class);
        Agent<String, String> daily = app.agent("daily", events, stream -> {
            for (List<String> batch : stream.take(1000, Duration.ofDays(1))) {
                stream.emit(batch);
            }
        });
        try (TestDriver driver = TestDriver.create(app, TestDriverOptions.defaults()
                .processTimeout(Duration.ofMillis(500)))) {
            driver.put(daily, "a");
            driver.put(daily, "b");
            driver.advance(Duration.ofDays(1));
            driver.put(daily, "c");
            driver.advance(Duration.ofDays(1));
            assertThat(driver.emitted(daily, List.class)).containsExactly(List.of("a", "b"), List.of("c"));
        }
    }

    @Test
    void anExactlyOnceAppClosesItsBatchesOnTheClockToo() {
        App app = App.create("eos-batches", s -> s.topicPartitions(1)
                .processingGuarantee(io.faust4j.ProcessingGuarantee.EXACTLY_ONCE));
        Topic<String, String> events = app.topic("events", String.class);
        Topic<String, String> digests = app.topic("digests", String.class);
        Agent<String, String> digest = app.agent("digest", events, stream -> {
            for (List<String> batch : stream.take(5, Duration.ofMinutes(10))) {
                digests.send("all", String.join(",", batch));
            }
        });
        try (TestDriver driver = TestDriver.create(app, TestDriverOptions.defaults()
                .processTimeout(Duration.ofSeconds(2)))) {
            driver.put(digest, "a");
            driver.put(digest, "b");
            assertThat(driver.sentValues(digests)).isEmpty();
            driver.advance(Duration.ofMinutes(10));
            assertThat(driver.sentValues(digests)).containsExactly("a,b");
        }
    }

    @Test
    void aTimeoutSaysWhichBatchesWaitForTheManualClock() {
        App app = App.create("mixed", s -> s.topicPartitions(1));
        Topic<String, String> events = app.topic("events", String.class);
        Topic<String, String> jobs = app.topic("jobs", String.class);
        CountDownLatch release = new CountDownLatch(1);
        app.agent("hourly", events, stream -> {
            for (List<String> batch : stream.take(10, Duration.ofHours(1))) {
                stream.emit(batch);
            }
        });
        Agent<String, String> stuck = app.agent("stuck", jobs, stream -> {
            for (String job : stream) {
                release.await();
            }
        });
        TestDriver driver = TestDriver.create(app, TestDriverOptions.defaults().processTimeout(Duration.ofMillis(300)));
        try {
            driver.send(events, "e-1");
            AssertionError error = catchThrowableOfType(AssertionError.class, () -> driver.put(stuck, "job-1"));
            assertThat(error).hasMessageContaining("did not finish processing within 300 ms")
                    .hasMessageContaining("Waiting for the manual clock")
                    .hasMessageContaining("driver.clock().advance(...)")
                    .hasMessageContaining("agent 'hourly' (partition 0 of events) waits for its take() window to close"
                            + " at 2024-01-01T01:00:00Z")
                    .hasMessageContaining("the clock is at 2024-01-01T00:00:00Z");
        } finally {
            release.countDown();
            driver.close();
        }
    }
}
