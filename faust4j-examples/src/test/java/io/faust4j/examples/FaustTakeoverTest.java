package io.faust4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.Worker;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Takes over a Faust app on a real (embedded) broker. The broker first gets what the Faust app {@code proj}
 * of {@link FaustTakeover} leaves behind when its workers stop, in the bytes Faust writes (faust-streaming's
 * {@code faust.utils.json.dumps}, its {@code Record.to_representation}, {@code Stream.group_by} naming and the
 * Kafka default partitioner): orders with {@code __faust} metadata, all forwarded into the agent's repartition
 * topic, the first part of each repartition partition counted into the {@code order_count} changelog, and the
 * group {@code proj}'s committed offsets. The same counted records are summed into the windowed table
 * {@code hourly_totals} (tumbling 1 h), whose changelog holds Faust's window keys
 * {@code ["acc-1",[1700002800.0,1700006399.9]]}. Then faust4j starts with the same id and must continue the
 * counts and the hourly totals exactly: a lost offset, key, table value, window or repartition record would make
 * a count or a total differ, and what it writes to both changelogs must be what Faust writes.
 */
class FaustTakeoverTest {
    private static final int PARTITIONS = 4;
    private static final String ORDERS = "orders";
    private static final String REPARTITION = "proj.agents.count_orders-orders-account_id-repartition";
    private static final String CHANGELOG = "proj-order_count-changelog";
    private static final String COUNTS = "account-counts";
    private static final String HOURLY = "proj-hourly_totals-changelog";
    private static final long HOUR_MS = 3_600_000L;
    /** The orders' timestamps: half an hour before 1700002800 (an hour's start), then one every 10 s. */
    private static final long FIRST_ORDER_MS = 1_700_002_800_000L - HOUR_MS / 2;
    private static final String GROUP = "proj";

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Faust's bytes of {@code proj.models.Order}. */
    private static byte[] faustOrder(String orderId, String accountId, int amount) {
        return ("{\"order_id\":\"" + orderId + "\",\"account_id\":\"" + accountId + "\",\"amount\":" + amount
                + ",\"__faust\":{\"ns\":\"proj.models.Order\"}}").getBytes(UTF_8);
    }

    private static long timestamp(int order) {
        return FIRST_ORDER_MS + order * 10_000L;
    }

    /** An account's hourly window of {@code hourly_totals}. */
    private record Hour(String account, long startMs) {
        static Hour of(String account, long timestampMs) {
            return new Hour(account, Math.floorDiv(timestampMs, HOUR_MS) * HOUR_MS);
        }

        /** The changelog key Faust writes: {@code [key,[start,end]]}, float seconds, end = start + 3600 - 0.1. */
        String faustKey() {
            long start = startMs / 1000;
            return "[\"" + account + "\",[" + start + ".0," + (start + 3599) + ".9]]";
        }
    }

    /** An order as {@code group_by} forwarded it to the repartition topic. */
    private record Forwarded(String account, byte[] value, long timestamp, int amount) {
    }

