package io.faust4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.Table;
import io.faust4j.Worker;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faust4j worker} in a child JVM on the embedded Kafka broker with RocksDB tables: TERM mid-stream
 * commits what was processed and exits 0, and the counts are exact after a restart; a second INT exits at once.
 */
class WorkerSignalsOnKafkaTest {
    private static final String APP = "io.faust4j.cli.TestApps:counting";
    private static final int WORDS = 20;
    private static final int PER_WORD = 150;
    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private String[] worker(Path datadir, String... more) {
        return worker(APP, datadir, more);
    }

    private String[] worker(String app, Path datadir, String... more) {
        String[] base = {"-A", app, "worker", "-l", "info", "--broker", kafka.brokerUrl(), "--store", "rocksdb://",
            "--datadir", datadir.toString(), "-s", "table_standby_replicas=0", "--web-port", "0"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    @Test
    void termMidStreamCommitsAndTheCountsSurviveARestart() throws Exception {
        Path datadir = dir.resolve("worker-1");
        long processed;
        try (ChildWorker worker = ChildWorker.start(dir.resolve("run1.log"), worker(datadir))) {
            worker.awaitOutput("Worker started", Duration.ofSeconds(120));
            try (KafkaProducer<String, String> producer = producer()) {
                for (int i = 0; i < PER_WORD; i++) {
                    for (int w = 0; w < WORDS; w++) {
                        producer.send(new ProducerRecord<>("words", "word-" + w, "x"));
                    }
                }
            }
            worker.awaitOutput("counted 500", Duration.ofSeconds(120));
            worker.signal("TERM");
            assertThat(worker.awaitExit(Duration.ofSeconds(90))).as(worker.output()).isZero();
            assertThat(worker.output()).contains("TERM received");
            Matcher stopped = Pattern.compile("Worker stopped cleanly: (\\d+) events processed").matcher(worker.output());
            assertThat(stopped.find()).as(worker.output()).isTrue();
            processed = Long.parseLong(stopped.group(1));
        }
        long committed = committedOffsets("cli-count");
        assertThat(committed).as("offsets committed by the warm stop").isGreaterThanOrEqualTo(500)
                .isLessThan((long) WORDS * PER_WORD);
        assertThat(committed).as("every event the worker processed is committed").isEqualTo(processed);

        App app = TestApps.counting();
        @SuppressWarnings("unchecked")
        Table<String, Long> counts = (Table<String, Long>) app.tables().get(0);
        try (Worker restarted = app.start(s -> s.broker(kafka.brokerUrl()).store("rocksdb://").datadir(datadir)
                .set("table_standby_replicas", "0"))) {
            assertThat(restarted.awaitIdle(Duration.ofSeconds(120))).isTrue();
            for (int w = 0; w < WORDS; w++) {
                assertThat(counts.get("word-" + w)).as("word-" + w).isEqualTo(PER_WORD);
            }
            assertThat(restarted.stats().eventsProcessed()).isEqualTo(WORDS * PER_WORD - committed);
        }
    }

    @Test
    void aSecondIntExitsAtOnce() throws Exception {
        try (ChildWorker worker = ChildWorker.start(dir.resolve("block.log"),
                worker("io.faust4j.cli.TestApps:blocking", dir.resolve("worker-2"), "-s", "stop_timeout=5m",
                        "--int-timeout", "2m"))) {
            worker.awaitOutput("Worker started", Duration.ofSeconds(120));
            try (KafkaProducer<String, String> producer = producer()) {
                producer.send(new ProducerRecord<>("blocks", "block", "x"));
            }
            worker.awaitOutput("blocking", Duration.ofSeconds(60));
            worker.signal("INT");
            worker.awaitOutput("INT received", Duration.ofSeconds(30));
            long start = System.nanoTime();
            worker.signal("INT");
            assertThat(worker.awaitExit(Duration.ofSeconds(30))).isEqualTo(ShutdownSignals.HARD_EXIT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(worker.output()).contains("INT again: exiting at once");
        }
    }

    private static long committedOffsets(String group) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals("words"))
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }
}
