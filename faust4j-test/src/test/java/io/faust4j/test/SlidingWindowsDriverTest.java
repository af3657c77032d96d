package io.faust4j.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.Topic;
import io.faust4j.WindowedTable;
import io.faust4j.Windows;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Sliding windows through the test driver: "order totals of the last 5 minutes per user" after each order, out of
 * order within the grace, reads at any instant, final results of each window once it closes, late orders counted
 * and forwarded, a restart that recovers the windows and their newest event times, and idle advance by the manual
 * clock.
 */
class SlidingWindowsDriverTest {
    record Order(String user, double amount) {}

    record WindowTotal(String user, Instant start, double total) {}

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    record Shop(App app, Topic<String, Order> orders, Topic<String, WindowTotal> finals, Topic<String, Order> late,
                WindowedTable<String, Double> totals, Agent<String, Order> sum) {
        static Shop create(Windows windows) {
            App app = App.create("shop", s -> s.topicPartitions(1));
            Topic<String, Order> orders = app.topic("orders", Order.class);
            Topic<String, WindowTotal> finals = app.topic("finals", WindowTotal.class);
            Topic<String, Order> late = app.topic("late-orders", Order.class);
            WindowedTable<String, Double> totals = app.table("last-5-minutes", String.class, Double.class, 0.0)
                    .windowed(windows)
                    .emitFinal(finals, (user, window, total) -> new WindowTotal(user, window.start(), total))
                    .sendLateEventsTo(late);
            Agent<String, Order> sum = app.agent("sum", orders, stream -> {
                for (Order order : stream) {
                    double last5 = totals.update(order.user(), t -> t + order.amount());
                    stream.emit(last5);
                }
            });
            return new Shop(app, orders, finals, late, totals, sum);
        }
    }

    private static void putAt(TestDriver driver, Shop shop, Instant time, Order order) {
        driver.sendRaw(shop.orders(), RawRecord.of("{\"user\":\"" + order.user() + "\",\"amount\":" + order.amount() + "}")
                .key(order.user()).timestamp(time));
        driver.process();
    }

    private static Instant min(double minutes) {
        return T0.plusMillis((long) (minutes * 60_000));
    }

    @Test
    void eachOrderSeesTheTotalOfTheLastFiveMinutesAndEachWindowIsSentOnceWhenItCloses() {
        Shop shop = Shop.create(Windows.sliding(Duration.ofMinutes(5)).grace(Duration.ofMinutes(1))
                .expires(Duration.ofHours(1)));
        try (TestDriver driver = TestDriver.create(shop.app())) {
            putAt(driver, shop, min(0), new Order("ann", 10));
            putAt(driver, shop, min(3), new Order("ann", 5));
            putAt(driver, shop, min(7), new Order("ann", 7));
            putAt(driver, shop, min(6.5), new Order("ann", 3));   // out of order, within the grace
            assertThat(driver.emitted(shop.sum(), Double.class)).containsExactly(10.0, 15.0, 12.0, 8.0);
            WindowedTable<String, Double> totals = shop.totals();
            assertThat(totals.get("ann").at(min(5))).isEqualTo(15.0);                 // 00:00 and 00:03
            assertThat(totals.get("ann").at(min(7))).isEqualTo(15.0);                 // 00:03, 00:06:30, 00:07
            assertThat(totals.get("ann").at(min(9))).isEqualTo(10.0);                 // 00:06:30, 00:07
            assertThat(totals.get("ann").at(min(13))).as("no orders: the default").isEqualTo(0.0);
            assertThat(totals.get("ann").current()).as("outside agents: at the stream time").isEqualTo(15.0);
            // left windows of each order, and right windows where a later order falls in one
            assertThat(totals.get("ann").all()).hasSize(7);
            // watermark 00:06: the windows ending at 00:00, 00:03 and 00:05:00.001 closed, in order of their ends
            assertThat(driver.sentValues(shop.finals())).containsExactly(new WindowTotal("ann", min(-5), 10.0),
                    new WindowTotal("ann", min(-2), 15.0), new WindowTotal("ann", min(0).plusMillis(1), 5.0));

            putAt(driver, shop, min(1), new Order("ann", 100));  // older than the watermark: late as a whole
            assertThat(totals.lateEvents()).isEqualTo(1);
            assertThat(driver.sentValues(shop.late())).containsExactly(new Order("ann", 100));
            assertThat(totals.get("ann").at(min(5))).isEqualTo(15.0);

            driver.restart();                                                         // recovered from the changelogs
            putAt(driver, shop, min(8), new Order("ann", 2));
            assertThat(driver.emitted(shop.sum(), Double.class)).as("built from the recovered windows").endsWith(17.0);
            putAt(driver, shop, min(20), new Order("bob", 1));   // watermark 00:19: ann's windows all closed
            assertThat(driver.sentValues(shop.finals())).extracting(WindowTotal::total)
                    .containsExactly(10.0, 15.0, 5.0, 8.0, 15.0, 17.0, 12.0, 9.0, 2.0);
        }
    }

    @Test
    void aQuietPartitionsSlidingWindowsCloseWhenTheClockMovesPastTheIdleTimeout() {
        Shop shop = Shop.create(Windows.sliding(Duration.ofMinutes(5)).expires(Duration.ofHours(1))
                .idleAdvance(Duration.ofMinutes(10)));
        try (TestDriver driver = TestDriver.create(shop.app())) {
            driver.put(shop.sum(), "ann", new Order("ann", 4));                      // at the clock's time
            Instant start = driver.clock().instant().minus(Duration.ofMinutes(5));
            driver.advance(Duration.ofMinutes(10));                                   // idle, stream time unchanged
            assertThat(driver.sent(shop.finals())).isEmpty();
            driver.advance(Duration.ofMillis(1));                                     // -> just past the order: closes
            assertThat(driver.sentValues(shop.finals())).containsExactly(new WindowTotal("ann", start, 4.0));
        }
    }
}
