package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On memory:// the group runs faust4j's assignor as on Kafka: one leader, every worker's advertised URL per
 * partition, standby copies kept by the other worker; and worker extensions start before the join.
 */
class GroupMetadataTest {
    private final String broker = "group-metadata-" + UUID.randomUUID();

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private App app(Table<?, ?>[] table) {
        App app = App.create("meta", s -> s.broker("memory://" + broker).topicPartitions(4)
                .commitInterval(Duration.ofMillis(20)));
        Topic<String, String> words = app.topic("words", String.class);
        Table<String, Long> counts = app.table("counts", String.class, Long.class, 0L);
        table[0] = counts;
        app.agent("count", words.groupBy(w -> w), stream -> {
            for (String word : stream) {
                counts.update(word, n -> n + 1);
            }
        });
        return app;
    }

    private static Worker start(App app, String workerId) {
        return app.start(s -> s.set(io.faust4j.Settings.WORKER_ID, workerId));
    }

    @Test
    void exactlyOneWorkerLeadsAndTheSurvivorLeadsOnceTheLeaderLeaves() {
        App app = app(new Table<?, ?>[1]);
        Worker a = start(app, "lead-a");
        Worker b = start(app, "lead-b");
        try {
            awaitCondition(() -> a.assignedPartitions().size() == 2 && b.assignedPartitions().size() == 2);
            assertThat(a.isLeader() ^ b.isLeader()).as("one leader of two: a=%s b=%s", a.isLeader(), b.isLeader())
                    .isTrue();
            assertThat(a.isLeader()).as("the smaller worker id leads a new group").isTrue();
            a.stop();
            awaitCondition(() -> b.assignedPartitions().size() == 4);
            assertThat(b.isLeader()).isTrue();
            assertThat(a.isLeader()).as("a stopped worker does not lead").isFalse();
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void ownersGiveEachPartitionTheUrlItsWorkerAdvertises() {
        Table<?, ?>[] table = new Table<?, ?>[1];
        App app = app(table);
        RecordingExtension.EVENTS.clear();
        Worker a = start(app, "routed-a");
        Worker b = start(app, "routed-b");
        try {
            assertThat(RecordingExtension.EVENTS).contains("start routed-a ready=false assigned=0",
                    "start routed-b ready=false assigned=0");
            awaitCondition(() -> a.assignedPartitions().size() == 2 && b.assignedPartitions().size() == 2
                    && a.owners("words").size() == 4 && b.owners("words").size() == 4);
            Map<Integer, URI> expected = new TreeMap<>();
            a.assignedPartitions().forEach(p -> expected.put(p, URI.create("http://routed-a.test/")));
            b.assignedPartitions().forEach(p -> expected.put(p, URI.create("http://routed-b.test/")));
            assertThat(a.owners("words")).isEqualTo(expected);
            assertThat(b.owners("words")).isEqualTo(expected);
            assertThat(b.owners("meta-counts-changelog")).as("a table's changelog moves with its source").isEqualTo(expected);
            assertThat(a.owners("no-such-topic")).isEmpty();
            assertThat(a.isReady()).isTrue();
            b.stop();
            assertThat(RecordingExtension.EVENTS).contains("close routed-b ready=false");
            assertThat(b.isReady()).isFalse();
            awaitCondition(() -> a.owners("words").size() == 4
                    && a.owners("words").values().stream().allMatch(u -> u.getHost().equals("routed-a.test")));
        } finally {
            a.stop();
            b.stop();
        }
    }

    @Test
    void aStandbyCopyLetsTheSurvivorTakeOverReplayingOnlyTheTail() {
        Table<?, ?>[] table = new Table<?, ?>[1];
        App app = app(table);
        @SuppressWarnings("unchecked")
        Table<String, Long> counts = (Table<String, Long>) table[0];
        Worker a = start(app, "standby-a");
        Worker b = start(app, "standby-b");
        try {
            awaitCondition(() -> a.assignedPartitions().size() == 2 && b.assignedPartitions().size() == 2);
            Topic<String, String> words = (Topic<String, String>) app.topics().get(0);
            for (int i = 0; i < 2_000; i++) {
                String word = "w" + (i % 97);
                ((WorkerImpl) a).send((TopicImpl<String, String>) words, word, word, java.util.List.of());
            }
            assertThat(a.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(b.awaitIdle(Duration.ofSeconds(10))).isTrue();
            a.commit();
            b.commit();
            long written = b.stats().changelogRecords();
            assertThat(written).isPositive();
            awaitCondition(() -> ((WorkerImpl) a).standbyRecords() >= written);
            long recoveredBefore = a.stats().recoveredRecords();
            b.stop();
            awaitCondition(() -> a.assignedPartitions().size() == 4);
            assertThat(a.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(a.stats().recoveredRecords() - recoveredBefore)
                    .as("replayed at takeover (the stopped worker wrote %d changelog records)", written).isZero();
            long total = 0;
            for (int i = 0; i < 97; i++) {
                total += counts.get("w" + i);
            }
            assertThat(total).as("every count survives the takeover").isEqualTo(2_000);
        } finally {
            a.stop();
            b.stop();
        }
    }

    private static void awaitCondition(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
