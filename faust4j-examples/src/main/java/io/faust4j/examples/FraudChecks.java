package io.faust4j.examples;

import io.faust4j.Agent;
import io.faust4j.AgentOptions;
import io.faust4j.App;
import io.faust4j.KeyValue;
import io.faust4j.Settings;
import io.faust4j.Topic;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key-ordered concurrency: agent {@code check} asks a slow fraud service about every payment (about 20 ms a
 * call). With {@code keyOrdered(64)} it checks up to 64 payments of one partition at once, never two of the
 * same customer at once, and each customer's payments in the order they were made; the results go to topic
 * {@code checked-payments}, keyed by customer. One event at a time, a partition would manage about 50
 * payments a second; here it manages well over a thousand.
 *
 * @param app the app
 * @param payments the topic payments arrive on, keyed by customer
 * @param checked where each verdict goes, keyed by customer
 * @param check the agent that calls the service
 */
public record FraudChecks(App app, Topic<String, Payment> payments, Topic<String, Verdict> checked,
                          Agent<String, Payment> check) {
    private static final Logger LOG = LoggerFactory.getLogger(FraudChecks.class);

    /**
     * A payment.
     *
     * @param customer who pays
     * @param sequence the customer's payment number, from 1
     * @param cents how much
     */
    public record Payment(String customer, int sequence, long cents) {
    }

    /**
     * The service's verdict on a payment.
     *
     * @param customer who paid
     * @param sequence the customer's payment number
     * @param approved whether it may go through
     */
    public record Verdict(String customer, int sequence, boolean approved) {
    }

    /** The remote fraud service: a blocking call, as an HTTP client's would be. */
    @FunctionalInterface
    public interface FraudService {
        /** Whether {@code payment} looks fine; may take a while. */
        boolean approve(Payment payment) throws Exception;

        /** A stand-in for the real service: about 20 ms per call; approves payments under 10,000.00. */
        static FraudService simulated() {
            return payment -> {
                Thread.sleep(15 + ThreadLocalRandom.current().nextInt(10));
                return payment.cents() < 1_000_000;
            };
        }
    }

    /** Declares the app; {@code settings} adds to or overrides its settings. */
    public static FraudChecks create(Consumer<Settings.Builder> settings, FraudService service) {
        App app = App.create("fraud-checks", settings);
        Topic<String, Payment> payments = app.topic("payments", Payment.class);
        Topic<String, Verdict> checked = app.topic("checked-payments", Verdict.class);
        Agent<String, Payment> check = app.agent("check", payments, AgentOptions.defaults().keyOrdered(64), stream -> {
            for (KeyValue<String, Payment> kv : stream.items()) {
                Payment payment = kv.value();
                boolean approved = service.approve(payment); // the slow call: other customers' payments go on meanwhile
                checked.send(kv.key(), new Verdict(payment.customer(), payment.sequence(), approved));
                if (payment.sequence() % 100 == 0) {
                    LOG.info("{}: payment {} {}", payment.customer(), payment.sequence(), approved ? "approved" : "refused");
                }
            }
        });
        return new FraudChecks(app, payments, checked, check);
    }

    /** Runs the app on the in-memory broker, feeds it payments of 200 customers, and waits for Ctrl-C. */
    public static void main(String[] args) {
        FraudChecks example = create(settings -> { }, FraudService.simulated());
        int[] sequence = new int[200];
        example.app().timer(Duration.ofMillis(1), io.faust4j.TimerOptions.defaults().named("sample-payments").onLeader(),
                tick -> {
            int customer = ThreadLocalRandom.current().nextInt(sequence.length);
            String name = "customer-" + customer;
            example.payments().send(name, new Payment(name, ++sequence[customer],
                    ThreadLocalRandom.current().nextLong(2_000_000)));
        });
        example.app().run();
    }
}