    /** The partition Kafka's (and aiokafka's) default partitioner gives a key. */
    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8))) % PARTITIONS;
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void continuesAFaustAppsCountsExactly() throws Exception {
        Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        Random random = new Random(42);
        Map<String, Long> truth = new TreeMap<>();
        Map<Hour, Long> hourlyTruth = new HashMap<>();
        Map<Hour, Long> faustHourly = new HashMap<>();
        Map<TopicPartition, Long> faustHourlyEnds;
        try (Admin admin = Admin.create(client);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            admin.createTopics(List.of(new NewTopic(ORDERS, PARTITIONS, (short) 1),
                    new NewTopic(REPARTITION, PARTITIONS, (short) 1),
                    new NewTopic(CHANGELOG, PARTITIONS, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(HOURLY, PARTITIONS, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(COUNTS, PARTITIONS, (short) 1))).all().get();

            // What the Faust workers did before they stopped: 600 orders read and forwarded by group_by,
            // the first half of each repartition partition counted and summed per hour (both tables'
            // changelogs written per update)
            List<List<Forwarded>> repartitioned = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                repartitioned.add(new ArrayList<>());
            }
            for (int i = 0; i < 600; i++) {
                String order = "order-" + i;
                String account = "acc-" + random.nextInt(9);
                int amount = 1 + random.nextInt(3);
                byte[] value = faustOrder(order, account, amount);
                producer.send(new ProducerRecord<>(ORDERS, null, timestamp(i), order.getBytes(UTF_8), value));
                repartitioned.get(partition(account)).add(new Forwarded(account, value, timestamp(i), amount));
                truth.merge(account, 1L, Long::sum);
                hourlyTruth.merge(Hour.of(account, timestamp(i)), (long) amount, Long::sum);
            }
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
            Map<String, Long> faustCounts = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                List<Forwarded> records = repartitioned.get(p);
                int counted = records.size() / 2;
                for (int i = 0; i < records.size(); i++) {
                    Forwarded record = records.get(i);
                    String account = record.account();
                    producer.send(new ProducerRecord<>(REPARTITION, p, record.timestamp(), account.getBytes(UTF_8),
                            record.value()));
                    if (i < counted) {
                        long count = faustCounts.merge(account, 1L, Long::sum);
                        producer.send(new ProducerRecord<>(CHANGELOG, p, ("\"" + account + "\"").getBytes(UTF_8),
                                Long.toString(count).getBytes(UTF_8)));
                        Hour hour = Hour.of(account, record.timestamp());
                        long total = faustHourly.merge(hour, (long) record.amount(), Long::sum);
                        producer.send(new ProducerRecord<>(HOURLY, p, hour.faustKey().getBytes(UTF_8),
                                Long.toString(total).getBytes(UTF_8)));
                    }
                }
                committed.put(new TopicPartition(REPARTITION, p), new OffsetAndMetadata(counted));
            }
            producer.flush();
            endOffsets(admin, ORDERS).forEach((tp, end) -> committed.put(tp, new OffsetAndMetadata(end)));
            admin.alterConsumerGroupOffsets(GROUP, committed).all().get();
            faustHourlyEnds = endOffsets(admin, HOURLY);

            // Orders that arrive while no worker runs
            for (int i = 600; i < 1000; i++) {
                String order = "order-" + i;
                String account = "acc-" + random.nextInt(9);
                producer.send(new ProducerRecord<>(ORDERS, null, timestamp(i), order.getBytes(UTF_8),
                        faustOrder(order, account, 1)));
                truth.merge(account, 1L, Long::sum);
                hourlyTruth.merge(Hour.of(account, timestamp(i)), 1L, Long::sum);
            }
            producer.flush();
        }
        // the fixtures hold windows the new events leave alone (recovered only), windows they continue, and
        // the new events open windows of their own
        assertThat(faustHourly.keySet()).as("windows only recovered")
                .anyMatch(h -> hourlyTruth.get(h).equals(faustHourly.get(h)));
        assertThat(faustHourly.keySet()).as("windows continued").anyMatch(h -> hourlyTruth.get(h) > faustHourly.get(h));
        assertThat(hourlyTruth.keySet()).as("windows opened").anyMatch(h -> !faustHourly.containsKey(h));

        FaustTakeover app = FaustTakeover.create(s -> s.broker(kafka.brokerUrl()).commitInterval(Duration.ofMillis(100)));
        try (Worker worker = app.app().start()) {
            awaitCounts(app, truth, Duration.ofSeconds(60));
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            assertThat(worker.stats().decodeErrors()).isZero();
            Map<Hour, Long> hourly = new HashMap<>();
            hourlyTruth.keySet().forEach(h -> hourly.put(h, app.hourlyTotals().get(h.account())
                    .at(Instant.ofEpochMilli(h.startMs())).longValue()));
            assertThat(hourly).as("hourly totals read through the windowed table").isEqualTo(hourlyTruth);
            assertThat(app.hourlyTotals().lateEvents()).isZero();
        }

        Map<String, Long> changelog = new TreeMap<>();
        Map<String, String> lastCount = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(CHANGELOG)) {
            String key = new String(r.key(), UTF_8);
            assertThat(key).as("a JSON string key, as Faust's table key_serializer writes").matches("\"acc-\\d\"");
            String account = key.substring(1, key.length() - 1);
            assertThat(r.partition()).as("the partition of the event").isEqualTo(partition(account));
            changelog.put(account, Long.parseLong(new String(r.value(), UTF_8)));
        }
        assertThat(changelog).as("the table Faust recovers from the changelog").isEqualTo(truth);
        Map<String, String> hourlyChangelog = new TreeMap<>();
        int writtenByFaust4j = 0;
        for (ConsumerRecord<byte[], byte[]> r : readAll(HOURLY)) {
            String key = new String(r.key(), UTF_8);
            assertThat(key).as("Faust's window key").matches("\\[\"acc-\\d\",\\[\\d{10}\\.0,\\d{10}\\.9]]");
            String account = key.substring(2, key.indexOf('"', 2));
            assertThat(r.partition()).as("the partition of the event").isEqualTo(partition(account));
            if (r.offset() >= faustHourlyEnds.get(new TopicPartition(HOURLY, r.partition()))) {
                writtenByFaust4j++;
            }
            hourlyChangelog.put(key, new String(r.value(), UTF_8));
        }
        assertThat(writtenByFaust4j).as("records faust4j wrote to " + HOURLY).isPositive();
        Map<String, String> expectedHourly = new TreeMap<>();
        hourlyTruth.forEach((hour, total) -> expectedHourly.put(hour.faustKey(), Long.toString(total)));
        assertThat(hourlyChangelog).as("the windows Faust recovers from the changelog").isEqualTo(expectedHourly);
        for (ConsumerRecord<byte[], byte[]> r : readAll(COUNTS)) {
            lastCount.put(new String(r.key(), UTF_8), new String(r.value(), UTF_8));
        }
        truth.forEach((account, n) -> assertThat(lastCount.get(account)).isEqualTo("{\"account_id\":\"" + account
                + "\",\"orders\":" + n + ",\"__faust\":{\"ns\":\"proj.models.AccountCount\"}}"));
        try (Admin admin = Admin.create(client)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            endOffsets(admin, ORDERS).forEach((tp, end) -> assertThat(offsets.get(tp).offset()).isEqualTo(end));
            endOffsets(admin, REPARTITION).forEach((tp, end) -> assertThat(offsets.get(tp).offset()).isEqualTo(end));
        }
    }

    private static void awaitCounts(FaustTakeover app, Map<String, Long> truth, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> seen = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            seen.clear();
            truth.keySet().forEach(account -> seen.put(account, app.counts().get(account)));
            if (seen.equals(truth)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(seen).as("counts after the takeover").isEqualTo(truth);
    }

    private static Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // as aiokafka's producer: not idempotent; one request in flight keeps each partition in order
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** Every record of a topic, partition by partition in offset order. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) throws Exception {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            Map<TopicPartition, Long> ends = endOffsets(admin, topic);
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        records.sort(java.util.Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return records;
    }
}
