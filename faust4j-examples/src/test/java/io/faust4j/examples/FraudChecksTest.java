package io.faust4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.examples.FraudChecks.FraudService;
import io.faust4j.examples.FraudChecks.Payment;
import io.faust4j.examples.FraudChecks.Verdict;
import io.faust4j.test.Faust4jExtension;
import io.faust4j.test.Sent;
import io.faust4j.test.TestDriver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FraudChecksTest {
    /** A slow service that records how many calls run at once, and whether one customer ever had two. */
    static final class RecordingService implements FraudService {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final Set<String> customersInCall = ConcurrentHashMap.newKeySet();
        final AtomicInteger sameCustomerOverlaps = new AtomicInteger();

        @Override
        public boolean approve(Payment payment) throws Exception {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            if (!customersInCall.add(payment.customer())) {
                sameCustomerOverlaps.incrementAndGet();
            }
            Thread.sleep(10);
            customersInCall.remove(payment.customer());
            running.decrementAndGet();
            return payment.cents() < 1_000_000;
        }
    }

    private final RecordingService service = new RecordingService();
    private final FraudChecks checks = FraudChecks.create(settings -> settings.topicPartitions(1), service);

    @RegisterExtension
    final Faust4jExtension faust = Faust4jExtension.forApp(checks::app);

    @Test
    void checksPaymentsOfDifferentCustomersAtOnceAndEachCustomersInOrder(TestDriver driver) {
        int customers = 20;
        int each = 10;
        for (int sequence = 1; sequence <= each; sequence++) {
            for (int c = 0; c < customers; c++) {
                String customer = "customer-" + c;
                driver.send(checks.payments(), customer, new Payment(customer, sequence, sequence * 300_000L));
            }
        }
        driver.process();

        Map<String, List<Integer>> order = new LinkedHashMap<>();
        int approved = 0;
        for (Sent<String, Verdict> sent : driver.sent(checks.checked())) {
            Verdict verdict = sent.value();
            order.computeIfAbsent(verdict.customer(), k -> new ArrayList<>()).add(verdict.sequence());
            approved += verdict.approved() ? 1 : 0;
        }
        assertThat(order).hasSize(customers);
        order.values().forEach(seq -> assertThat(seq).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        assertThat(approved).as("payments under 10,000.00: sequences 1 to 3").isEqualTo(customers * 3);
        assertThat(service.sameCustomerOverlaps.get()).as("never two calls for one customer at once").isZero();
        assertThat(service.maxRunning.get()).as("calls for different customers at once").isGreaterThan(1);
    }
}
