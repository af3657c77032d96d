package io.faust4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.Worker;
import io.faust4j.examples.HourlyOrderTotals.Order;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hourly totals on a real (embedded) broker with RocksDB stores: the windows and each partition's stream
 * time survive a restart on the same data directory (only the changelog's tail is replayed) and a restart on an
 * empty one (everything rebuilt from the changelogs), and the totals go on exactly.
 */
class HourlyOrderTotalsOnKafkaTest {
    private static EmbeddedKafka kafka;
    private static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);

    @TempDir
    Path datadir;

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

    private Consumer<io.faust4j.Settings.Builder> settings(Path dir) {
        return s -> s.broker(kafka.brokerUrl()).store("rocksdb://").datadir(dir).topicPartitions(4)
                .commitInterval(Duration.ofMillis(100));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String id, String user, double amount, Instant at) {
        byte[] value = ("{\"orderId\":\"" + id + "\",\"userId\":\"" + user + "\",\"amount\":" + amount + "}").getBytes(UTF_8);
        producer.send(new ProducerRecord<>("orders", null, at.toEpochMilli(), id.getBytes(UTF_8), value));
    }

    private static Map<String, Double> firstHour(HourlyOrderTotals app) {
        Map<String, Double> seen = new TreeMap<>();
        for (String user : new String[] {"ann", "bob", "cy"}) {
            seen.put(user, app.totals().get(user).at(HOUR));
        }
        return seen;
    }

    private static void await(HourlyOrderTotals app, Map<String, Double> expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline && !firstHour(app).equals(expected)) {
            Thread.sleep(100);
        }
        assertThat(firstHour(app)).isEqualTo(expected);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void windowsAndStreamTimeAreRecoveredAfterRestartsOnRocksDb() throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        HourlyOrderTotals app = HourlyOrderTotals.create(settings(datadir));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            try (Worker worker = app.app().start()) {
                send(producer, "o-1", "ann", 10, HOUR.plusSeconds(60));
                send(producer, "o-2", "bob", 4, HOUR.plusSeconds(120));
                send(producer, "o-3", "ann", 2.5, HOUR.plusSeconds(1800));
                producer.flush();
                await(app, Map.of("ann", 12.5, "bob", 4.0, "cy", 0.0));
                worker.commit();
            }
            try (Worker worker = app.app().start()) {                        // same datadir: the tail only
                assertThat(firstHour(app)).isEqualTo(Map.of("ann", 12.5, "bob", 4.0, "cy", 0.0));
                send(producer, "o-4", "cy", 1, HOUR.plusSeconds(3000));
                send(producer, "o-5", "ann", 1, HOUR.plusSeconds(170 * 60));   // 02:50: hours 0 and 1 close for ann
                producer.flush();
                await(app, Map.of("ann", 12.5, "bob", 4.0, "cy", 1.0));
                worker.commit();
            }
            long lateBefore = app.totals().lateEvents();
            try (Worker worker = app.app().start()) {                        // the stream time came back too
                // hour 1 closed at stream time 02:05; with the stream time lost (only the newest window, from 02:00,
                // known) it would look open: late, not merged
                send(producer, "o-6", "ann", 100, HOUR.plusSeconds(90 * 60));
                producer.flush();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (app.totals().lateEvents() == lateBefore && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(app.totals().lateEvents()).isEqualTo(lateBefore + 1);
                assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
                assertThat(firstHour(app)).isEqualTo(Map.of("ann", 12.5, "bob", 4.0, "cy", 1.0));
                worker.commit();
            }
        }
        Path empty = Files.createTempDirectory("hourly-empty");
        HourlyOrderTotals fresh = HourlyOrderTotals.create(settings(empty));
        try (Worker worker = fresh.app().start()) {
            assertThat(firstHour(fresh)).isEqualTo(Map.of("ann", 12.5, "bob", 4.0, "cy", 1.0));
            assertThat(fresh.totals().get("ann").all()).hasSize(2);
        } finally {
            try (Stream<Path> files = Files.walk(empty)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
