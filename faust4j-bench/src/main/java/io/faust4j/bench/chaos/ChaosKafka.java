package io.faust4j.bench.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the harness asks the broker with plain kafka-clients: creating {@code orders}, how far the app's
 * consumer group has committed, and reading a whole topic back ({@code read_committed}, from the start).
 */
final class ChaosKafka implements AutoCloseable {
    private static final long CALL_TIMEOUT_SECONDS = 10;

    private final String bootstrap;
    private final Admin admin;

    ChaosKafka(String bootstrap) {
        this.bootstrap = bootstrap;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /**
     * Creates a topic and waits until every partition's leader serves it: producing right after
     * {@code createTopics} can otherwise meet a leader without its log yet (see docs/benchmarks.md,
     * "A Kafka pitfall the ceiling met").
     */
    void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(name, p), OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.listOffsets(request).all().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + name + " not served 30 s after its creation", e);
                }
                Thread.sleep(10);
            }
        }
    }

    /**
     * How far the group has to go.
     *
     * @param orders records of {@code orders} after the group's committed offsets
     * @param repartition the same for the repartition topic; -1 while it does not exist yet
     * @param behind the partitions that are behind, with their committed offset (0 if none) and end offset
     * @param openTransactions partitions of the app's topics (orders, repartition, changelogs, dead letters) whose last
     *     stable offset is below their end: a transaction is still open there (a killed worker's, until the
     *     broker aborts it after the transaction timeout), so records after it cannot be read yet
     */
    record Lag(long orders, long repartition, Map<TopicPartition, long[]> behind, List<TopicPartition> openTransactions) {
        boolean caughtUp() {
            return orders == 0 && repartition == 0 && openTransactions.isEmpty();
        }

        /** Only transaction markers or a few records can be left: worth reading what is really there. */
        boolean nearlyCaughtUp() {
            return repartition >= 0 && openTransactions.isEmpty() && behind.values().stream().allMatch(o -> o[1] - o[0] <= 2);
        }
    }

    /** The group's lag on {@code orders} and its repartition topic, or empty when the broker does not answer. */
    Optional<Lag> lag(String group, int partitions) {
        try {
            List<String> topics = new ArrayList<>(List.of(ChaosApp.ORDERS));
            boolean repartitionExists = admin.listTopics().names().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .contains(repartitionTopic());
            if (repartitionExists) {
                topics.add(repartitionTopic());
            }
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (String topic : topics) {
                for (int p = 0; p < partitions; p++) {
                    request.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            var ends = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<TopicPartition> open = openTransactions(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long ordersLag = 0;
            long repartitionLag = 0;
            Map<TopicPartition, long[]> behind = new HashMap<>();
            for (var entry : ends.entrySet()) {
                TopicPartition tp = entry.getKey();
                OffsetAndMetadata c = committed.get(tp);
                long from = c == null ? 0 : c.offset();
                long end = entry.getValue().offset();
                if (end > from) {
                    behind.put(tp, new long[] {from, end});
                    if (tp.topic().equals(ChaosApp.ORDERS)) {
                        ordersLag += end - from;
                    } else {
                        repartitionLag += end - from;
                    }
                }
            }
            return Optional.of(new Lag(ordersLag, repartitionExists ? repartitionLag : -1, behind, open));
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Partitions of the app's topics where the last stable offset is below the high watermark. */
    private List<TopicPartition> openTransactions(int partitions) throws ExecutionException, TimeoutException,
            InterruptedException {
        Set<String> existing = admin.listTopics().names().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (String topic : List.of(ChaosApp.ORDERS, repartitionTopic(), ChaosApp.changelog(ChaosApp.COUNTS),
                ChaosApp.changelog(ChaosApp.SEEN), ChaosApp.DEAD_LETTERS)) {
            if (existing.contains(topic)) {
                for (int p = 0; p < partitions; p++) {
                    request.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
        }
        var stable = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        var high = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<TopicPartition> open = new ArrayList<>();
        stable.forEach((tp, info) -> {
            if (info.offset() < high.get(tp).offset()) {
                open.add(tp);
            }
        });
        return open;
    }

    /** The repartition topic faust4j names {@code <app>-<agent>-groupby-repartition}. */
    static String repartitionTopic() {
        return ChaosApp.ID + "-" + ChaosApp.AGENT + "-groupby-repartition";
    }

    /**
     * Whether the partitions a nearly caught-up group is still behind on hold no committed record between
     * the group's offset and the end (under transactions a commit marker takes an offset of its own).
     */
    boolean nothingLeftIn(Map<TopicPartition, long[]> behind) {
        if (behind.isEmpty()) {
            return true;
        }
        try (KafkaConsumer<byte[], byte[]> c = reader("chaos-lag-check")) {
            c.assign(behind.keySet());
            behind.forEach((tp, range) -> c.seek(tp, range[0]));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (r.offset() < behind.get(new TopicPartition(r.topic(), r.partition()))[1]) {
                        return false;
                    }
                }
                if (behind.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue()[1])) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Reads every committed record of {@code topic} from the start to its current end. */
    long readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        long records = 0;
        try (KafkaConsumer<byte[], byte[]> c = reader("chaos-verify")) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(topic)) {
                tps.add(new TopicPartition(topic, info.partition()));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = c.endOffsets(tps);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 5 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
                        records++;
                        each.accept(r);
                    }
                }
            }
        }
        return records;
    }

    private KafkaConsumer<byte[], byte[]> reader(String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
