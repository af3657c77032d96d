package io.faust4j.examples;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.KeyValue;
import io.faust4j.Settings;
import io.faust4j.Table;
import io.faust4j.TimerOptions;
import io.faust4j.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream-table join, from the Faust deep dive: agent {@code profiles} keeps the latest profile of each
 * user in the table {@code user-profiles}, and agent {@code enrich} looks up the profile of each order's
 * user and sends the order with the user's tier to {@code enriched-orders}. Orders of users without a
 * profile are skipped, logged and counted per user in the table {@code orders-without-profile}.
 *
 * <p>A join reads the table partition of the current event, so both sides must be partitioned by user:
 * the {@code user-profiles} topic is keyed by user id (whoever publishes profiles must key them so), and
 * orders, keyed by order id, are repartitioned by user id ({@code groupBy}) before the join.
 *
 * @param app the app
 * @param profileUpdates the topic profiles arrive on, keyed by user id
 * @param orders the topic orders arrive on, keyed by order id
 * @param enrichedOrders where joined orders go, keyed by order id
 * @param profiles the latest profile per user id
 * @param ordersWithoutProfile per user id, how many orders were skipped for want of a profile
 * @param storeProfiles the agent that fills {@code profiles}
 * @param enrich the agent that joins orders with profiles
 */
public record Enrichment(App app, Topic<String, UserProfile> profileUpdates, Topic<String, Order> orders,
                         Topic<String, EnrichedOrder> enrichedOrders, Table<String, UserProfile> profiles,
                         Table<String, Long> ordersWithoutProfile, Agent<String, UserProfile> storeProfiles,
                         Agent<String, Order> enrich) {
    private static final Logger LOG = LoggerFactory.getLogger(Enrichment.class);

    /**
     * A user's profile.
     *
     * @param userId the user id, also the record key
     * @param name the user's name
     * @param tier the customer tier, such as gold
     */
    public record UserProfile(String userId, String name, String tier) {
    }

    /**
     * An order.
     *
     * @param orderId the order id, also the record key
     * @param userId who placed it
     * @param amount its total
     * @param currency its currency code
     */
    public record Order(String orderId, String userId, double amount, String currency) {
    }

    /**
     * An order joined with its user's tier.
     *
     * @param orderId the order id
     * @param userId who placed it
     * @param amount its total
     * @param currency its currency code
     * @param tier the user's tier when the order was joined
     */
    public record EnrichedOrder(String orderId, String userId, double amount, String currency, String tier) {
    }

    /** Declares the app; {@code settings} adds to or overrides its settings. */
    public static Enrichment create(Consumer<Settings.Builder> settings) {
        App app = App.create("enrichment", settings);
        Topic<String, UserProfile> profileUpdates = app.topic("user-profiles", UserProfile.class);
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Topic<String, EnrichedOrder> enrichedOrders = app.topic("enriched-orders", EnrichedOrder.class);
        Table<String, UserProfile> profiles = app.table("user-profiles", String.class, UserProfile.class);
        Table<String, Long> skipped = app.table("orders-without-profile", String.class, Long.class, 0L);
        Agent<String, UserProfile> storeProfiles = app.agent("profiles", profileUpdates, stream -> {
            for (KeyValue<String, UserProfile> update : stream.items()) {
                if (update.key() == null) {
                    LOG.warn("Ignoring profile of {} without a key: user-profiles must be keyed by user id",
                            update.value().userId());
                    continue;
                }
                profiles.put(update.key(), update.value());
            }
        });
        Agent<String, Order> enrich = app.agent("enrich", orders.groupBy(Order::userId), stream -> {
            for (Order order : stream) {
                Optional<UserProfile> profile = profiles.find(order.userId());
                if (profile.isPresent()) {
                    enrichedOrders.send(order.orderId(), new EnrichedOrder(order.orderId(), order.userId(),
                            order.amount(), order.currency(), profile.get().tier()));
                    LOG.info("order {} of {} ({}) enriched", order.orderId(), order.userId(), profile.get().tier());
                } else {
                    long missed = skipped.update(order.userId(), n -> n + 1);
                    LOG.info("order {} skipped: no profile for user {} ({} skipped so far)", order.orderId(),
                            order.userId(), missed);
                }
            }
        });
        return new Enrichment(app, profileUpdates, orders, enrichedOrders, profiles, skipped, storeProfiles, enrich);
    }

    /** Runs the app on the in-memory broker: four users get profiles, five place orders, until Ctrl-C. */
    public static void main(String[] args) {
        create(settings -> { }).feedSamples(Duration.ofMillis(500)).app().run();
    }

    /**
     * Makes the app feed itself, standing in for the systems that would publish to it: a worker that has
     * started sends four user profiles (a start hook; sent again by another worker, they change nothing), and
     * the group's leader sends an order of one of five users every {@code period} (a timer), so one user stays
     * unknown.
     */
    public Enrichment feedSamples(Duration period) {
        List<UserProfile> sampleProfiles = List.of(new UserProfile("user-1", "Ada", "gold"),
                new UserProfile("user-2", "Brian", "silver"), new UserProfile("user-3", "Chidi", "bronze"),
                new UserProfile("user-4", "Dana", "gold"));
        app.onStart(worker -> sampleProfiles.forEach(p -> profileUpdates.send(p.userId(), p)));
        AtomicLong next = new AtomicLong(1);
        app.timer(period, TimerOptions.defaults().named("sample-orders").onLeader(), tick -> {
            String id = "order-" + next.getAndIncrement();
            String user = "user-" + (1 + ThreadLocalRandom.current().nextInt(5));
            orders.send(id, new Order(id, user, 10 + ThreadLocalRandom.current().nextInt(90), "EUR"));
        });
        return this;
    }
}
