package io.faust4j.examples;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.Settings;
import io.faust4j.TimerOptions;
import io.faust4j.Topic;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fan-out routing, from the Faust deep dive: one agent reads {@code orders} and sends each order to
 * exactly one of two topics by its currency, USD orders to {@code domestic-orders} and all others to
 * {@code international-orders}, keeping the order id as the key.
 *
 * @param app the app
 * @param orders the topic orders arrive on, keyed by order id
 * @param domestic where USD orders go
 * @param international where orders in any other currency go
 * @param routeOrders the routing agent
 */
public record FanOut(App app, Topic<String, Order> orders, Topic<String, Order> domestic,
                     Topic<String, Order> international, Agent<String, Order> routeOrders) {
    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);
    private static final List<String> SAMPLE_CURRENCIES = List.of("USD", "USD", "EUR", "GBP", "JPY");

    /**
     * An order (JSON on the topics).
     *
     * @param orderId the order id, also the record key
     * @param userId who placed it
     * @param amount its total
     * @param currency its ISO 4217 currency code, such as USD
     */
    public record Order(String orderId, String userId, double amount, String currency) {
    }

    /** Declares the app; {@code settings} adds to or overrides its settings. */
    public static FanOut create(Consumer<Settings.Builder> settings) {
        App app = App.create("fan-out", settings);
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Topic<String, Order> domestic = app.topic("domestic-orders", Order.class);
        Topic<String, Order> international = app.topic("international-orders", Order.class);
        Agent<String, Order> routeOrders = app.agent("route-orders", orders, stream -> {
            for (Order order : stream) {
                Topic<String, Order> target = "USD".equals(order.currency()) ? domestic : international;
                target.send(order.orderId(), order);
                LOG.info("order {} ({} {}) -> {}", order.orderId(), order.amount(), order.currency(), target.name());
            }
        });
        return new FanOut(app, orders, domestic, international, routeOrders);
    }

    /** Runs the app on the in-memory broker and feeds it sample orders in several currencies until Ctrl-C. */
    public static void main(String[] args) {
        create(settings -> { }).feedSampleOrders(Duration.ofMillis(500)).app().run();
    }

    /**
     * Makes the app feed itself a sample order in a random currency every {@code period}: a timer on the
     * group's leader, standing in for the shop that would publish them.
     */
    public FanOut feedSampleOrders(Duration period) {
        AtomicLong next = new AtomicLong(1);
        app.timer(period, TimerOptions.defaults().named("sample-orders").onLeader(), tick -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String id = "order-" + next.getAndIncrement();
            orders.send(id, new Order(id, "user-" + (1 + random.nextInt(5)), 10 + random.nextInt(90),
                    SAMPLE_CURRENCIES.get(random.nextInt(SAMPLE_CURRENCIES.size()))));
        });
        return this;
    }
}
