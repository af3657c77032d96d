package io.faust4j.kafka.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain kafka-clients calls the tests make against a broker. */
final class Clients {
    private Clients() {
    }

    static void createTopic(EmbeddedKafka kafka, String topic) throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    static Set<String> topics(EmbeddedKafka kafka) throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            return admin.listTopics().names().get();
        }
    }

    static void produce(EmbeddedKafka kafka, String topic, String key, String value) throws Exception {
        try (var producer = new KafkaProducer<>(producerConfig(kafka, 30_000), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    static Map<String, Object> producerConfig(EmbeddedKafka kafka, int maxBlockMs) {
        return Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all",
                "max.block.ms", maxBlockMs, "linger.ms", 0);
    }

    /** Every record of partition 0 from the beginning, polling until {@code expected} arrived (or 20 s). */
    static List<ConsumerRecord<String, String>> consume(EmbeddedKafka kafka, String topic, int expected) {
        var config = Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "enable.auto.commit", false, "auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            var records = new ArrayList<ConsumerRecord<String, String>>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
