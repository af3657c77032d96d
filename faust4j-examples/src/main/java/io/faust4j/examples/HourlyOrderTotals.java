package io.faust4j.examples;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.PageResponse;
import io.faust4j.Settings;
import io.faust4j.Topic;
import io.faust4j.WindowedTable;
import io.faust4j.Windows;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deep dive's windowed table: order totals per user and hour, kept for a day, as Faust's
 * {@code app.Table("hourly_order_totals", default=float).tumbling(3600, expires=timedelta(hours=24))}. Each
 * order adds to its hour's total (the hour of the order's timestamp); when an hour is over (the partition's
 * stream time has passed its end and a grace period of five minutes, or the partition was quiet for ten
 * minutes of the clock), its final total per user is printed and sent to {@code hourly-totals}. The page
 * {@code GET /totals/<user>} shows a user's hours, answered by the worker that holds them (faust4j-web).
 *
 * @param app the app
 * @param orders the topic orders arrive on, keyed by order id
 * @param totals order totals per user and hour, 0.0 for none
 * @param hourlyTotals final totals, one record per user and hour, sent when the hour closes
 * @param sumOrders the agent that adds each order to its hour and emits the hour's total so far
 */
public record HourlyOrderTotals(App app, Topic<String, Order> orders, WindowedTable<String, Double> totals,
                                Topic<String, HourlyTotal> hourlyTotals, Agent<String, Order> sumOrders) {
    private static final Logger LOG = LoggerFactory.getLogger(HourlyOrderTotals.class);

    /**
     * An order (JSON on the topic).
     *
     * @param orderId the order id, also the record key
     * @param userId the user who placed it
     * @param amount what it cost
     */
    public record Order(String orderId, String userId, double amount) {
    }

    /**
     * A user's final order total for one hour.
     *
     * @param userId the user
     * @param hour the start of the hour
     * @param total the sum of the user's orders in that hour
     */
    public record HourlyTotal(String userId, Instant hour, double total) {
    }

    /** Declares the app; {@code settings} adds to or overrides its settings. */
    public static HourlyOrderTotals create(Consumer<Settings.Builder> settings) {
        App app = App.create("hourly-orders", settings);
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Topic<String, HourlyTotal> hourlyTotals = app.topic("hourly-totals", HourlyTotal.class);
        WindowedTable<String, Double> totals = app.table("hourly-order-totals", String.class, Double.class, 0.0)
                .windowed(Windows.tumbling(Duration.ofHours(1)).expires(Duration.ofDays(1))
                        .grace(Duration.ofMinutes(5)).idleAdvance(Duration.ofMinutes(10)))
                .emitFinal(hourlyTotals, (user, hour, total) -> {
                    LOG.info("{} ordered {} in the hour from {}", user, total, hour.start());
                    return new HourlyTotal(user, hour.start(), total);
                });
        Agent<String, Order> sumOrders = app.agent("sum-orders", orders.groupBy(Order::userId), stream -> {
            for (Order order : stream) {
                stream.emit(totals.update(order.userId(), total -> total + order.amount()));
            }
        });
        // GET /totals/user-1, answered by the worker holding user-1's windows (with faust4j-web on the class path)
        app.page("GET", "/totals/{user}", totals, "user", request -> {
            String user = request.pathParameter("user");
            Map<String, Double> hours = new LinkedHashMap<>();
            totals.get(user).all().forEach((hour, total) -> hours.put(hour.start().toString(), total));
            return PageResponse.json(Map.of("user", user, "hours", hours));
        });
        return new HourlyOrderTotals(app, orders, totals, hourlyTotals, sumOrders);
    }

    /**
     * The app with a feed of a few sample orders a second (a timer on the leader), as the {@code faust4j}
     * command runs it: {@code faust4j --classpath <examples jar> -A io.faust4j.examples.HourlyOrderTotals worker
     * --web-port 6066}, then {@code curl localhost:6066/totals/user-1}.
     */
    public static App newApp() {
        HourlyOrderTotals example = create(settings -> { });
        AtomicLong next = new AtomicLong(1);
        example.app().timer(Duration.ofMillis(300), io.faust4j.TimerOptions.defaults().named("sample-orders").onLeader(),
                tick -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String id = "order-" + next.getAndIncrement();
            example.orders().send(id, new Order(id, "user-" + (1 + random.nextInt(3)),
                    Math.round(random.nextDouble(1, 100) * 100) / 100.0));
        });
        return example.app();
    }

    /** Runs {@link #newApp()} on the in-memory broker until Ctrl-C. */
    public static void main(String[] args) {
        newApp().run();
    }
}
