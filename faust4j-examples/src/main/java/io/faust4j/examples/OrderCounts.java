package io.faust4j.examples;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.Settings;
import io.faust4j.Table;
import io.faust4j.TimerOptions;
import io.faust4j.Topic;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quick-start example: counts orders per account in a sharded, changelog-backed table, as in
 * "Introducing Faust". The {@code orders} topic is keyed by order id, so the agent first repartitions it
 * by account ({@code groupBy}): every order of an account then reaches the same actor and the same table
 * partition, on one worker or on many.
 *
 * @param app the app
 * @param orders the topic orders arrive on, keyed by order id
 * @param counts orders per account id, 0 for an account not seen yet
 * @param countOrders the agent that counts, logs and emits each new count
 */
public record OrderCounts(App app, Topic<String, Order> orders, Table<String, Long> counts,
                          Agent<String, Order> countOrders) {
    private static final Logger LOG = LoggerFactory.getLogger(OrderCounts.class);

    /**
     * An order (JSON on the topic).
     *
     * @param orderId the order id, also the record key
     * @param accountId the account that placed it
     * @param productId what was ordered
     * @param amount how many
     * @param price the unit price
     */
    public record Order(String orderId, String accountId, String productId, int amount, double price) {
    }

    /**
     * What the agent emits each time a count changes.
     *
     * @param accountId the account
     * @param orders its number of orders so far
     */
    public record AccountCount(String accountId, long orders) {
    }

    /** Declares the app; {@code settings} adds to or overrides its settings. */
    public static OrderCounts create(Consumer<Settings.Builder> settings) {
        App app = App.create("order-counts", settings);
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Table<String, Long> counts = app.table("order-count", String.class, Long.class, 0L);
        Agent<String, Order> countOrders = app.agent("count-orders", orders.groupBy(Order::accountId), stream -> {
            for (Order order : stream) {
                long count = counts.update(order.accountId(), n -> n + 1);
                LOG.info("account {}: {} {}", order.accountId(), count, count == 1 ? "order" : "orders");
                stream.emit(new AccountCount(order.accountId(), count));
            }
        });
        return new OrderCounts(app, orders, counts, countOrders);
    }

    /**
     * The app with the settings of the environment ({@code FAUST4J_*}) and a properties file: what
     * {@code faust4j -A io.faust4j.examples.OrderCounts worker} runs.
     */
    public static App newApp() {
        return create(settings -> { }).app();
    }

    /** A random sample order of one of five accounts. */
    static Order sampleOrder(long n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new Order("order-" + n, "acc-" + (1 + random.nextInt(5)), "product-" + (1 + random.nextInt(20)),
                1 + random.nextInt(3), Math.round(random.nextDouble(1, 100) * 100) / 100.0);
    }

    /**
     * Makes the app feed itself a random sample order every {@code period}, standing in for the shop that
     * would publish them: a timer on the group's leader, so one worker feeds however many run.
     */
    public OrderCounts feedSampleOrders(Duration period) {
        AtomicLong next = new AtomicLong(1);
        app.timer(period, TimerOptions.defaults().named("sample-orders").onLeader(), tick -> {
            Order order = sampleOrder(next.getAndIncrement());
            orders.send(order.orderId(), order);
        });
        return this;
    }

    /** Runs the app on the in-memory broker and feeds it a few sample orders a second until Ctrl-C. */
    public static void main(String[] args) {
        create(settings -> { }).feedSampleOrders(Duration.ofMillis(300)).app().run();
    }
}
