package io.faust4j.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.test.Faust4jExtension;
import io.faust4j.test.RawRecord;
import io.faust4j.test.TestDriver;
import io.faust4j.test.TestDriverOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An app author's test, as docs/testing.md shows it, run by projects on other JUnit versions than faust4j's
 * own: the extension injects the driver, take windows follow the manual clock, raw input reaches the
 * dead-letter topic, and, with no SLF4J binding in these projects, the driver prints agent failures itself.
 */
class SuspiciousLoginsTest {
    record Login(String user, String ip) {}

    record Alert(String user, int logins) {}

    /** Counts logins per user and raises an alert for each batch of three or more within a minute. */
    record SuspiciousLogins(App app, Topic<String, Login> logins, Table<String, Long> counts, Agent<String, Login> watch) {
        static SuspiciousLogins create() {
            App app = App.create("suspicious-logins", s -> s.topicPartitions(2));
            Topic<String, Login> logins = app.topic("logins", Login.class);
            Table<String, Long> counts = app.table("login-count", String.class, Long.class, 0L);
            Agent<String, Login> watch = app.agent("watch", logins.groupBy(Login::user), stream -> {
                for (List<Login> batch : stream.take(3, Duration.ofMinutes(1))) {
                    String user = batch.get(0).user();
                    if (user.isEmpty()) {
                        throw new IllegalArgumentException("a login without a user");
                    }
                    counts.update(user, n -> n + batch.size());
                    if (batch.size() >= 3) {
                        stream.emit(new Alert(user, batch.size()));
                    }
                }
            });
            return new SuspiciousLogins(app, logins, counts, watch);
        }
    }

    private final SuspiciousLogins app = SuspiciousLogins.create();

    @RegisterExtension
    final Faust4jExtension faust = Faust4jExtension.forApp(app::app)
            .options(TestDriverOptions.defaults().failOnErrors(false));

    @Test
    void runsOnTheJUnitVersionOfThisProject() {
        String expected = System.getProperty("expected.junit.version");
        assertEquals(expected, Test.class.getPackage().getImplementationVersion());
    }

    @Test
    void alertsOnABurstAndClosesSlowBatchesWhenTheClockMoves(TestDriver driver) {
        for (int i = 1; i <= 3; i++) {
            driver.put(app.watch(), new Login("ann", "10.0.0." + i));
        }
        driver.put(app.watch(), new Login("bob", "10.0.1.1"));
        assertEquals(List.of(new Alert("ann", 3)), driver.emitted(app.watch(), Alert.class));
        assertEquals(3L, driver.table(app.counts()).get("ann"));
        assertEquals(null, driver.table(app.counts()).get("bob"), "bob's batch waits for the clock");

        driver.advance(Duration.ofMinutes(1));
        assertEquals(1L, driver.table(app.counts()).get("bob"));
    }

    @Test
    void keepsMalformedInputAndPrintsFailuresWithoutALoggingBinding(TestDriver driver) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            driver.putRaw(app.watch(), RawRecord.of("{\"user\": 42").key("ann"));
            for (int i = 1; i <= 3; i++) { // a full batch: it fails at once, three times, then is dead-lettered
                driver.send(app.logins(), new Login("", "10.0.0." + i));
            }
            driver.process();
        } finally {
            System.setErr(err);
        }
        assertEquals(1, driver.worker().stats().decodeErrors());
        assertEquals(3, driver.worker().stats().agentErrors());
        assertEquals(1 + 3, driver.worker().deadLetters().list(letter -> true).size());
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("faust4j-test: the record at topic logins partition"), text);
        assertTrue(text.contains("could not be decoded for agent 'watch-groupby'"), text); // the groupBy stage
        assertTrue(text.contains("faust4j-test: agent 'watch' threw on topic suspicious-logins-watch-"), text);
        assertTrue(text.contains("a login without a user"), text);
    }
}
