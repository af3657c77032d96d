package io.faust4j.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.internal.assign.AssignmentInfo;
import io.faust4j.internal.assign.AssignorConfig;
import io.faust4j.internal.assign.AssignorContext;
import io.faust4j.internal.assign.LocalTasks;
import io.faust4j.internal.assign.TaskId;
import io.faust4j.internal.assign.TaskTopology;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The assignor inside real consumers on a real broker: Kafka's coordinator accepts its cooperative
 * assignments (it fails the round if one gives a partition still owned by another member), and a second
 * worker gets its share through revoking rounds, and for state only after warming up, with no partition
 * owned twice at any time.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaAssignorBrokerTest {
    private static final TaskTopology TOPOLOGY = new TaskTopology(Map.of("orders", "count", "orders-repartition", "count"));
    private static EmbeddedKafka kafka;

    private final Map<TopicPartition, String> owners = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();

    /** A worker's view: what it runs and keeps, as its assignor reports them at the next join. */
    private static final class Worker {
        volatile Set<TaskId> active = Set.of();
        volatile Set<TaskId> standby = Set.of();
        final Set<TaskId> everStandby = ConcurrentHashMap.newKeySet();
        volatile AssignmentInfo last;
        int revokingRounds;
        int probingRounds;
    }

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("orders", 4, (short) 1),
                    new NewTopic("orders-repartition", 4, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aSecondWorkerGetsItsShareCooperativelyWithNoPartitionOwnedTwice() {
        try (KafkaConsumer<byte[], byte[]> a = consumer("stateless", "w1", Map.of());
                KafkaConsumer<byte[], byte[]> b = consumer("stateless", "w2", Map.of())) {
            pollUntil(List.of(a), () -> a.assignment().size() == 8);
            pollUntil(List.of(a, b), () -> a.assignment().size() == 4 && b.assignment().size() == 4);

            assertThat(violations).isEmpty();
            assertThat(workers.get("w1").revokingRounds).as("rounds that only revoked").isPositive();
            for (TopicPartition tp : a.assignment()) {
                assertThat(a.assignment()).contains(new TopicPartition(
                        tp.topic().equals("orders") ? "orders-repartition" : "orders", tp.partition()));
            }
        }
    }

    @Test
    void aNewWorkerWarmsUpBeforeTakingOverStatefulTasks() {
        Map<TaskId, Long> ends = new HashMap<>();
        for (int p = 0; p < 4; p++) {
            ends.put(new TaskId("count", p), 10_000L);
        }
        try (KafkaConsumer<byte[], byte[]> a = consumer("stateful", "w1", ends);
                KafkaConsumer<byte[], byte[]> b = consumer("stateful", "w2", ends)) {
            pollUntil(List.of(a), () -> a.assignment().size() == 8);
            pollUntil(List.of(a, b), () -> {
                if (workers.get("w1").last.probingRebalance()) {
                    a.enforceRebalance("probing: warm-ups may have caught up");
                }
                return a.assignment().size() == 4 && b.assignment().size() == 4;
            });

            Worker second = workers.get("w2");
            assertThat(violations).isEmpty();
            assertThat(workers.get("w1").probingRounds).as("rounds that placed warm-ups").isPositive();
            assertThat(second.everStandby).as("warmed up before running").containsAll(second.active);
        }
    }

    /** A consumer whose standbys catch up at once: its local positions are the changelog ends. */
    private KafkaConsumer<byte[], byte[]> consumer(String group, String id, Map<TaskId, Long> ends) {
        Worker worker = new Worker();
        workers.put(id, worker);
        AssignorContext context = new AssignorContext(id, "http://" + id, TOPOLOGY, new AssignorConfig(0, 100, 1),
                () -> new LocalTasks(worker.active, worker.standby, positions(worker, ends)), tasks -> ends,
                (active, info) -> {
                    worker.active = active;
                    worker.standby = info.standbyTasks();
                    worker.everStandby.addAll(info.standbyTasks());
                    worker.last = info;
                    worker.revokingRounds += info.revocations() ? 1 : 0;
                    worker.probingRounds += info.probingRebalance() ? 1 : 0;
                });
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("group.id", "assignor-broker-test-" + group);
        props.put("group.protocol", "classic");
        props.put("group.instance.id", group + "-" + id);
        props.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        props.put("partition.assignment.strategy", KafkaAssignor.class.getName());
        props.put(AssignorContext.CONFIG_KEY, context);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        subscribe(consumer, id);
        return consumer;
    }

    private static Map<TaskId, Long> positions(Worker worker, Map<TaskId, Long> ends) {
        Map<TaskId, Long> positions = new HashMap<>();
        worker.active.forEach(t -> positions.put(t, ends.getOrDefault(t, 0L)));
        worker.standby.forEach(t -> positions.put(t, ends.getOrDefault(t, 0L)));
        return positions;
    }

    private void subscribe(KafkaConsumer<byte[], byte[]> consumer, String worker) {
        consumer.subscribe(List.of("orders", "orders-repartition"), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                partitions.forEach(tp -> owners.remove(tp, worker));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                for (TopicPartition tp : partitions) {
                    String before = owners.putIfAbsent(tp, worker);
                    if (before != null && !before.equals(worker)) {
                        violations.add(tp + " assigned to " + worker + " while " + before + " owns it");
                    }
                }
            }
        });
    }

    private static void pollUntil(List<KafkaConsumer<byte[], byte[]>> consumers, BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            consumers.forEach(c -> c.poll(Duration.ofMillis(100)));
        }
        consumers.forEach(c -> c.poll(Duration.ofMillis(100)));
    }
}
