package io.faust4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.ConfigurationException;
import io.faust4j.Topic;
import io.faust4j.Window;
import io.faust4j.WindowedTable;
import io.faust4j.Windows;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Session windows through the test driver: sessions grow and merge when an event bridges them, reads of the
 * current session and of an instant, final results once per session when it closes, late events (too old, or
 * reopening a closed session) counted and forwarded, recovery after a restart, and idle partitions closing
 * sessions as the manual clock moves.
 */
class SessionWindowsDriverTest {
    record Click(String user, String page) {}

    record Visit(String user, Instant first, Instant last, long clicks) {}

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    record Site(App app, Topic<String, Click> clicks, Topic<String, Visit> visits, Topic<String, Click> late,
                WindowedTable<String, Long> sessions, Agent<String, Click> count) {
        static Site create(Windows windows) {
            App app = App.create("site", s -> s.topicPartitions(1));
            Topic<String, Click> clicks = app.topic("clicks", Click.class);
            Topic<String, Visit> visits = app.topic("visits", Visit.class);
            Topic<String, Click> late = app.topic("late-clicks", Click.class);
            WindowedTable<String, Long> sessions = app.table("sessions", String.class, Long.class, 0L)
                    .windowed(windows, Long::sum)
                    .emitFinal(visits, (user, window, n) -> new Visit(user, window.start(),
                            window.end().minusMillis(1), n))
                    .sendLateEventsTo(late);
            Agent<String, Click> count = app.agent("count", clicks, stream -> {
                for (Click click : stream) {
                    long n = sessions.update(click.user(), c -> c + 1);
                    stream.emit(n + "/" + sessions.get(click.user()).current());
                }
            });
            return new Site(app, clicks, visits, late, sessions, count);
        }
    }

    private static void clickAt(TestDriver driver, Site site, int minute, String user) {
        driver.sendRaw(site.clicks(), RawRecord.of("{\"user\":\"" + user + "\",\"page\":\"/\"}").key(user)
                .timestamp(at(minute)));
        driver.process();
    }

    @Test
    void sessionsGrowMergeCloseOnceAndComeBackAfterARestart() {
        Site site = Site.create(Windows.session(Duration.ofMinutes(30)).grace(Duration.ofMinutes(15))
                .expires(Duration.ofDays(1)));
        try (TestDriver driver = TestDriver.create(site.app())) {
            clickAt(driver, site, 0, "ann");
            clickAt(driver, site, 10, "ann");   // within 30 minutes: the same session
            clickAt(driver, site, 50, "ann");   // 40 minutes later: a new session
            clickAt(driver, site, 25, "ann");   // out of order, within 30 minutes of both: merges them
            assertThat(driver.emitted(site.count(), String.class)).containsExactly("1/1", "2/2", "1/1", "4/4");
            assertThat(site.sessions().get("ann").all()).containsExactly(
                    Map.entry(new Window(at(0), at(50).plusMillis(1)), 4L));
            assertThat(site.sessions().get("ann").at(at(30))).isEqualTo(4L);
            assertThat(site.sessions().get("ann").at(at(51))).as("after the last click: no session").isZero();
            assertThat(driver.sent(site.visits())).isEmpty();

            clickAt(driver, site, 101, "bob");  // watermark 01:26 passes ann's last click + gap (01:20): closes
            assertThat(driver.sentValues(site.visits())).containsExactly(new Visit("ann", at(0), at(50), 4));

            clickAt(driver, site, 55, "ann");   // inside the closed session: late
            clickAt(driver, site, 70, "ann");   // would reopen the closed session (it fired already): late
            assertThat(site.sessions().lateEvents()).isEqualTo(2);
            assertThat(driver.sentValues(site.late())).containsExactly(new Click("ann", "/"), new Click("ann", "/"));
            clickAt(driver, site, 86, "ann");   // more than the gap after it: a new session
            assertThat(site.sessions().get("ann").all()).containsExactly(
                    Map.entry(new Window(at(0), at(50).plusMillis(1)), 4L),
                    Map.entry(new Window(at(86), at(86).plusMillis(1)), 1L));

            driver.restart();                   // recovered from the changelog, merged-away sessions stay deleted
            assertThat(site.sessions().get("ann").all()).containsOnlyKeys(new Window(at(0), at(50).plusMillis(1)),
                    new Window(at(86), at(86).plusMillis(1)));
            clickAt(driver, site, 100, "ann"); // joins the session at 01:26
            clickAt(driver, site, 60, "ann");  // still late after the restart
            assertThat(site.sessions().lateEvents()).isEqualTo(3);
            clickAt(driver, site, 24 * 60 + 200, "bob"); // a day on: ann's sessions close and expire
            assertThat(driver.sentValues(site.visits())).containsExactly(new Visit("ann", at(0), at(50), 4),
                    new Visit("ann", at(86), at(100), 2), new Visit("bob", at(101), at(101), 1));
            assertThat(site.sessions().get("ann").all()).isEmpty();
        }
    }

    @Test
    void aQuietPartitionsSessionsCloseWhenTheClockMovesPastTheIdleTimeout() {
        Site site = Site.create(Windows.session(Duration.ofMinutes(30)).idleAdvance(Duration.ofMinutes(10)));
        try (TestDriver driver = TestDriver.create(site.app())) {
            driver.put(site.count(), "ann", new Click("ann", "/"));      // at the clock's time, 00:00
            driver.advance(Duration.ofMinutes(40));                       // stream time 00:30: not past 00:30
            assertThat(driver.sent(site.visits())).isEmpty();
            driver.advance(Duration.ofMinutes(1));                        // 00:31: closes
            assertThat(driver.sentValues(site.visits())).containsExactly(new Visit("ann", T0, T0, 1));
        }
    }

    @Test
    void sessionWindowsWithoutAMergeFunctionFailNamingTheFix() {
        App app = App.create("site", s -> s.topicPartitions(1));
        assertThatThrownBy(() -> app.table("visits", String.class, Long.class, 0L)
                .windowed(Windows.session(Duration.ofMinutes(30))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("sessions(gap, merger)");
        assertThatThrownBy(() -> app.table("hourly", String.class, Long.class, 0L)
                .windowed(Windows.tumbling(Duration.ofHours(1)), Long::sum))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("only session windows");
        App faust = App.create("site", s -> s.topicPartitions(1).faustCompat(true));
        assertThatThrownBy(() -> faust.table("visits", String.class, Long.class, 0L)
                .sessions(Duration.ofMinutes(30), Long::sum))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("Faust has no session windows");
        assertThatThrownBy(() -> Windows.session(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gap");
    }
}
