package io.faust4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.Settings;
import io.faust4j.Topic;
import io.faust4j.TransportException;
import io.faust4j.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;

/** What every security test checks: the order-count app counts exactly, and a bad login fails fast and says why. */
final class SecurityChecks {
    /**
     * The longest a failing start may take: less than broker_connect_timeout (15 s), so a failure that is
     * retried until the connect timeout, instead of reported at once, fails the test.
     */
    static final Duration FAILS_WITHIN = Duration.ofSeconds(10);

    private SecurityChecks() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Runs the order-count app over {@code login}: 3,000 orders produced over the same login, counted exactly. */
    static void countsEveryOrder(Login login, String id) throws Exception {
        OrderCountsApp c = OrderCountsApp.create(id, login.brokerUrl(), 2, 17, login.settings());
        Map<String, Long> truth = OrderCountsApp.newTruth();
        long started = System.nanoTime();
        try (Worker worker = c.app().start(); KafkaProducer<String, String> producer = c.producer(login.clientProperties())) {
            c.send(producer, 0, 3_000, truth);
            c.awaitCountsReach(truth, Duration.ofSeconds(40));
            OrderCountsApp.settle(worker);
            assertThat(c.readCounts()).isEqualTo(new TreeMap<>(truth));
            assertThat(worker.stats().eventsProcessed()).isEqualTo(2 * 3_000);
        }
        System.out.printf("%s: 3,000 orders counted exactly in %d ms%n", id, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Starts an app with one agent on {@code topic} over {@code login}, expecting the start to fail: returns
     * the exception after checking it is a {@link TransportException} that came within {@link #FAILS_WITHIN},
     * and that neither its messages nor any log line written meanwhile shows a secret of the login.
     */
    static TransportException failsAtStart(Login login, String id, String topic) {
        App app = App.create(id, s -> {
            login.apply(s);
            OrderCountsApp.QUICK_GROUP.accept(s);
        });
        Topic<String, String> source = app.topic(topic, String.class);
        app.agent("a", source, stream -> stream.forEach(v -> { }));
        Throwable thrown;
        List<String> logs;
        long started = System.nanoTime();
        try (LogCapture capture = LogCapture.start()) {
            thrown = catchStart(app);
            logs = capture.lines();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(thrown).as("the start fails").isInstanceOf(TransportException.class);
        assertThat(millis).as("failed within %s", FAILS_WITHIN).isLessThan(FAILS_WITHIN.toMillis());
        assertThat(logs).as("log lines while failing").isNotEmpty();
        for (String secret : login.secrets()) {
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                assertThat(t.getMessage()).as("message of %s", t.getClass().getName()).doesNotContain(secret);
            }
            assertThat(logs).as("log lines").noneMatch(line -> line.contains(secret));
        }
        System.out.printf("%s failed in %d ms with %d log lines: %s%n", id, millis, logs.size(), thrown.getMessage());
        return (TransportException) thrown;
    }

    private static Throwable catchStart(App app) {
        try (Worker worker = app.start()) {
            return new AssertionError("the start did not fail: worker " + worker + " runs");
        } catch (Throwable e) {
            return e;
        }
    }

    /** Settings of a SASL login. */
    static java.util.function.Consumer<Settings.Builder> sasl(String protocol, String mechanism, String user,
                                                             String password) {
        return s -> s.set(Settings.SECURITY_PROTOCOL, protocol).set(Settings.SASL_MECHANISM, mechanism)
                .set(Settings.SASL_USERNAME, user).set(Settings.SASL_PASSWORD, password);
    }
}
