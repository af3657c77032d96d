package io.faust4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.examples.FanOut.Order;
import io.faust4j.test.Faust4jExtension;
import io.faust4j.test.Sent;
import io.faust4j.test.TestDriver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FanOutTest {
    private final FanOut fanOut = FanOut.create(settings -> settings.topicPartitions(4));

    @RegisterExtension
    final Faust4jExtension faust = Faust4jExtension.forApp(fanOut::app);

    @Test
    void routesEachOrderToExactlyOneTopicByCurrency(TestDriver driver) {
        List<String> currencies = List.of("USD", "EUR", "USD", "GBP", "JPY", "USD", "CHF", "EUR");
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Order order = new Order("order-" + i, "user-" + (i % 3), 10 + i, currencies.get(i % currencies.size()));
            orders.add(order);
            driver.send(fanOut.orders(), order.orderId(), order);
        }
        driver.process();

        List<Order> domestic = driver.sentValues(fanOut.domestic());
        List<Order> international = driver.sentValues(fanOut.international());
        assertThat(domestic).containsExactlyInAnyOrderElementsOf(
                orders.stream().filter(o -> o.currency().equals("USD")).toList());
        assertThat(international).containsExactlyInAnyOrderElementsOf(
                orders.stream().filter(o -> !o.currency().equals("USD")).toList());
    }

    @Test
    void keepsTheOrderIdAsTheKey(TestDriver driver) {
        driver.put(fanOut.routeOrders(), "order-1", new Order("order-1", "user-1", 12.5, "EUR"));

        List<Sent<String, Order>> sent = driver.sent(fanOut.international());
        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.key()).contains("order-1");
            assertThat(s.value().currency()).isEqualTo("EUR");
        });
        assertThat(driver.sent(fanOut.domestic())).isEmpty();
    }

    @Test
    void theSampleFeedSendsAnOrderEveryPeriodAndEachIsRouted() {
        FanOut fed = FanOut.create(settings -> settings.topicPartitions(4)).feedSampleOrders(java.time.Duration.ofMillis(500));
        try (TestDriver driver = TestDriver.create(fed.app())) {
            for (int i = 0; i < 6; i++) {
                driver.advance(java.time.Duration.ofMillis(500));
            }
            assertThat(driver.sentValues(fed.orders())).hasSize(6);
            assertThat(driver.sentValues(fed.domestic()).size() + driver.sentValues(fed.international()).size())
                    .isEqualTo(6);
        }
    }
}
