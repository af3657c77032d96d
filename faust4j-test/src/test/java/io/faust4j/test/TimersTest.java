package io.faust4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.ConfigurationException;
import io.faust4j.Faust4jException;
import io.faust4j.Table;
import io.faust4j.TimerOptions;
import io.faust4j.Topic;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Timers, crontabs, background tasks and hooks run on the app's clock: a test moves them with the manual clock. */
class TimersTest {
    private static final Instant START = ManualClock.DEFAULT_START;

    @Test
    void aTimerFiresExactlyAtItsIntervalsAsTheClockMovesAndFeedsAnAgent() {
        App app = App.create("ticks", s -> s.topicPartitions(2));
        Topic<String, String> pings = app.topic("pings", String.class);
        Table<String, Long> seen = app.table("seen", String.class, Long.class, 0L);
        List<Instant> ticks = Collections.synchronizedList(new ArrayList<>());
        app.timer(Duration.ofSeconds(10), tick -> {
            ticks.add(tick);
            pings.send("ping-" + ticks.size(), "ping-" + ticks.size());
        });
        app.agent("count", pings, stream -> {
            for (String ping : stream) {
                seen.update(ping, n -> n + 1);
            }
        });
        try (TestDriver driver = TestDriver.create(app)) {
            driver.advance(Duration.ofMillis(9_999));
            assertThat(ticks).as("not before its first interval").isEmpty();
            driver.advance(Duration.ofMillis(1));
            assertThat(ticks).containsExactly(START.plusSeconds(10));
            driver.advance(Duration.ofSeconds(10));
            assertThat(ticks).containsExactly(START.plusSeconds(10), START.plusSeconds(20));
            // a jump over several ticks runs the one it waited for, then goes on from now: 30 s, then 50 s
            driver.advance(Duration.ofSeconds(25));
            driver.advance(Duration.ofSeconds(5));
            assertThat(ticks).containsExactly(START.plusSeconds(10), START.plusSeconds(20), START.plusSeconds(30),
                    START.plusSeconds(50));
            assertThat(driver.sentValues(pings)).hasSize(4);
            assertThat(driver.table(seen)).containsEntry("ping-1", 1L).containsEntry("ping-4", 1L).hasSize(4);
        }
    }

