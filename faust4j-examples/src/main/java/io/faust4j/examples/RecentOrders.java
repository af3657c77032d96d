package io.faust4j.examples;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.Settings;
import io.faust4j.Topic;
import io.faust4j.WindowedTable;
import io.faust4j.Windows;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sliding windows: how many orders each user placed in the last five minutes, as of each order (Kafka Streams'
 * sliding windows, which Faust lacks). Each order is counted in every five-minute window holding it; the agent
 * prints and emits the count of the window ending at the order, and {@code recentCounts.get(user).at(instant)}
 * gives the count of the five minutes ending at any instant. Windows are kept for an hour.
 *
 * @param app the app
 * @param orders the topic orders arrive on, keyed by order id
 * @param recentCounts order counts per user in sliding windows of five minutes, 0 for none
 * @param countOrders the agent that counts each order and emits the user's count of the last five minutes
 */
public record RecentOrders(App app, Topic<String, Order> orders, WindowedTable<String, Long> recentCounts,
                           Agent<String, Order> countOrders) {
    private static final Logger LOG = LoggerFactory.getLogger(RecentOrders.class);

    /**
     * An order (JSON on the topic).
     *
     * @param orderId the order id, also the record key
     * @param userId the user who placed it
     * @param amount what it cost
     */
    public record Order(String orderId, String userId, double amount) {
    }

    /** Declares the app; {@code settings} adds to or overrides its settings. */
    public static RecentOrders create(Consumer<Settings.Builder> settings) {
        App app = App.create("recent-orders", settings);
        Topic<String, Order> orders = app.topic("orders", Order.class);
        WindowedTable<String, Long> recentCounts = app.table("orders-last-5-minutes", String.class, Long.class, 0L)
                .sliding(Duration.ofMinutes(5), Duration.ofHours(1));
        Agent<String, Order> countOrders = app.agent("count-recent", orders.groupBy(Order::userId), stream -> {
            for (Order order : stream) {
                long recent = recentCounts.update(order.userId(), n -> n + 1);
                LOG.info("{} placed {} orders in the last 5 minutes", order.userId(), recent);
                stream.emit(recent);
            }
        });
        return new RecentOrders(app, orders, recentCounts, countOrders);
    }

    /** Runs the app on the in-memory broker and feeds it a sample order about every second until Ctrl-C. */
    public static void main(String[] args) {
        RecentOrders example = create(settings -> { });
        AtomicLong next = new AtomicLong(1);
        example.app().timer(Duration.ofSeconds(1), io.faust4j.TimerOptions.defaults().named("sample-orders").onLeader(),
                tick -> {
            String id = "order-" + next.getAndIncrement();
            example.orders().send(id, new Order(id, "user-" + (1 + ThreadLocalRandom.current().nextInt(3)), 10.0));
        });
        example.app().run();
    }
}
