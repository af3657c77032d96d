package io.faust4j.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.internal.assign.AssignorConfig;
import io.faust4j.internal.assign.AssignorContext;
import io.faust4j.internal.assign.LocalTasks;
import io.faust4j.internal.assign.TaskTopology;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The assignor inside real consumers on a real broker: Kafka's coordinator accepts its cooperative
 * assignments (it rejects any that gives a partition still owned by another member), and a second worker
 * gets its share through a revoking round and a follow-up, with no partition owned twice at any time.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KafkaAssignorBrokerTest {
    private final Map<TopicPartition, String> owners = new ConcurrentHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final AtomicInteger revokingRounds = new AtomicInteger();

    @Test
    void aSecondWorkerGetsItsShareCooperativelyWithNoPartitionOwnedTwice() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("orders", 4, (short) 1),
                        new NewTopic("orders-repartition", 4, (short) 1))).all().get();
            }
            try (KafkaConsumer<byte[], byte[]> a = consumer(kafka, "w1");
                    KafkaConsumer<byte[], byte[]> b = consumer(kafka, "w2")) {
                subscribe(a, "w1");
                pollUntil(List.of(a), () -> a.assignment().size() == 8);
                subscribe(b, "w2");
                pollUntil(List.of(a, b), () -> a.assignment().size() == 4 && b.assignment().size() == 4);

                assertThat(violations).isEmpty();
                assertThat(revokingRounds).as("rounds that only revoked").hasPositiveValue();
                for (TopicPartition tp : a.assignment()) {
                    assertThat(a.assignment()).contains(new TopicPartition(
                            tp.topic().equals("orders") ? "orders-repartition" : "orders", tp.partition()));
                }
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka, String worker) {
        TaskTopology topology = new TaskTopology(Map.of("orders", "count", "orders-repartition", "count"));
        AssignorContext context = new AssignorContext(worker, "http://" + worker, topology, AssignorConfig.DEFAULT,
                () -> LocalTasks.NONE, tasks -> Map.of(), (active, info) -> {
                    if (info.revocations()) {
                        revokingRounds.incrementAndGet();
                    }
                });
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("group.id", "assignor-broker-test");
        props.put("group.protocol", "classic");
        props.put("group.instance.id", "assignor-broker-test-" + worker);
        props.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        props.put("partition.assignment.strategy", KafkaAssignor.class.getName());
        props.put(AssignorContext.CONFIG_KEY, context);
        return new KafkaConsumer<>(props);
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
