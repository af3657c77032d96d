package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.AgentOptions;
import io.faust4j.App;
import io.faust4j.DeadLetter;
import io.faust4j.ErrorPolicy;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Error policies: retries that leave no trace, dead letters with their origin, skip, and replay. */
class FailurePolicyTest {
    record Order(String orderId, String accountId) {}

    private final String broker = "policy-" + UUID.randomUUID();
    private final MemoryBroker memory = MemoryBroker.named(broker);

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private App app(String id) {
        return App.create(id, s -> s.broker("memory://" + broker).topicPartitions(1)
                .commitInterval(Duration.ofMillis(20)));
    }

    private static AgentOptions fastRetries(ErrorPolicy policy) {
        return AgentOptions.defaults().onError(policy).retries(3, Duration.ofMillis(5), Duration.ofMillis(20));
    }

    private List<ConsumedRecord> read(String topic) {
        return memory.read(new TopicPartition(topic, 0), 0);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aRetriedEventThatSucceedsLeavesNoTraceOfItsFailedAttempts() {
        App app = app("retry");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Topic<String, Integer> out = app.topic("out", Integer.class);
        Table<String, Long> sums = app.table("sums", String.class, Long.class, 0L);
        Set<Integer> failedOnce = ConcurrentHashMap.newKeySet();
        app.agent("flaky", numbers, fastRetries(ErrorPolicy.RETRY_THEN_DEAD_LETTER), stream -> {
            for (int n : stream) {
                sums.update("k", s -> s + n);
                out.send("k", n);
                if (n % 3 == 0 && failedOnce.add(n)) {
                    throw new IllegalStateException("transient failure on " + n);
                }
            }
        });
        try (Worker worker = app.start()) {
            for (int i = 0; i < 10; i++) {
                numbers.send("k", i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(worker.stats().retries()).isEqualTo(4);
            assertThat(worker.stats().deadLetters()).isZero();
            assertThat(sums.get("k")).as("each event summed once, failed attempts undone").isEqualTo(45L);
            assertThat(read("out")).extracting(r -> text(r.value()))
                    .as("each output once, failed attempts' sends dropped")
                    .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        }
    }

    @Test
    void anEventThatKeepsFailingGoesToTheDeadLetterTopicWithItsOriginAndCanBeReplayed() {
        App app = app("dlq");
        Topic<String, Order> orders = app.topic("orders", Order.class);
        Table<String, Long> counts = app.table("counts", String.class, Long.class, 0L);
        AtomicBoolean broken = new AtomicBoolean(true);
        app.agent("count", orders.groupBy(Order::accountId), fastRetries(ErrorPolicy.RETRY_THEN_DEAD_LETTER), stream -> {
            for (Order order : stream) {
                if (broken.get() && order.orderId().equals("o-2")) {
                    throw new IllegalArgumentException("cannot count " + order.orderId());
                }
                counts.update(order.accountId(), n -> n + 1);
            }
        });
        try (Worker worker = app.start()) {
            for (int i = 0; i < 5; i++) {
                orders.send("o-" + i, new Order("o-" + i, "acc"));
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(counts.get("acc")).isEqualTo(4L);
            assertThat(worker.stats().agentErrors()).isEqualTo(3);
            assertThat(worker.stats().deadLetters()).isEqualTo(1);

            List<ConsumedRecord> raw = read("orders-dlq");
            assertThat(raw).hasSize(1);
            assertThat(text(raw.get(0).value())).as("the value bytes unchanged").isEqualTo("{\"orderId\":\"o-2\",\"accountId\":\"acc\"}");
            List<DeadLetter> letters = worker.deadLetters().list(DeadLetter.ofAgent("count"));
            assertThat(letters).hasSize(1);
            DeadLetter letter = letters.get(0);
            assertThat(letter.topic()).isEqualTo("dlq-count-groupby-repartition");
            assertThat(letter.offset()).isEqualTo(2);
            assertThat(letter.exception()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(letter.message()).isEqualTo("cannot count o-2");
            assertThat(letter.stackTrace()).contains("FailurePolicyTest");
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(text(letter.key())).isEqualTo("acc");
            assertThat(worker.deadLetters().list(DeadLetter.ofException(IllegalStateException.class))).isEmpty();

            broken.set(false);
            assertThat(worker.deadLetters().replay(DeadLetter.ofException(IllegalArgumentException.class))).isEqualTo(1);
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(counts.get("acc")).as("the replayed order is counted").isEqualTo(5L);
        }
    }

    @Test
    void anUndecodableRecordIsDeadLetteredAtOnceWithItsRawBytes() {
        App app = app("poison");
        Topic<String, Order> orders = app.topic("orders", Order.class);
        List<String> seen = new CopyOnWriteArrayList<>();
        app.agent("read", orders, AgentOptions.defaults().deadLetterTopic("bad-orders"),
                stream -> stream.forEach(o -> seen.add(o.orderId())));
        try (Worker worker = app.start()) {
            TopicPartition tp = new TopicPartition("orders", 0);
            memory.append(tp, "k".getBytes(), "{\"orderId\":\"o-1\",\"accountId\":\"a\"}".getBytes(), 7, List.of());
            memory.append(tp, "k".getBytes(), "not json".getBytes(), 8, List.of());
            memory.append(tp, "k".getBytes(), "{\"orderId\":\"o-3\",\"accountId\":\"a\"}".getBytes(), 9, List.of());
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(seen).containsExactly("o-1", "o-3");
            assertThat(worker.stats().decodeErrors()).isEqualTo(1);
            assertThat(worker.stats().retries()).as("decoding again cannot help").isZero();
            List<ConsumedRecord> letters = read("bad-orders");
            assertThat(letters).hasSize(1);
            assertThat(text(letters.get(0).value())).isEqualTo("not json");
            assertThat(letters.get(0).timestamp()).isEqualTo(8);
            DeadLetter letter = worker.deadLetters().list(DeadLetter.all()).get(0);
            assertThat(letter.exception()).isEqualTo("io.faust4j.CodecException");
            assertThat(letter.offset()).isEqualTo(1);
            worker.commit();
            assertThat(memory.committed("poison", tp)).hasValue(3);
        }
    }

    @Test
    void skipLeavesTheEventOutAndTheRecordInItsTopic() {
        App app = app("skip");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        app.agent("picky", numbers, fastRetries(ErrorPolicy.SKIP), stream -> {
            for (int n : stream) {
                if (n == 2) {
                    throw new IllegalStateException("no twos");
                }
                seen.add(n);
            }
        });
        try (Worker worker = app.start()) {
            for (int i = 0; i < 5; i++) {
                numbers.send("k", i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(seen).containsExactly(0, 1, 3, 4);
            assertThat(worker.stats().skipped()).isEqualTo(1);
            assertThat(worker.stats().retries()).isZero();
            assertThat(memory.topicNames()).doesNotContain("numbers-dlq");
        }
    }

    @Test
    void aFailedBatchIsRetriedWholeThenDeadLetteredRecordByRecord() {
        App app = app("batches");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        app.agent("batcher", numbers, fastRetries(ErrorPolicy.DEAD_LETTER), stream -> {
            for (List<Integer> batch : stream.take(3, Duration.ofMillis(200))) {
                if (batch.contains(4)) {
                    throw new IllegalStateException("a bad batch");
                }
                batches.add(batch);
            }
        });
        try (Worker worker = app.start()) {
            for (int i = 0; i < 9; i++) {
                numbers.send("k", i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(batches).containsExactly(List.of(0, 1, 2), List.of(6, 7, 8));
            assertThat(read("numbers-dlq")).extracting(r -> text(r.value())).containsExactly("3", "4", "5");
        }
    }
}
