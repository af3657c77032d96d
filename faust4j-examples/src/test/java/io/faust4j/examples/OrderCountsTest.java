package io.faust4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.Codecs;
import io.faust4j.examples.OrderCounts.AccountCount;
import io.faust4j.examples.OrderCounts.Order;
import io.faust4j.test.Faust4jExtension;
import io.faust4j.test.Sent;
import io.faust4j.test.TestDriver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrderCountsTest {
    private static final String REPARTITION = "order-counts-count-orders-groupby-repartition";

    private final OrderCounts orderCounts = OrderCounts.create(settings -> settings.topicPartitions(4));

    @RegisterExtension
    final Faust4jExtension faust = Faust4jExtension.forApp(orderCounts::app);

    /** Sends {@code n} orders of random accounts (seeded), returning the expected count per account. */
    private Map<String, Long> sendOrders(TestDriver driver, int from, int n, long seed) {
        Random random = new Random(seed);
        Map<String, Long> expected = new HashMap<>();
        for (int i = from; i < from + n; i++) {
            String account = "acc-" + random.nextInt(7);
            Order order = new Order("order-" + i, account, "product-" + random.nextInt(5), 1 + random.nextInt(3), 9.99);
            driver.send(orderCounts.orders(), order.orderId(), order);
            expected.merge(account, 1L, Long::sum);
        }
        return expected;
    }

    @Test
    void countsOrdersPerAccountExactly(TestDriver driver) {
        Map<String, Long> expected = sendOrders(driver, 0, 200, 42);
        driver.process();

        assertThat(driver.table(orderCounts.counts())).isEqualTo(expected);
    }

    @Test
    void emitsEachAccountsCountAsItChanges(TestDriver driver) {
        for (int i = 1; i <= 3; i++) {
            driver.put(orderCounts.countOrders(), "order-" + i, new Order("order-" + i, "acc-7", "p", 1, 1.0));
        }
        assertThat(driver.emitted(orderCounts.countOrders(), AccountCount.class)).containsExactly(
                new AccountCount("acc-7", 1), new AccountCount("acc-7", 2), new AccountCount("acc-7", 3));
    }

    @Test
    void groupedOrdersLandInTheRepartitionTopicKeyedByAccount(TestDriver driver) {
        sendOrders(driver, 0, 50, 7);
        driver.process();

        List<Sent<String, Order>> grouped = driver.sent(REPARTITION, Codecs.raw(String.class), Codecs.json(Order.class));
        assertThat(grouped).hasSize(50);
        assertThat(grouped).allSatisfy(r -> assertThat(r.key()).contains(r.value().accountId()));
        Map<String, Set<Integer>> partitionsByAccount = grouped.stream().collect(Collectors.groupingBy(
                r -> r.value().accountId(), Collectors.mapping(Sent::partition, Collectors.toSet())));
        assertThat(partitionsByAccount).as("all orders of an account share one partition")
                .allSatisfy((account, partitions) -> assertThat(partitions).hasSize(1));
    }

    @Test
    void countsGoOnFromTheRecoveredTableAfterARestart(TestDriver driver) {
        Map<String, Long> expected = sendOrders(driver, 0, 100, 1);
        driver.process();

        driver.restart();

        assertThat(driver.worker().stats().recoveredRecords()).isPositive();
        assertThat(driver.table(orderCounts.counts())).isEqualTo(expected);
        sendOrders(driver, 100, 100, 2).forEach((account, n) -> expected.merge(account, n, Long::sum));
        driver.process();
        assertThat(driver.table(orderCounts.counts())).isEqualTo(expected);
        assertThat(expected.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(200);
    }

    @Test
    void theSampleFeedSendsAnOrderEveryPeriodOfTheAppsClock() {
        OrderCounts fed = OrderCounts.create(settings -> settings.topicPartitions(4))
                .feedSampleOrders(java.time.Duration.ofMillis(300));
        try (TestDriver driver = TestDriver.create(fed.app())) {
            driver.advance(java.time.Duration.ofMillis(299));
            assertThat(driver.sentValues(fed.orders())).isEmpty();
            driver.advance(java.time.Duration.ofMillis(1)); // 300 ms: the first tick
            for (int i = 0; i < 4; i++) {
                driver.advance(java.time.Duration.ofMillis(300));
            }
            assertThat(driver.sentValues(fed.orders())).extracting(Order::orderId) // by partition, then offset
                    .containsExactlyInAnyOrder("order-1", "order-2", "order-3", "order-4", "order-5");
            assertThat(driver.table(fed.counts()).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5);
        }
    }
}
