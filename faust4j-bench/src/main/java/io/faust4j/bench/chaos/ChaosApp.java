package io.faust4j.bench.chaos;

import io.faust4j.AgentOptions;
import io.faust4j.App;
import io.faust4j.Settings;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.bench.Order;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The app the chaos harness runs in every worker: orders re-keyed by account, then, per order, one
 * increment of {@code counts[accountId]} and one of {@code seen[accountId].orders[orderId]}. The second table
 * holds one entry per order (in its account's value, since an agent writes only the keys of its event's
 * partition), so a lost order shows as a missing entry, which duplicates of other orders cannot hide; its
 * value is how many times the order's effect was kept, so duplicates are visible per order too.
 *
 * <p>The dead-letter scenario ({@code --poison-rate}, {@code --fail-rate}) needs nothing else here: a poison
 * pill (a record of {@code orders} that does not decode as an order) fails in the agent's {@code groupBy}
 * step and is dead-lettered at once; an order for the product {@value #REFUSED_PRODUCT} makes the loop throw
 * on every attempt and is dead-lettered after the agent's retries ({@link #OPTIONS}). Both go to
 * {@value #DEAD_LETTERS}, where {@link DeadLetterCheck} looks for them.
 *
 * @param app the app
 * @param orders the source topic
 * @param counts orders per account
 * @param seen per account, how many times each of its orders was counted
 */
record ChaosApp(App app, Topic<String, Order> orders, Table<String, Long> counts, Table<String, Seen> seen) {
    /**
     * The orders of one account that were counted, each with how many times.
     *
     * @param orders order id to count
     */
    record Seen(java.util.Map<String, Long> orders) {
        /** A copy with one more count for {@code orderId}. */
        Seen with(String orderId) {
            java.util.Map<String, Long> more = new java.util.HashMap<>(orders);
            more.merge(orderId, 1L, Long::sum);
            return new Seen(more);
        }
    }

    /** The app id, hence the consumer group and the prefix of the internal topics. */
    static final String ID = "chaos";
    static final String ORDERS = "orders";
    static final String COUNTS = "counts";
    static final String SEEN = "seen";
    static final String AGENT = "count-orders";
    /** Where both steps of the agent send what fails: the default {@code <source topic>-dlq}. */
    static final String DEAD_LETTERS = ORDERS + "-dlq";
    /** The product of the orders the agent refuses: it throws for them on every attempt. */
    static final String REFUSED_PRODUCT = "refused";
    /** Short retries, so that a refused order is dead-lettered within a few milliseconds. */
    static final AgentOptions OPTIONS = AgentOptions.defaults().retries(2, Duration.ofMillis(5), Duration.ofMillis(20));

    /** Declares the app; {@code settings} adds the broker, guarantee and tuning. */
    static ChaosApp create(Consumer<Settings.Builder> settings) {
        App app = App.create(ID, settings);
        Topic<String, Order> orders = app.topic(ORDERS, Order.class);
        Table<String, Long> counts = app.table(COUNTS, String.class, Long.class, 0L);
        Table<String, Seen> seen = app.table(SEEN, String.class, Seen.class, new Seen(java.util.Map.of()));
        app.agent(AGENT, orders.groupBy(Order::accountId), OPTIONS, stream -> {
            for (Order order : stream) {
                if (order.productId().equals(REFUSED_PRODUCT)) {
                    throw new IllegalStateException("order " + order.orderId() + " is refused (product "
                            + REFUSED_PRODUCT + ")");
                }
                counts.update(order.accountId(), n -> n + 1);
                seen.update(order.accountId(), s -> s.with(order.orderId()));
            }
        });
        return new ChaosApp(app, orders, counts, seen);
    }

    /** The changelog topic of a table of this app: {@code <app id>-<table>-changelog}. */
    static String changelog(String table) {
        return ID + "-" + table + "-changelog";
    }
}