    @Test
    void aBodyThatThrowsIsLoggedAndTheTimerGoesOn() {
        App app = App.create("flaky");
        AtomicInteger calls = new AtomicInteger();
        app.timer(Duration.ofSeconds(1), tick -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first tick fails");
            }
        });
        try (TestDriver driver = TestDriver.create(app)) {
            driver.advance(Duration.ofSeconds(1));
            driver.advance(Duration.ofSeconds(1));
            assertThat(calls).hasValue(2);
            assertThat(driver.worker().isRunning()).isTrue();
        }
    }

    @Test
    void aBodyThatOverrunsItsIntervalSkipsTheTicksThatPassed() {
        App app = App.create("slow");
        List<Instant> ticks = Collections.synchronizedList(new ArrayList<>());
        ManualClock[] clock = new ManualClock[1];
        app.timer(Duration.ofSeconds(10), tick -> {
            ticks.add(tick);
            if (ticks.size() == 1) {
                clock[0].advance(Duration.ofSeconds(25)); // the body takes 25 s of the app's time
            }
        });
        try (TestDriver driver = TestDriver.create(app)) {
            clock[0] = driver.clock();
            driver.advance(Duration.ofSeconds(10)); // tick at 10 s, which ends at 35 s: 20 s and 30 s are skipped
            driver.advance(Duration.ofSeconds(5));
            assertThat(ticks).containsExactly(START.plusSeconds(10), START.plusSeconds(40));
        }
    }

    @Test
    void aCrontabFiresAtItsZonedTimesOnTheManualClock() {
        App app = App.create("nightly");
        List<Instant> ticks = Collections.synchronizedList(new ArrayList<>());
        app.crontab("30 2 * * *", ZoneId.of("Europe/Berlin"), TimerOptions.defaults().named("nightly"), ticks::add);
        TestDriverOptions options = TestDriverOptions.defaults().clockStart(Instant.parse("2024-03-30T12:00:00Z"));
        try (TestDriver driver = TestDriver.create(app, options)) {
            driver.advance(Duration.ofHours(12)); // 2024-03-31T00:00Z = 01:00 CET: not yet
            assertThat(ticks).isEmpty();
            driver.advance(Duration.ofHours(1)); // 01:00Z = 03:00 CEST, the jump over 02:30
            assertThat(ticks).containsExactly(Instant.parse("2024-03-31T01:00:00Z"));
            driver.advance(Duration.ofHours(23).plusMinutes(29));
            assertThat(ticks).hasSize(1);
            driver.advance(Duration.ofMinutes(1)); // 2024-04-01T00:30Z = 02:30 CEST
            assertThat(ticks).containsExactly(Instant.parse("2024-03-31T01:00:00Z"),
                    Instant.parse("2024-04-01T00:30:00Z"));
        }
    }

    @Test
    void hooksRunInOrderAroundTimersAndTasksAndTasksEndAtStop() {
        App app = App.create("hooks", s -> s.topicPartitions(1));
        Topic<String, String> events = app.topic("events", String.class);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        app.agent("record", events, stream -> {
            for (String event : stream) {
                log.add("agent " + event);
            }
        });
        app.onStart(worker -> log.add("start 1 (running " + worker.isRunning() + ")"));
        app.onStart(worker -> {
            log.add("start 2");
            events.send("from-start-hook", "hello");
        });
        app.task(context -> {
            log.add("task begins");
            while (context.sleep(Duration.ofSeconds(1))) {
                log.add("task round at " + context.now());
            }
            log.add("task ends, running " + context.isRunning());
        });
        app.timer(Duration.ofSeconds(2), tick -> log.add("timer"));
        app.onStop(worker -> log.add("stop 1"));
        app.onStop(worker -> {
            log.add("stop 2");
            events.send("from-stop-hook", "bye"); // still possible: agents stop after the stop hooks
        });
        TestDriver driver = TestDriver.create(app);
        try {
            driver.process();
            driver.advance(Duration.ofSeconds(1));
            driver.advance(Duration.ofSeconds(1));
        } finally {
            driver.close();
        }
        assertThat(log.subList(0, 2)).containsExactly("start 1 (running true)", "start 2");
        assertThat(log).containsSubsequence("start 2", "task begins", "task round at " + START.plusSeconds(1),
                "task round at " + START.plusSeconds(2), "task ends, running false", "stop 1", "stop 2");
        assertThat(log).containsSubsequence("start 2", "timer", "stop 1");
        assertThat(log).contains("agent hello");
        assertThat(log.indexOf("task ends, running false")).isLessThan(log.indexOf("stop 1"));
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("faust4j-task-1-hooks"));
    }

    @Test
    void aFailingStartHookStopsTheStart() {
        App app = App.create("bad-start");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        app.onStart(worker -> {
            throw new IllegalStateException("no config");
        });
        app.onStop(worker -> log.add("stop hook"));
        assertThatThrownBy(() -> TestDriver.create(app)).isInstanceOf(Faust4jException.class)
                .hasMessageContaining("start hook").hasMessageContaining("no config");
        assertThat(log).as("stop hooks run only after a start").isEmpty();
    }

    @Test
    void declarationsAreCheckedAndClosedOnceRunning() {
        App app = App.create("checks");
        assertThatThrownBy(() -> app.timer(Duration.ZERO, tick -> { })).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> app.crontab("61 * * * *", ZoneId.of("UTC"), tick -> { }))
                .hasMessageContaining("minute '61'");
        app.timer(Duration.ofSeconds(1), TimerOptions.defaults().named("a"), tick -> { });
        assertThatThrownBy(() -> app.timer(Duration.ofSeconds(1), TimerOptions.defaults().named("a"), tick -> { }))
                .hasMessageContaining("declared twice");
        try (TestDriver driver = TestDriver.create(app)) {
            assertThatThrownBy(() -> app.task(context -> { })).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("while app 'checks' is running");
        }
    }

    @Test
    void anUnusedAgentStillLetsTimersRun() {
        App app = App.create("solo");
        Topic<String, String> out = app.topic("out", String.class);
        Agent<String, String> ignored = app.agent("ignored", app.topic("in", String.class), stream -> {
            for (String ignore : stream) {
                // nothing
            }
        });
        app.timer(Duration.ofMinutes(1), tick -> out.send("k", "v"));
        try (TestDriver driver = TestDriver.create(app)) {
            driver.advance(Duration.ofMinutes(3));
            assertThat(driver.sentValues(out)).as("one run per wake, the passed ticks skipped").containsExactly("v");
            assertThat(ignored.name()).isEqualTo("ignored");
        }
    }
}
