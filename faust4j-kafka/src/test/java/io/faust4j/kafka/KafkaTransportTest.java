package io.faust4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.Header;
import io.faust4j.Settings;
import io.faust4j.TransportException;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import io.faust4j.spi.ConsumedBatch;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.RebalanceListener;
import io.faust4j.spi.SendCallback;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TopicSpec;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportConsumer;
import io.faust4j.spi.TransportFactory;
import io.faust4j.spi.TransportProducer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The transport against a real broker: topics, end offsets, sends, group and reader consumers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KafkaTransportTest {
    private static EmbeddedKafka kafka;
    private static Transport transport;

    @BeforeAll
    static void open() {
        kafka = EmbeddedKafka.start();
        Settings settings = Settings.builder("transport-test").environment(Map.of()).broker(kafka.brokerUrl())
                .set(Settings.BROKER_HEARTBEAT_INTERVAL, Duration.ofMillis(300)).build();
        TransportFactory factory = ServiceLoader.load(TransportFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.scheme().equals("kafka")).findFirst().orElseThrow();
        transport = factory.create(settings.broker(), settings);
    }

    @AfterAll
    static void close() {
        if (transport != null) {
            transport.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String create(String name, int partitions) {
        transport.createTopics(List.of(new TopicSpec(name, partitions, 1, false, false, Map.of())));
        return name;
    }

    private static OutgoingRecord record(String topic, int partition, String key, String value, Header... headers) {
        return new OutgoingRecord(topic, partition, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), 1_700_000_000_000L, List.of(headers));
    }

    private static List<ConsumedRecord> readAll(TransportConsumer consumer, int expected) {
        List<ConsumedRecord> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (records.size() < expected && System.nanoTime() < deadline) {
            for (ConsumedBatch batch : consumer.poll(Duration.ofMillis(100))) {
                assertThat(batch.records()).isNotEmpty()
                        .allMatch(r -> r.topic().equals(batch.partition().topic()) && r.partition() == batch.partition().partition());
                records.addAll(batch.records());
            }
        }
        return records;
    }

    @Test
    void describesExistingTopicsWithTheirPartitionCountsAndLeavesOutMissingOnes() {
        String a = create(unique("a"), 3);
        String missing = unique("missing");

        assertThat(transport.describeTopics(List.of(a, missing))).isEqualTo(Map.of(a, 3));
        assertThat(transport.describeTopics(List.of())).isEmpty();
    }

    @Test
    void createsCompactedTopicsAndPassesTopicConfig() throws Exception {
        String changelog = unique("app-table-changelog");
        String retained = unique("retained");
        transport.createTopics(List.of(new TopicSpec(changelog, 4, 1, true, true, Map.of()),
                new TopicSpec(retained, 2, 1, false, false, Map.of("retention.ms", "3600000"))));

        assertThat(transport.describeTopics(List.of(changelog, retained))).isEqualTo(Map.of(changelog, 4, retained, 2));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            var compacted = new ConfigResource(ConfigResource.Type.TOPIC, changelog);
            var plain = new ConfigResource(ConfigResource.Type.TOPIC, retained);
            var configs = admin.describeConfigs(List.of(compacted, plain)).all().get(10, TimeUnit.SECONDS);
            assertThat(configs.get(compacted).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(plain).get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(configs.get(plain).get("retention.ms").value()).isEqualTo("3600000");
        }
    }

    @Test
    void creatingATopicThatAnotherWorkerCreatedMeanwhileIsFine() {
        String topic = create(unique("raced"), 2);
        transport.createTopics(List.of(new TopicSpec(topic, 2, 1, false, false, Map.of())));
        assertThat(transport.describeTopics(List.of(topic))).containsEntry(topic, 2);
    }

    @Test
    void aReplicationFactorAboveTheBrokerCountFailsNamingTheTopic() {
        String topic = unique("replicated");
        assertThatThrownBy(() -> transport.createTopics(List.of(new TopicSpec(topic, 1, 3, false, false, Map.of()))))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("create topic '" + topic + "' with 1 partitions and replication factor 3");
    }

    @Test
    void sendsToTheChosenPartitionWithHeadersAndReadsBackInOrder() {
        String topic = create(unique("sends"), 3);
        TransportProducer producer = transport.createProducer("p");
        AtomicLong lastOffset = new AtomicLong(-2);
        try {
            for (int i = 0; i < 10; i++) {
                producer.send(record(topic, 2, "k" + i, "v" + i, Header.of("trace", "t" + i), Header.of("trace", "again")),
                        (offset, error) -> lastOffset.set(error == null ? offset : -3));
            }
            producer.send(record(topic, 0, null, null), SendCallback.NONE);
            producer.flush();
        } finally {
            producer.close();
        }
        assertThat(lastOffset.get()).isEqualTo(9);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p2 = new TopicPartition(topic, 2);
        assertThat(transport.endOffsets(List.of(p0, new TopicPartition(topic, 1), p2)))
                .isEqualTo(Map.of(p0, 1L, new TopicPartition(topic, 1), 0L, p2, 10L));

        try (TransportConsumer reader = transport.createReader("r")) {
            reader.assign(List.of(p0, p2));
            reader.seek(p2, 4);
            List<ConsumedRecord> records = readAll(reader, 7);

            assertThat(records).hasSize(7);
            List<ConsumedRecord> fromP2 = records.stream().filter(r -> r.partition() == 2).toList();
            assertThat(fromP2).extracting(ConsumedRecord::offset).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
            ConsumedRecord first = fromP2.get(0);
            assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("k4");
            assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("v4");
            assertThat(first.timestamp()).isEqualTo(1_700_000_000_000L);
            assertThat(first.headers()).extracting(Header::key).containsExactly("trace", "trace");
            assertThat(first.headers()).extracting(Header::valueAsString).containsExactly("t4", "again");
            ConsumedRecord tombstone = records.stream().filter(r -> r.partition() == 0).findFirst().orElseThrow();
            assertThat(tombstone.key()).isNull();
            assertThat(tombstone.value()).isNull();
            assertThat(tombstone.headers()).isEmpty();
            assertThat(reader.position(p2)).isEqualTo(10);
            assertThat(reader.endOffset(p2)).isEqualTo(10);
            assertThat(reader.beginningOffset(p2)).isZero();
            assertThat(reader.committed(p2)).isEmpty();
        }
    }

    @Test
    void flushThrowsWhenASendFailedAndKeepsThrowingAfterwards() {
        String topic = create(unique("failing"), 1);
        TransportProducer producer = transport.createProducer("p");
        List<Exception> reported = new CopyOnWriteArrayList<>();
        try {
            byte[] tooLarge = new byte[2 * 1024 * 1024];
            producer.send(new OutgoingRecord(topic, 0, null, tooLarge, 1L, List.of()), (offset, error) -> reported.add(error));
            producer.send(record(topic, 0, "k", "fine"), SendCallback.NONE);

            assertThatThrownBy(producer::flush).isInstanceOf(TransportException.class)
                    .hasMessageContaining("1 send to Kafka at").hasMessageContaining("failed, so the offsets they cover"
                            + " are not committed");
            assertThat(reported).hasSize(1).doesNotContainNull();
            assertThat(producer.failure()).containsSame(reported.get(0));
            producer.send(record(topic, 0, "k", "fine again"), SendCallback.NONE);
            assertThatThrownBy(producer::flush).as("still failed after a good send").isInstanceOf(TransportException.class);
        } finally {
            producer.close();
        }
        assertThat(transport.endOffsets(List.of(new TopicPartition(topic, 0))).values()).containsExactly(2L);
    }

    @Test
    void endOffsetsMayBeReadFromManyThreadsAtOnce() throws Exception {
        String topic = create(unique("ends"), 4);
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 3));
        List<CompletableFuture<Map<TopicPartition, Long>>> reads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            reads.add(CompletableFuture.supplyAsync(() -> transport.endOffsets(partitions)));
        }
        for (var read : reads) {
            assertThat(read.get(20, TimeUnit.SECONDS)).containsOnlyKeys(partitions).containsValues(0L);
        }
    }

    /** Records the listener calls of a group consumer. */
    private static final class Rebalances implements RebalanceListener {
        final List<TopicPartition> assigned = new CopyOnWriteArrayList<>();
        final List<TopicPartition> revoked = new CopyOnWriteArrayList<>();

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            revoked.addAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            revoked.addAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.addAll(partitions);
        }
    }

    @Test
    void aGroupConsumerGetsPartitionsCommitsAndPausesAndResumes() {
        String topic = create(unique("group"), 2);
        String group = unique("g");
        TransportProducer producer = transport.createProducer("p");
        for (int i = 0; i < 6; i++) {
            producer.send(record(topic, i % 2, "k" + i, "v" + i), SendCallback.NONE);
        }
        producer.flush();
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        Rebalances rebalances = new Rebalances();
        try (TransportConsumer consumer = transport.createConsumer(group, "c1")) {
            consumer.subscribe(List.of(topic), rebalances);
            List<ConsumedRecord> records = readAll(consumer, 6);
            assertThat(rebalances.assigned).containsExactlyInAnyOrder(p0, p1);
            assertThat(records).hasSize(6);

            assertThat(consumer.commit(Map.of(p0, 2L, p1, 3L))).as("what was committed").isEqualTo(Map.of(p0, 2L, p1, 3L));
            assertThat(consumer.committed(p0)).hasValue(2);
            assertThat(consumer.committed(p1)).hasValue(3);

            consumer.pause(List.of(p0));
            producer.send(record(topic, 0, "k", "while paused"), SendCallback.NONE);
            producer.send(record(topic, 1, "k", "not paused"), SendCallback.NONE);
            producer.flush();
            List<ConsumedRecord> unpaused = readAll(consumer, 1);
            assertThat(unpaused).extracting(ConsumedRecord::partition).containsExactly(1);
            assertThat(consumer.poll(Duration.ofMillis(300))).isEmpty();
            consumer.resume(List.of(p0));
            assertThat(readAll(consumer, 1)).extracting(ConsumedRecord::partition).containsExactly(0);
        } finally {
            producer.close();
        }
    }

    @Test
    void aMemberDroppedForPollingTooSlowlyLosesItsPartitionsAndCommitsNothingForThem() {
        String topic = create(unique("slow"), 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        TransportProducer producer = transport.createProducer("p");
        for (int i = 0; i < 5; i++) {
            producer.send(record(topic, 0, "k", "v" + i), SendCallback.NONE);
        }
        producer.flush();
        producer.close();
        Settings slow = Settings.builder("slow").environment(Map.of()).broker(kafka.brokerUrl())
                .set(Settings.BROKER_MAX_POLL_INTERVAL, Duration.ofMillis(1500))
                .set(Settings.BROKER_HEARTBEAT_INTERVAL, Duration.ofMillis(200)).build();
        try (Transport slowTransport = new KafkaTransportFactory().create(slow.broker(), slow);
             TransportConsumer consumer = slowTransport.createConsumer(unique("g"), "slow-1")) {
            List<String> calls = new CopyOnWriteArrayList<>();
            consumer.subscribe(List.of(topic), new RebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    calls.add("revoked " + partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    calls.add("lost " + partitions);
                    assertThat(consumer.commit(Map.of(tp, 5L))).as("nothing commits for lost partitions").isEmpty();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    calls.add("assigned " + partitions);
                }
            });
            assertThat(readAll(consumer, 5)).hasSize(5);
            consumer.commit(Map.of(tp, 2L));

            OrderCountsApp.sleep(3_000);  // longer than max.poll.interval: the group drops this member
            assertThat(consumer.commit(Map.of(tp, 4L))).as("refused by Kafka: nothing committed").isEmpty();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (calls.size() < 3 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }

            assertThat(calls).containsExactly("assigned [" + tp + "]", "lost [" + tp + "]", "assigned [" + tp + "]");
            assertThat(consumer.committed(tp)).as("nothing committed while the partition was not ours").hasValue(2);
        }
    }

    @Test
    void wakeupCutsABlockedPollShortAndDoesNotBreakOtherCalls() throws Exception {
        String topic = create(unique("wake"), 1);
        Rebalances rebalances = new Rebalances();
        try (TransportConsumer consumer = transport.createConsumer(unique("g"), "c1")) {
            consumer.subscribe(List.of(topic), rebalances);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (rebalances.assigned.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }
            assertThat(rebalances.assigned).containsExactly(new TopicPartition(topic, 0));

            CompletableFuture.runAsync(() -> {
                OrderCountsApp.sleep(300);
                consumer.wakeup();
            });
            long started = System.nanoTime();
            assertThat(consumer.poll(Duration.ofSeconds(20))).isEmpty();
            assertThat(System.nanoTime() - started).isLessThan(Duration.ofSeconds(10).toNanos());

            consumer.wakeup();  // meant for a poll, but a commit and a position come first: they still work
            consumer.commit(Map.of(new TopicPartition(topic, 0), 0L));
            assertThat(consumer.position(new TopicPartition(topic, 0))).isZero();
            assertThat(consumer.poll(Duration.ofMillis(100))).isEmpty();
        }
    }
}
