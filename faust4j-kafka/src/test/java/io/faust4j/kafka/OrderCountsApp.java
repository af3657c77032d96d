package io.faust4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.Settings;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The order-counts app of the README, on Kafka: orders re-keyed by account through a repartition topic
 * and counted in a changelogged table. Orders are produced by a plain Kafka producer, as another
 * service would, in faust4j's JSON record format.
 */
record OrderCountsApp(App app, Topic<String, Order> orders, Table<String, Long> counts, int accounts) {
    record Order(String orderId, String accountId, int amount) {}

    /** Fast group reactions for tests: heartbeats every 300 ms. */
    static final Consumer<Settings.Builder> QUICK_GROUP = s -> s.set(Settings.BROKER_HEARTBEAT_INTERVAL, Duration.ofMillis(300))
            .set(Settings.BROKER_SESSION_TIMEOUT, Duration.ofSeconds(10));

    static OrderCountsApp create(String id, String brokerUrl, int partitions, int accounts) {
        return create(id, brokerUrl, partitions, accounts, s -> { });
    }

    /** The app with more settings on top (security settings, say). */
    static OrderCountsApp create(String id, String brokerUrl, int partitions, int accounts,
                                 Consumer<Settings.Builder> more) {
        App app = App.create(id, s -> {
            s.broker(brokerUrl).topicPartitions(partitions).commitInterval(Duration.ofMillis(200));
            QUICK_GROUP.accept(s);
            more.accept(s);
        });
        Topic<String, Order> orders = app.topic(id + "-orders", Order.class);
        Table<String, Long> counts = app.table("order-count", String.class, Long.class, 0L);
        app.agent("count", orders.groupBy(Order::accountId), stream -> {
            for (Order order : stream) {
                counts.update(order.accountId(), n -> n + 1);
            }
        });
        return new OrderCountsApp(app, orders, counts, accounts);
    }

    String account(int order) {
        return "acc-" + (order % accounts);
    }

    /** A producer of orders into the app's source topic. */
    KafkaProducer<String, String> producer(String bootstrapServers) {
        return producer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** A producer of orders with these connection properties (bootstrap servers, security). */
    KafkaProducer<String, String> producer(Map<String, Object> connection) {
        Properties props = new Properties();
        props.putAll(connection);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props);
    }

    /** Sends orders {@code from} (inclusive) to {@code to} and adds them to {@code truth}; waits until all are stored. */
    void send(KafkaProducer<String, String> producer, int from, int to, Map<String, Long> truth) throws Exception {
        Future<RecordMetadata> last = null;
        for (int i = from; i < to; i++) {
            String account = account(i);
            String json = "{\"orderId\":\"o-" + i + "\",\"accountId\":\"" + account + "\",\"amount\":" + (i % 10 + 1) + "}";
            last = producer.send(new ProducerRecord<>(orders.name(), "o-" + i, json));
            truth.merge(account, 1L, Long::sum);
        }
        producer.flush();
        if (last != null) {
            last.get();
        }
    }

    /** The counts the table holds for every account, read from outside the agent (one worker in the JVM). */
    Map<String, Long> readCounts() {
        Map<String, Long> read = new TreeMap<>();
        for (int a = 0; a < accounts; a++) {
            read.put("acc-" + a, counts.get("acc-" + a));
        }
        return read;
    }

    /** Waits until every account's count reaches its truth; fails with both maps after {@code timeout}. */
    Map<String, Long> awaitCountsReach(Map<String, Long> truth, Duration timeout) {
        Map<String, Long> expected = new TreeMap<>(truth);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> read = readCounts();
        while (!reached(read, expected)) {
            assertThat(System.nanoTime()).as("counts reach the truth within %s; read %s, truth %s", timeout, read, expected)
                    .isLessThan(deadline);
            sleep(50);
            read = readCounts();
        }
        return read;
    }

    private static boolean reached(Map<String, Long> read, Map<String, Long> truth) {
        return truth.entrySet().stream().allMatch(e -> read.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    static Map<String, Long> newTruth() {
        return new HashMap<>();
    }

    /** Commits, then waits until the worker has processed everything up to the end of its partitions. */
    static void settle(Worker worker) {
        assertThat(worker.awaitIdle(Duration.ofSeconds(20))).as("idle").isTrue();
        worker.commit();  // flushes repartition and changelog sends, so the end offsets awaitIdle reads are final
        assertThat(worker.awaitIdle(Duration.ofSeconds(20))).as("idle after commit").isTrue();
    }

    static void awaitCondition(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s", what, timeout).isLessThan(deadline);
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
