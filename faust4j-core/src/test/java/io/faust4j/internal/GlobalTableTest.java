package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.AgentOptions;
import io.faust4j.App;
import io.faust4j.ErrorPolicy;
import io.faust4j.GlobalTable;
import io.faust4j.Topic;
import io.faust4j.TopicOptions;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GlobalTable: every worker holds every partition, current from the changelog; owners write their keys. */
class GlobalTableTest {
    private static final int PARTITIONS = 4;

    record Price(String product, double price) {}

    record Order(String id, String product) {}

    private final String broker = "global-" + UUID.randomUUID();
    private final MemoryBroker memory = MemoryBroker.named(broker);

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private record Shop(App app, Topic<String, Price> prices, Topic<String, Order> orders,
                        GlobalTable<String, Double> table, Map<String, String> firstReads) {}

    /** Prices go into a global table by product; orders (keyed by order id) read any product's price. */
    private Shop shop() {
        App app = App.create("shop", s -> s.broker("memory://" + broker).topicPartitions(PARTITIONS)
                .commitInterval(Duration.ofMillis(20)));
        Topic<String, Price> prices = app.topic("prices", Price.class);
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Topic<String, String> enriched = app.topic("enriched", String.class);
        GlobalTable<String, Double> table = app.globalTable("price", String.class, Double.class);
        Map<String, String> firstReads = new java.util.concurrent.ConcurrentHashMap<>();
        app.agent("ingest", prices.groupBy(Price::product), stream -> {
            for (Price price : stream) {
                table.put(price.product(), price.price());
            }
        });
        app.agent("enrich", orders, stream -> {
            for (Order order : stream) {
                String price = table.find(order.product()).map(String::valueOf).orElse("unknown");
                firstReads.putIfAbsent(order.id(), price);
                enriched.send(order.id(), order.product() + "@" + price);
            }
        });
        return new Shop(app, prices, orders, table, firstReads);
    }

    private Map<String, String> enriched() {
        Map<String, String> out = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (ConsumedRecord r : memory.read(new TopicPartition("enriched", p), 0)) {
                out.put(new String(r.key(), StandardCharsets.UTF_8), new String(r.value(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void everyWorkerReadsEveryKeyAndANewWorkerStartsItsAgentsOnlyOnceCaughtUp() {
        Shop one = shop();
        Shop two = shop();
        try (Worker w1 = one.app().start(); Worker w2 = two.app().start()) {
            assertThat(w1.assignedPartitions()).as("the group split the partitions").hasSizeLessThan(PARTITIONS);
            for (int i = 0; i < 40; i++) {
                one.prices().send("p" + i, new Price("product-" + i, i + 0.5));
            }
            assertThat(w1.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(w2.awaitIdle(Duration.ofSeconds(10))).isTrue();
            w1.commit();
            w2.commit();
            for (Shop shop : new Shop[] {one, two}) {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    for (int i = 0; i < 40; i++) {
                        assertThat(shop.table().find("product-" + i)).as("product-%d on every worker", i)
                                .contains(i + 0.5);
                    }
                });
                assertThat(shop.table().size()).isEqualTo(40);
            }
            for (int i = 0; i < 40; i++) {
                one.orders().send("o" + i, new Order("o" + i, "product-" + (39 - i)));
            }
            assertThat(w1.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(w2.awaitIdle(Duration.ofSeconds(10))).isTrue();
            Map<String, String> out = enriched();
            for (int i = 0; i < 40; i++) {
                assertThat(out.get("o" + i)).isEqualTo("\"product-" + (39 - i) + "@" + (39 - i + 0.5) + "\"");
            }
        }
        for (int i = 0; i < 10; i++) {
            memory.append(new TopicPartition("orders", i % PARTITIONS), ("late" + i).getBytes(StandardCharsets.UTF_8),
                    ("{\"id\":\"late" + i + "\",\"product\":\"product-" + i + "\"}").getBytes(StandardCharsets.UTF_8),
                    0, java.util.List.of());
        }
        Shop three = shop();
        try (Worker w3 = three.app().start()) {
            assertThat(w3.awaitIdle(Duration.ofSeconds(10))).isTrue();
            for (int i = 0; i < 10; i++) {
                assertThat(three.firstReads().get("late" + i)).as("the first read after a start sees the table")
                        .isEqualTo(String.valueOf(i + 0.5));
            }
        }
    }

    @Test
    void anAgentWritingAKeyOfAnotherPartitionIsStoppedWithAMessage() {
        App app = App.create("shop", s -> s.broker("memory://" + broker).topicPartitions(PARTITIONS));
        Topic<String, Price> prices = app.topic("prices", Price.class);
        GlobalTable<String, Double> table = app.globalTable("price", String.class, Double.class, 0.0);
        app.agent("wrong", prices, AgentOptions.defaults().onError(ErrorPolicy.STOP_WORKER), stream -> {
            for (Price price : stream) {
                table.put(price.product(), price.price()); // the stream is keyed by something else
            }
        });
        try (Worker worker = app.start()) {
            for (int i = 0; i < 20; i++) {
                prices.send("k" + i, new Price("product-" + i, 1));
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !worker.isRunning());
            assertThat(((WorkerImpl) worker).failure()).hasStackTraceContaining("Global table 'price': key")
                    .hasStackTraceContaining("is written only by the agent that owns the key's partition");
        }
    }
}
