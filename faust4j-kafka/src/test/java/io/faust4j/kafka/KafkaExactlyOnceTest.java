package io.faust4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.AgentOptions;
import io.faust4j.App;
import io.faust4j.ProcessingGuarantee;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Exactly-once on a real (embedded) Kafka broker: changelogs, outputs, repartition records, dead letters
 * and offsets commit in one transaction; read_committed readers see every order's effects exactly once,
 * though the agent fails and retries, and after a warm restart.
 */
class KafkaExactlyOnceTest {
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

    record Order(String orderId, String accountId, int amount) {}

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void countsOutputsAndDeadLettersAreExactThroughRetriesAndARestart() throws Exception {
        String id = "eos-" + UUID.randomUUID().toString().substring(0, 8);
        App app = App.create(id, s -> {
            s.broker(kafka.brokerUrl()).topicPartitions(4).commitInterval(Duration.ofMillis(100))
                    .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE);
            OrderCountsApp.QUICK_GROUP.accept(s);
        });
        Topic<String, Order> orders = app.topic(id + "-orders", Order.class);
        Topic<String, String> seen = app.topic(id + "-seen", String.class);
        Table<String, Long> counts = app.table("order-count", String.class, Long.class, 0L);
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        app.agent("count", orders.groupBy(Order::accountId),
                AgentOptions.defaults().retries(2, Duration.ofMillis(5), Duration.ofMillis(5)), stream -> {
                    for (Order order : stream) {
                        counts.update(order.accountId(), n -> n + 1);
                        seen.send(order.orderId(), order.accountId());
                        if (order.amount() == 7 && failedOnce.add(order.orderId())) {
                            throw new IllegalStateException("transient failure on " + order.orderId());
                        }
                        if (order.amount() == 13) {
                            throw new IllegalArgumentException("order " + order.orderId() + " is refused");
                        }
                    }
                });
        Map<String, Long> truth = new HashMap<>();
        int refused = 0;
        int total = 6_000;
        try (KafkaProducer<String, String> producer = producer()) {
            Worker worker = app.start();
            try {
                refused += send(producer, orders.name(), 0, total / 2, truth);
                awaitIdle(worker);
            } finally {
                worker.stop();
            }
            worker = app.start();
            try {
                refused += send(producer, orders.name(), total / 2, total, truth);
                awaitIdle(worker);
                assertThat(worker.stats().retries()).isPositive();
            } finally {
                worker.stop();
            }
        }
        Map<String, Long> changelog = new TreeMap<>();
        readCommitted(id + "-order-count-changelog").forEach(r -> changelog.put(text(r.key()), Long.parseLong(text(r.value()))));
        assertThat(changelog).as("exact counts in the committed changelog").isEqualTo(new TreeMap<>(truth));
        List<ConsumerRecord<byte[], byte[]>> outputs = readCommitted(id + "-seen");
        assertThat(outputs).as("one output per counted order, none from failed attempts").hasSize(total - refused);
        assertThat(readCommitted(id + "-orders-dlq")).as("each refused order dead-lettered once").hasSize(refused);
    }

    private static int send(KafkaProducer<String, String> producer, String topic, int from, int to, Map<String, Long> truth)
            throws Exception {
        int refused = 0;
        for (int i = from; i < to; i++) {
            String account = "acc-" + (i % 17);
            int amount = i % 50;
            String json = "{\"orderId\":\"o-" + i + "\",\"accountId\":\"" + account + "\",\"amount\":" + amount + "}";
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "o-" + i, json));
            if (amount == 13) {
                refused++;
            } else {
                truth.merge(account, 1L, Long::sum);
            }
        }
        producer.flush();
        return refused;
    }

    private static void awaitIdle(Worker worker) {
        assertThat(worker.awaitIdle(Duration.ofSeconds(60))).as("idle").isTrue();
    }

    private static KafkaProducer<String, String> producer() {
        return new OrderCountsApp(null, null, null, 0).producer(kafka.bootstrapServers());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                assertThat(System.nanoTime()).as("read %s to its end", topic).isLessThan(deadline);
            }
        }
        return records;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
