package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.ProcessingGuarantee;
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
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exactly-once on the memory transport's transactions: the same engine paths the Kafka transport takes. */
class ExactlyOnceTest {
    record Order(String orderId, String accountId) {}

    private final String broker = "eos-" + UUID.randomUUID();
    private final MemoryBroker memory = MemoryBroker.named(broker);

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private record Counting(App app, Topic<String, Order> orders, Table<String, Long> counts) {}

    private Counting app() {
        App app = App.create("eos", s -> s.broker("memory://" + broker).topicPartitions(4)
                .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).commitInterval(Duration.ofMillis(20)));
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Topic<String, String> seen = app.topic("seen", String.class);
        Table<String, Long> counts = app.table("counts", String.class, Long.class, 0L);
        app.agent("count", orders.groupBy(Order::accountId), stream -> {
            for (Order order : stream) {
                counts.update(order.accountId(), n -> n + 1);
                seen.send(order.orderId(), order.accountId());
            }
        });
        return new Counting(app, orders, counts);
    }

    private Map<String, Long> lastValues(String topic) {
        Map<String, Long> last = new TreeMap<>();
        for (int p = 0; p < 4; p++) {
            for (ConsumedRecord r : memory.read(new TopicPartition(topic, p), 0)) {
                last.put(new String(r.key(), StandardCharsets.UTF_8), Long.parseLong(new String(r.value())));
            }
        }
        return last;
    }

    private int count(String topic) {
        int n = 0;
        for (int p = 0; p < 4; p++) {
            n += memory.read(new TopicPartition(topic, p), 0).size();
        }
        return n;
    }

    @Test
    void countsAndOutputsAreExactWhenTransactionsAbortAndPartitionsAreReplayed() {
        Counting c = app();
        Map<String, Long> truth = new HashMap<>();
        AtomicInteger commits = new AtomicInteger();
        memory.faults().failTransactionCommits(id -> { int n = commits.incrementAndGet(); return n % 4 == 0 && n < 60; });
        try (Worker worker = c.app().start()) {
            for (int i = 0; i < 3_000; i++) {
                String account = "acc-" + (i % 23);
                c.orders().send("o-" + i, new Order("o-" + i, account));
                truth.merge(account, 1L, Long::sum);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            memory.faults().clear();
            worker.commit();
            assertThat(worker.stats().aborts()).as("transactions were aborted and replayed").isPositive();
            assertThat(lastValues("eos-counts-changelog")).as("changelog: exact counts").isEqualTo(new TreeMap<>(truth));
            assertThat(count("seen")).as("each order's output once, though aborted work was redone").isEqualTo(3_000);
            for (Map.Entry<String, Long> e : truth.entrySet()) {
                assertThat(c.counts().get(e.getKey())).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void nothingSentInAnOpenTransactionIsVisibleBeforeItCommits() throws Exception {
        App app = App.create("eos-visible", s -> s.broker("memory://" + broker).topicPartitions(1)
                .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).commitInterval(Duration.ofHours(1))
                .commitEvery(Long.MAX_VALUE));
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Topic<String, Integer> out = app.topic("out", Integer.class);
        app.agent("copy", numbers, stream -> {
            for (int n : stream) {
                out.send("k", n);
            }
        });
        try (Worker worker = app.start()) {
            for (int i = 0; i < 10; i++) {
                numbers.send("k", i);
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (worker.stats().eventsProcessed() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(50);
            assertThat(memory.read(new TopicPartition("out", 0), 0)).as("uncommitted").isEmpty();
            assertThat(memory.committed("eos-visible", new TopicPartition("numbers", 0))).isEmpty();
            worker.commit();
            assertThat(memory.read(new TopicPartition("out", 0), 0)).hasSize(10);
            assertThat(memory.committed("eos-visible", new TopicPartition("numbers", 0))).hasValue(10);
        }
    }

    @Test
    void aFailedEventsSendsAreDroppedSoARetryDoesNotDuplicateThem() {
        App app = App.create("eos-retry", s -> s.broker("memory://" + broker).topicPartitions(1)
                .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).commitInterval(Duration.ofMillis(20)));
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Topic<String, Integer> out = app.topic("out", Integer.class);
        Table<String, Long> sums = app.table("sums", String.class, Long.class, 0L);
        AtomicInteger failures = new AtomicInteger();
        app.agent("flaky", numbers, stream -> {
            for (int n : stream) {
                out.send("k", n);
                sums.update("k", s -> s + n);
                if (n % 5 == 0 && failures.incrementAndGet() % 2 == 1) {
                    throw new IllegalStateException("transient");
                }
            }
        });
        try (Worker worker = app.start()) {
            for (int i = 0; i < 20; i++) {
                numbers.send("k", i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(20))).isTrue();
            assertThat(worker.stats().retries()).isEqualTo(4);
            assertThat(memory.read(new TopicPartition("out", 0), 0)).as("each output once").hasSize(20);
            assertThat(sums.get("k")).as("each event summed once").isEqualTo(190L);
        }
    }

    @Test
    void everyPoisonPillIsDeadLetteredExactlyOnceThoughTransactionsAbort() {
        App app = App.create("eos-dlq", s -> s.broker("memory://" + broker).topicPartitions(4)
                .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).commitInterval(Duration.ofMillis(20)));
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Table<String, Long> counts = app.table("counts", String.class, Long.class, 0L);
        app.agent("count", orders.groupBy(Order::accountId), io.faust4j.AgentOptions.defaults()
                .retries(2, Duration.ofMillis(1), Duration.ofMillis(1)), stream -> {
            for (Order order : stream) {
                if (order.orderId().endsWith("7")) {
                    throw new IllegalStateException("orders ending in 7 are refused");
                }
                counts.update(order.accountId(), n -> n + 1);
            }
        });
        AtomicInteger commits = new AtomicInteger();
        memory.faults().failTransactionCommits(id -> { int n = commits.incrementAndGet(); return n % 3 == 0 && n < 45; });
        Map<String, Long> truth = new HashMap<>();
        int poison = 0;
        try (Worker worker = app.start()) {
            for (int i = 0; i < 1_000; i++) {
                String account = "acc-" + (i % 13);
                if (i % 100 == 50) {
                    memory.append(new TopicPartition("orders", i % 4), account.getBytes(), "{oops".getBytes(), 0, List.of());
                    poison++;
                }
                orders.send("o-" + i, new Order("o-" + i, account));
                if (!("o-" + i).endsWith("7")) {
                    truth.merge(account, 1L, Long::sum);
                }
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            memory.faults().clear();
            worker.commit();
            assertThat(worker.stats().aborts()).isPositive();
            assertThat(lastValues("eos-dlq-counts-changelog")).isEqualTo(new TreeMap<>(truth));
            assertThat(count("orders-dlq")).as("each refused order and poison pill dead-lettered once")
                    .isEqualTo(100 + poison);
        }
    }
}
