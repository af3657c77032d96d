package io.faust4j.examples;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.FaustRecord;
import io.faust4j.Settings;
import io.faust4j.Table;
import io.faust4j.TimerOptions;
import io.faust4j.Topic;
import io.faust4j.WindowedTable;
import io.faust4j.Windows;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A faust4j port that takes over a running Python Faust app: same app id, same topics, same table, same
 * agent name, and {@code faust_compat=true}, so it resumes the Faust app's consumer group from its
 * committed offsets, recovers {@code order_count} from the changelog Faust wrote, continues the Faust
 * agent's repartition topic, and writes records and changelogs Faust can read. The windowed table
 * {@code hourly_totals} is recovered and written in Faust's windowed changelog format (keys
 * {@code ["acc-1",[1700002800.0,1700006399.9]]}). The Faust app it replaces:
 *
 * <pre>{@code
 * # proj/models.py
 * class Order(faust.Record):
 *     order_id: str
 *     account_id: str
 *     amount: int
 *
 * class AccountCount(faust.Record):
 *     account_id: str
 *     orders: int
 *
 * # proj/agents.py
 * app = faust.App("proj", broker="kafka://...", topic_partitions=4)
 * orders = app.topic("orders", value_type=Order)
 * account_counts = app.topic("account-counts", value_type=AccountCount)
 * order_count = app.Table("order_count", default=int)
 * hourly_totals = app.Table("hourly_totals", default=int).tumbling(3600, expires=timedelta(days=1))
 *
 * @app.agent(orders)
 * async def count_orders(orders):
 *     async for order in orders.group_by(Order.account_id):
 *         order_count[order.account_id] += 1
 *         hourly_totals[order.account_id] += order.amount
 *         await account_counts.send(key=order.account_id,
 *                                   value=AccountCount(order.account_id, order_count[order.account_id]))
 * }</pre>
 *
 * <p>The takeover steps are in docs/faust.md; {@code FaustTakeoverTest} runs them on a real broker.
 *
 * @param app the app, id {@code proj}
 * @param orders the Faust app's {@code orders} topic, keyed by order id
 * @param accountCounts each new count, as Faust's {@code AccountCount} records
 * @param counts the Faust app's {@code order_count} table, orders per account
 * @param hourlyTotals the Faust app's {@code hourly_totals} table: the amounts ordered per account and
 *     hour of the order's timestamp, tumbling windows of 1 hour that accept late events and are kept for 1 day
 * @param countOrders the agent, named as Faust names {@code count_orders} in module {@code proj.agents}
 */
public record FaustTakeover(App app, Topic<String, Order> orders, Topic<String, AccountCount> accountCounts,
                            Table<String, Long> counts, WindowedTable<String, Long> hourlyTotals,
                            Agent<String, Order> countOrders) {
    /** The Faust agent's qualified name: Faust's repartition topic starts with it. */
    public static final String AGENT = "proj.agents.count_orders";

    /**
     * Faust's {@code proj.models.Order}; its fields are snake_case on the wire ({@code order_id}).
     *
     * @param orderId the order id, also the record key
     * @param accountId the account that placed it
     * @param amount how many
     */
    @FaustRecord("proj.models.Order")
    public record Order(String orderId, String accountId, int amount) {
    }

    /**
     * Faust's {@code proj.models.AccountCount}.
     *
     * @param accountId the account
     * @param orders its number of orders so far
     */
    @FaustRecord("proj.models.AccountCount")
    public record AccountCount(String accountId, long orders) {
    }

    /** Declares the app as the Faust app was: id {@code proj}, 4 partitions; {@code settings} adds to them. */
    public static FaustTakeover create(Consumer<Settings.Builder> settings) {
        App app = App.create("proj", s -> {
            s.faustCompat(true).topicPartitions(4);
            settings.accept(s);
        });
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Topic<String, AccountCount> accountCounts = app.topic("account-counts", AccountCount.class);
        Table<String, Long> counts = app.table("order_count", String.class, Long.class, 0L);
        // Faust adds an out-of-order event to its window until the window expires; faust4j's windows close
        // after the grace (0 by default), so the port's grace is the expiry. Events from several source
        // partitions meet out of order in the repartition topic: with no grace, some would be late.
        WindowedTable<String, Long> hourlyTotals = app.table("hourly_totals", String.class, Long.class, 0L)
                .windowed(Windows.tumbling(Duration.ofHours(1)).expires(Duration.ofDays(1)).grace(Duration.ofDays(1)));
        Agent<String, Order> countOrders = app.agent(AGENT,
                orders.groupBy("account_id", String.class, Order::accountId), stream -> {
                    for (Order order : stream) {
                        long count = counts.update(order.accountId(), n -> n + 1);
                        hourlyTotals.update(order.accountId(), total -> total + order.amount());
                        accountCounts.send(order.accountId(), new AccountCount(order.accountId(), count));
                    }
                });
        return new FaustTakeover(app, orders, accountCounts, counts, hourlyTotals, countOrders);
    }

    /**
     * Runs the app. With {@code FAUST4J_BROKER} pointing at the Faust app's cluster (its workers stopped) it
     * takes that app over; by default it runs on {@code memory://} and feeds itself sample orders.
     */
    public static void main(String[] args) {
        FaustTakeover example = create(settings -> { });
        if (example.app().settings().broker().getFirst().startsWith("memory:")) {
            example.feedSampleOrders(Duration.ofMillis(300));
        }
        example.app().run();
    }

    /** Makes the app feed itself a sample order every {@code period}: a timer on the group's leader. */
    public FaustTakeover feedSampleOrders(Duration period) {
        AtomicLong next = new AtomicLong(1);
        app.timer(period, TimerOptions.defaults().named("sample-orders").onLeader(), tick -> {
            long n = next.getAndIncrement();
            String account = "acc-" + (1 + ThreadLocalRandom.current().nextInt(5));
            orders.send("order-" + n, new Order("order-" + n, account, 1));
        });
        return this;
    }
}
