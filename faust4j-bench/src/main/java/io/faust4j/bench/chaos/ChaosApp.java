package io.faust4j.bench.chaos;

import io.faust4j.App;
import io.faust4j.Settings;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.bench.Order;
import java.util.function.Consumer;

/**
 * The app the chaos harness runs in every worker: orders re-keyed by account, then, per order, one
 * increment of {@code counts[accountId]} and one of {@code seen[orderId]}. The second table has one key
 * per order, so a lost order shows as a missing key, which duplicates of other orders cannot hide; its
 * value is how many times the order's effect was kept, so duplicates are visible per order too.
 *
 * <p>Other scenarios (an agent that fails at a set rate, undecodable records for the dead-letter path)
 * would add their agents and topics here, next to this one, with their own checks in {@link Verdict}.
 *
 * @param app the app
 * @param orders the source topic
 * @param counts orders per account
 * @param seen how many times each order was counted
 */
record ChaosApp(App app, Topic<String, Order> orders, Table<String, Long> counts, Table<String, Long> seen) {
    /** The app id, hence the consumer group and the prefix of the internal topics. */
    static final String ID = "chaos";
    static final String ORDERS = "orders";
    static final String COUNTS = "counts";
    static final String SEEN = "seen";
    static final String AGENT = "count-orders";

    /** Declares the app; {@code settings} adds the broker, guarantee and tuning. */
    static ChaosApp create(Consumer<Settings.Builder> settings) {
        App app = App.create(ID, settings);
        Topic<String, Order> orders = app.topic(ORDERS, Order.class);
        Table<String, Long> counts = app.table(COUNTS, String.class, Long.class, 0L);
        Table<String, Long> seen = app.table(SEEN, String.class, Long.class, 0L);
        app.agent(AGENT, orders.groupBy(Order::accountId), stream -> {
            for (Order order : stream) {
                counts.update(order.accountId(), n -> n + 1);
                seen.update(order.orderId(), n -> n + 1);
            }
        });
        return new ChaosApp(app, orders, counts, seen);
    }

    /** The changelog topic of a table of this app: {@code <app id>-<table>-changelog}. */
    static String changelog(String table) {
        return ID + "-" + table + "-changelog";
    }
}
