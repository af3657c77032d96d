package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.App;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.TopicOptions;
import io.faust4j.TransportException;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Workers of one app share partitions, hand them over with their table state, and check topics at start. */
class RebalanceTest {
    private final String broker = "rebalance-" + UUID.randomUUID();

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    @Test
    void twoWorkersSplitPartitionsAndTheSurvivorTakesOverWithTheTableState() {
        Map<Integer, String> owners = new ConcurrentHashMap<>();
        App app = App.create("group", s -> s.broker("memory://" + broker).topicPartitions(4)
                .commitInterval(Duration.ofMillis(20)));
        Topic<String, String> words = app.topic("words", String.class);
        Table<String, Long> counts = app.table("counts", String.class, Long.class, 0L);
        app.agent("count", words.groupBy(w -> w), stream -> {
            for (String word : stream) {
                counts.update(word, n -> n + 1);
                owners.put(stream.partition(), Thread.currentThread().getName());
            }
        });
        Worker first = app.start();
        Worker second = app.start();
        Map<String, Long> expected = new HashMap<>();
        try {
            awaitAssignments(first, second);
            assertThat(first.assignedPartitions()).doesNotContainAnyElementsOf(second.assignedPartitions());
            assertThat(union(first, second)).containsExactlyInAnyOrder(0, 1, 2, 3);
            for (int i = 0; i < 400; i++) {
                String word = "w" + (i % 23);
                sendFromAgent(first, second, words, word);
                expected.merge(word, 1L, Long::sum);
            }
            assertThat(first.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(second.awaitIdle(Duration.ofSeconds(5))).isTrue();
            second.stop();
            awaitCondition(() -> first.assignedPartitions().size() == 4);
            for (int i = 0; i < 400; i++) {
                String word = "w" + (i % 23);
                words.send(word, word);
                expected.merge(word, 1L, Long::sum);
            }
            assertThat(first.awaitIdle(Duration.ofSeconds(5))).isTrue();
            expected.forEach((word, n) -> assertThat(counts.get(word)).as(word).isEqualTo(n));
        } finally {
            first.stop();
            second.stop();
        }
    }

    private static void sendFromAgent(Worker first, Worker second, Topic<String, String> words, String word) {
        // with two workers running in this JVM, a send from outside an agent must pick one explicitly
        ((WorkerImpl) (word.hashCode() % 2 == 0 ? first : second)).send((TopicImpl<String, String>) words, word, word,
                java.util.List.of());
    }

    private static Set<Integer> union(Worker a, Worker b) {
        Set<Integer> all = new java.util.TreeSet<>(a.assignedPartitions());
        all.addAll(b.assignedPartitions());
        return all;
    }

    private static void awaitAssignments(Worker a, Worker b) {
        awaitCondition(() -> !a.assignedPartitions().isEmpty() && !b.assignedPartitions().isEmpty()
                && union(a, b).size() == 4);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void aDeclaredPartitionCountThatDiffersFromTheBrokerStopsTheStart() {
        MemoryBroker.named(broker).createTopic(new TopicSpec("orders", 3, 1, false, false, Map.of()));
        App app = App.create("mismatch", s -> s.broker("memory://" + broker));
        Topic<String, String> orders = app.topic("orders", String.class, String.class, TopicOptions.defaults().partitions(8));
        app.agent("a", orders, stream -> stream.forEach(v -> { }));
        assertThatThrownBy(app::start).isInstanceOf(TransportException.class)
                .hasMessageContaining("topic 'orders' has 3 partitions but is declared with 8");
    }

    @Test
    void aMissingTopicStopsTheStartWhenTheAppMayNotDeclareTopics() {
        App app = App.create("strict", s -> s.broker("memory://" + broker).topicAllowDeclare(false));
        Topic<String, String> orders = app.topic("orders", String.class);
        app.agent("a", orders, stream -> stream.forEach(v -> { }));
        assertThatThrownBy(app::start).isInstanceOf(TransportException.class)
                .hasMessageContaining("topic 'orders' does not exist")
                .hasMessageContaining("topic_allow_declare");
    }

    @Test
    void aRepartitionTopicWithTheWrongCountIsReportedWithBothCounts() {
        MemoryBroker.named(broker).createTopic(new TopicSpec("co-a-groupby-repartition", 2, 1, false, true, Map.of()));
        App app = App.create("co", s -> s.broker("memory://" + broker).topicPartitions(4));
        Topic<String, String> orders = app.topic("orders", String.class);
        app.agent("a", orders.groupBy(v -> v), stream -> stream.forEach(v -> { }));
        assertThatThrownBy(app::start).isInstanceOf(TransportException.class)
                .hasMessageContaining("'co-a-groupby-repartition' has 2 partitions")
                .hasMessageContaining("'orders' has 4");
    }
}
