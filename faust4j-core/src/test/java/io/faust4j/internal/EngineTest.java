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

    private final String broker = "engine-" + UUID.randomUUID();

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private App orderCounts() {
        App app = App.create("counts", s -> s.broker("memory://" + broker).topicPartitions(4)
                .commitInterval(Duration.ofMillis(50)));
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Table<String, Long> counts = app.table("order-count", String.class, Long.class, 0L);
        app.agent("count", orders.groupBy(Order::accountId), stream -> {
            for (Order order : stream) {
                counts.update(order.accountId(), n -> n + 1);
            }
        });
        return app;
    }

    @Test
    void countsOrdersPerAccountThroughARepartitionTopic() {
        App app = orderCounts();
        @SuppressWarnings("unchecked")
        Topic<String, Order> orders = (Topic<String, Order>) app.topics().get(0);
        @SuppressWarnings("unchecked")
        Table<String, Long> counts = (Table<String, Long>) app.tables().get(0);
        Map<String, Long> expected = new HashMap<>();
        try (Worker worker = app.start()) {
            for (int i = 0; i < 1000; i++) {
                String account = "acc-" + (i % 37);
                orders.send("o-" + i, new Order("o-" + i, account, i));
                expected.merge(account, 1L, Long::sum);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            expected.forEach((account, n) -> assertThat(counts.get(account)).as(account).isEqualTo(n));
            assertThat(worker.stats().decodeErrors()).isZero();
        }
        MemoryBroker memory = MemoryBroker.named(broker);
        for (int p = 0; p < 4; p++) {
            for (ConsumedRecord r : memory.read(new TopicPartition("counts-count-groupby-repartition", p), 0)) {
                assertThat(Murmur2.partition(r.key(), 4)).isEqualTo(p);
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).startsWith("acc-");
            }
        }
    }
}
