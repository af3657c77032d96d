package io.faust4j.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.Topic;
import io.faust4j.Window;
import io.faust4j.WindowedTable;
import io.faust4j.Windows;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Windowed tables through the test driver: window closes by event time with a grace period, final results only,
 * late events counted and forwarded, quiet partitions closing windows as the manual clock moves, expiry, and
 * reads relative to the stream, the clock and an event field, from inside and outside agents.
 */
class WindowedTableDriverTest {
    record Order(String user, double amount) {}

    record HourTotal(String user, Instant hour, double total) {}

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    record Shop(App app, Topic<String, Order> orders, Topic<String, HourTotal> finals, Topic<String, Order> late,
                WindowedTable<String, Double> totals, Agent<String, Order> sum) {
        static Shop create(Windows windows) {
            App app = App.create("shop", s -> s.topicPartitions(1));
            Topic<String, Order> orders = app.topic("orders", Order.class);
            Topic<String, HourTotal> finals = app.topic("hourly-finals", HourTotal.class);
            Topic<String, Order> late = app.topic("late-orders", Order.class);
            WindowedTable<String, Double> totals = app.table("hourly-totals", String.class, Double.class, 0.0)
                    .windowed(windows)
                    .emitFinal(finals, (user, window, total) -> new HourTotal(user, window.start(), total))
                    .sendLateEventsTo(late);
            Agent<String, Order> sum = app.agent("sum", orders, stream -> {
                for (Order order : stream) {
                    double now = totals.update(order.user(), t -> t + order.amount());
                    stream.emit(now);
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

    @Test
    void windowsCloseByEventTimeAfterTheGraceAndOnlyFinalResultsAreSent() {
        Shop shop = Shop.create(Windows.tumbling(Duration.ofHours(1)).expires(Duration.ofDays(1))
                .grace(Duration.ofMinutes(5)));
        try (TestDriver driver = TestDriver.create(shop.app())) {
            putAt(driver, shop, T0, new Order("ann", 10));
            putAt(driver, shop, T0.plusSeconds(30 * 60), new Order("ann", 5));
            putAt(driver, shop, T0.plusSeconds(62 * 60), new Order("ann", 7));       // the next hour
            putAt(driver, shop, T0.plusSeconds(50 * 60), new Order("ann", 3));       // late, within the grace
            assertThat(driver.emitted(shop.sum(), Double.class)).containsExactly(10.0, 15.0, 7.0, 18.0);
            assertThat(driver.sent(shop.finals())).as("nothing is final yet").isEmpty();
            assertThat(shop.totals().get("ann").at(T0.plusSeconds(10))).isEqualTo(18.0);
            assertThat(shop.totals().get("ann").current()).as("outside agents: the partition's stream time")
                    .isEqualTo(7.0);
            assertThat(shop.totals().get("ann").delta(Duration.ofHours(1))).isEqualTo(18.0);

            putAt(driver, shop, T0.plusSeconds(65 * 60), new Order("bob", 1));       // watermark 01:00: hour 0 closes
            assertThat(driver.sentValues(shop.finals())).containsExactly(new HourTotal("ann", T0, 18.0));

            putAt(driver, shop, T0.plusSeconds(40 * 60), new Order("ann", 100));     // too late: counted, forwarded
            assertThat(shop.totals().lateEvents()).isEqualTo(1);
            assertThat(driver.sentValues(shop.late())).containsExactly(new Order("ann", 100));
            assertThat(shop.totals().get("ann").all()).containsExactly(
                    java.util.Map.entry(new Window(T0, T0.plusSeconds(3600)), 18.0),
                    java.util.Map.entry(new Window(T0.plusSeconds(3600), T0.plusSeconds(7200)), 7.0));
            assertThat(shop.totals().keys()).containsExactlyInAnyOrder("ann", "bob");

            putAt(driver, shop, T0.plusSeconds(25 * 3600 + 1800), new Order("bob", 2)); // a day on: hour 0 expires
            assertThat(shop.totals().get("ann").all()).as("expired").doesNotContainKey(new Window(T0,
                    T0.plusSeconds(3600)));
            assertThat(driver.sentValues(shop.finals())).containsExactly(new HourTotal("ann", T0, 18.0),
                    new HourTotal("ann", T0.plusSeconds(3600), 7.0), new HourTotal("bob", T0.plusSeconds(3600), 1.0));

            driver.restart();                                                         // recovered from the changelogs
            assertThat(shop.totals().get("bob").all()).containsValues(1.0, 2.0);
            putAt(driver, shop, T0.plusSeconds(3 * 3600), new Order("bob", 9));      // still late after the restart
            assertThat(shop.totals().lateEvents()).isEqualTo(2);
        }
    }

    @Test
    void aQuietPartitionsWindowsCloseWhenTheClockMovesPastTheIdleTimeout() {
        Shop shop = Shop.create(Windows.tumbling(Duration.ofHours(1)).expires(Duration.ofDays(1))
                .idleAdvance(Duration.ofMinutes(10)));
        try (TestDriver driver = TestDriver.create(shop.app())) {
            driver.put(shop.sum(), "ann", new Order("ann", 4));                      // at the clock's time, 00:00
            driver.advance(Duration.ofMinutes(65));                                   // stream time -> 00:55: open
            assertThat(driver.sent(shop.finals())).isEmpty();
            driver.advance(Duration.ofMinutes(6));                                    // -> 01:01: hour 0 closes
            assertThat(driver.sentValues(shop.finals())).containsExactly(new HourTotal("ann", T0, 4.0));
        }
    }

    @Test
    void windowsWithoutIdleAdvanceStayOpenWhileNoEventsCome() {
        Shop shop = Shop.create(Windows.tumbling(Duration.ofHours(1)).expires(Duration.ofDays(1)));
        try (TestDriver driver = TestDriver.create(shop.app())) {
            driver.put(shop.sum(), "ann", new Order("ann", 4));
            driver.advance(Duration.ofHours(5));
            assertThat(driver.sent(shop.finals())).isEmpty();
        }
    }

    @Test
    void hoppingWindowsRelativeToTheClockCountEachEventInEveryWindowOfTheClocksTime() {
        App app = App.create("clicks", s -> s.topicPartitions(2));
        Topic<String, String> clicks = app.topic("clicks", String.class);
        WindowedTable<String, Long> perTenMinutes = app.table("clicks", String.class, Long.class, 0L)
                .hopping(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofHours(1)).relativeToNow();
        Agent<String, String> count = app.agent("count", clicks, stream -> {
            for (String page : stream) {
                perTenMinutes.update(page, n -> n + 1);
                stream.emit(perTenMinutes.get(page).value());
            }
        });
        try (TestDriver driver = TestDriver.create(app)) {
            driver.clock().set(T0.plusSeconds(7 * 60));                              // windows [00:00,00:10) and [00:05,00:15)
            driver.sendRaw(clicks, RawRecord.of("\"/home\"").key("/home").timestamp(T0.minusSeconds(86_400)));
            driver.process();
            driver.clock().set(T0.plusSeconds(12 * 60));                             // [00:05,00:15) and [00:10,00:20)
            driver.put(count, "/home", "/home");
            // value(): the window of the clock's time that started last, [00:10,00:20)
            assertThat(driver.emitted(count, Long.class)).containsExactly(1L, 1L);
            assertThat(perTenMinutes.get("/home").all()).containsValues(1L, 2L, 1L).hasSize(3);
            assertThat(perTenMinutes.get("/home").now()).isEqualTo(1L);              // [00:10,00:20)
            assertThat(perTenMinutes.get("/home").delta(Duration.ofMinutes(5))).isEqualTo(2L); // [00:05,00:15)
        }
    }

    record Reading(String sensor, Instant at, double value) {}

    @Test
    void readsAndWritesRelativeToAFieldOfTheEvent() {
        App app = App.create("sensors", s -> s.topicPartitions(1));
        Topic<String, Reading> readings = app.topic("readings", Reading.class);
        WindowedTable<String, Double> maxima = app.table("maxima", String.class, Double.class, Double.NEGATIVE_INFINITY)
                .windowed(Windows.tumbling(Duration.ofMinutes(1)).grace(Duration.ofMinutes(1)).expires(Duration.ofHours(1)))
                .relativeToField(Reading.class, Reading::at);
        Agent<String, Reading> track = app.agent("track", readings, stream -> {
            for (Reading r : stream) {
                maxima.merge(r.sensor(), r.value(), Math::max);
                stream.emit(maxima.get(r.sensor()).value());
            }
        });
        try (TestDriver driver = TestDriver.create(app)) {
            driver.put(track, "s1", new Reading("s1", T0.plusSeconds(10), 3.0));
            driver.put(track, "s1", new Reading("s1", T0.plusSeconds(70), 1.0));
            driver.put(track, "s1", new Reading("s1", T0.plusSeconds(20), 5.0));
            assertThat(driver.emitted(track, Double.class)).containsExactly(3.0, 1.0, 5.0);
            assertThat(maxima.get("s1").at(T0)).isEqualTo(5.0);
            assertThat(driver.topicNames()).contains("sensors-maxima-changelog", "sensors-maxima-stream-time-changelog");
        }
    }
}
