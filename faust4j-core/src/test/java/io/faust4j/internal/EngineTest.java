package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineTest {
    record Order(String orderId, String accountId, int amount) {}

    /** The order-count app, with handles on its parts. */
    record Counts(App app, Topic<String, Order> orders, Table<String, Long> counts) {}

    private final String broker = "engine-" + UUID.randomUUID();

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private Counts orderCounts() {
        App app = App.create("counts", s -> s.broker("memory://" + broker).topicPartitions(4)
                .commitInterval(Duration.ofMillis(50)));
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Table<String, Long> counts = app.table("order-count", String.class, Long.class, 0L);
        app.agent("count", orders.groupBy(Order::accountId), stream -> {
            for (Order order : stream) {
                counts.update(order.accountId(), n -> n + 1);
            }
        });
        return new Counts(app, orders, counts);
    }

    private static Map<String, Long> sendOrders(Counts c, int from, int to) {
        Map<String, Long> expected = new HashMap<>();
        for (int i = from; i < to; i++) {
            String account = "acc-" + (i % 37);
            c.orders().send("o-" + i, new Order("o-" + i, account, i));
            expected.merge(account, 1L, Long::sum);
        }
        return expected;
    }

    private List<ConsumedRecord> read(String topic, int partition) {
        return MemoryBroker.named(broker).read(new TopicPartition(topic, partition), 0);
    }

    @Test
    void countsOrdersPerAccountThroughARepartitionTopic() {
        Counts c = orderCounts();
        try (Worker worker = c.app().start()) {
            Map<String, Long> expected = sendOrders(c, 0, 1000);
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            expected.forEach((account, n) -> assertThat(c.counts().get(account)).as(account).isEqualTo(n));
            assertThat(c.counts().size()).isEqualTo(37);
            assertThat(worker.stats().decodeErrors()).isZero();
        }
        for (int p = 0; p < 4; p++) {
            for (ConsumedRecord r : read("counts-count-groupby-repartition", p)) {
                assertThat(Murmur2.partition(r.key(), 4)).isEqualTo(p);
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).startsWith("acc-");
            }
        }
    }

    @Test
    void repartitionRecordsBelowTheCommittedOffsetAreDropped() {
        Counts c = orderCounts();
        TopicPartition repartition = new TopicPartition("counts-count-groupby-repartition", 0);
        MemoryBroker memory = MemoryBroker.named(broker);
        try (Worker worker = c.app().start()) {
            Map<String, Long> expected = new HashMap<>();
            for (int i = 0; i < 10_000; i++) {
                c.orders().send("o-" + i, new Order("o-" + i, "acc-0", i));
            }
            expected.put("acc-0", 10_000L);
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            int partition = Murmur2.partition("acc-0".getBytes(StandardCharsets.UTF_8), 4);
            repartition = new TopicPartition("counts-count-groupby-repartition", partition);
            assertThat(memory.startOffset(repartition)).as("whole chunks below the commit are gone").isEqualTo(8192);
            assertThat(memory.read(repartition, 0)).hasSize(10_000 - 8192);
            assertThat(memory.startOffset(new TopicPartition("orders", 0))).as("source topics are kept").isZero();
            expected.forEach((account, n) -> assertThat(c.counts().get(account)).isEqualTo(n));
        }
    }

    @Test
    void tableWritesLandInThePartitionOfTheCurrentEvent() {
        Counts c = orderCounts();
        try (Worker worker = c.app().start()) {
            sendOrders(c, 0, 500);
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
        }
        int records = 0;
        for (int p = 0; p < 4; p++) {
            for (ConsumedRecord r : read("counts-order-count-changelog", p)) {
                assertThat(Murmur2.partition(r.key(), 4)).as("changelog partition of " + new String(r.key())).isEqualTo(p);
                records++;
            }
        }
        assertThat(records).isGreaterThanOrEqualTo(37);
    }

    @Test
    void changelogGetsOneRecordPerChangedKeyPerCommit() {
        App app = App.create("dedupe", s -> s.broker("memory://" + broker).topicPartitions(1)
                .commitInterval(Duration.ofHours(1)).commitEvery(1_000_000_000L));
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Table<String, Long> counts = app.table("order-count", String.class, Long.class, 0L);
        app.agent("count", orders, stream -> {
            for (Order order : stream) {
                counts.update(order.accountId(), n -> n + 1);
            }
        });
        try (Worker worker = app.start()) {
            for (int i = 0; i < 300; i++) {
                orders.send("k", new Order("o-" + i, "acc-" + (i % 3), 1));
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            assertThat(read("dedupe-order-count-changelog", 0)).hasSize(3);
            orders.send("k", new Order("o-x", "acc-0", 1));
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            List<ConsumedRecord> changelog = read("dedupe-order-count-changelog", 0);
            assertThat(changelog).hasSize(4);
            assertThat(new String(changelog.get(3).value(), StandardCharsets.UTF_8)).isEqualTo("101");
        }
    }

    @Test
    void restartedWorkerRecoversTablesFromTheChangelogBeforeProcessing() {
        Counts first = orderCounts();
        Map<String, Long> expected;
        try (Worker worker = first.app().start()) {
            expected = sendOrders(first, 0, 600);
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
        }
        Counts second = orderCounts();
        try (Worker worker = second.app().start()) {
            assertThat(worker.stats().recoveredRecords()).isPositive();
            expected.forEach((account, n) -> assertThat(second.counts().get(account)).as(account).isEqualTo(n));
            sendOrders(second, 600, 1200).forEach((k, v) -> expected.merge(k, v, Long::sum));
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            expected.forEach((account, n) -> assertThat(second.counts().get(account)).as(account).isEqualTo(n));
            assertThat(worker.stats().eventsProcessed()).as("only new orders are processed again").isEqualTo(1200);
        }
    }

    @Test
    void undecodableRecordsAreSkippedCountedAndKept() {
        Counts c = orderCounts();
        try (Worker worker = c.app().start()) {
            MemoryBroker memory = MemoryBroker.named(broker);
            byte[] junk = "{not json".getBytes(StandardCharsets.UTF_8);
            memory.append(new TopicPartition("orders", 0), "bad".getBytes(StandardCharsets.UTF_8), junk, 0, List.of());
            memory.append(new TopicPartition("orders", 1), null, "[1,2]".getBytes(StandardCharsets.UTF_8), 0, List.of());
            Map<String, Long> expected = sendOrders(c, 0, 100);
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(worker.stats().decodeErrors()).isEqualTo(2);
            expected.forEach((account, n) -> assertThat(c.counts().get(account)).isEqualTo(n));
            worker.commit();
            assertThat(memory.committed("counts", new TopicPartition("orders", 0)).orElseThrow())
                    .as("the bad record is behind the committed offset, not blocking it")
                    .isEqualTo(memory.endOffset(new TopicPartition("orders", 0)));
            assertThat(memory.read(new TopicPartition("orders", 0), 0).get(0).value()).isEqualTo(junk);
        }
    }
}
