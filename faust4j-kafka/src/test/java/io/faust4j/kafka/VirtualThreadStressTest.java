package io.faust4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stress test for the rule that no kafka-clients code runs on a virtual thread. On 2 cores, workers
 * whose groupBy forwarders made their first sends on virtual threads sometimes froze at start: class
 * initialisation inside kafka-clients pinned both carriers while the lock it waited for (a logging lock)
 * belonged to a virtual thread that needed a carrier, and then the poll loop blocked on that lock too.
 *
 * <p>Each run starts a fresh JVM ({@link StartStopChild}) whose virtual-thread scheduler has one carrier
 * and no compensating spare, so every class is initialised again and one pinned virtual thread is enough
 * to freeze it: the worker starts on orders already waiting in its topic (so all forwarders send at
 * once), counts them through the repartition topic into the changelogged table, and stops. Each phase is
 * bounded (start 30 s, counting 30 s, stop 15 s); an overrun fails the test with the child's thread dump.
 *
 * <p>It makes {@code faust4j.stress.runs} runs (20), but starts no new one after
 * {@code faust4j.stress.budgetMillis} (75 s) once 3 have passed, so a slow machine runs fewer.
 */
class VirtualThreadStressTest {
    private static final int RUNS = Integer.getInteger("faust4j.stress.runs", 20);
    private static final long BUDGET_MILLIS = Long.getLong("faust4j.stress.budgetMillis", 75_000);
    private static final int ORDERS = 2_000;
    private static final long HARD_BOUND_SECONDS = 100;
    private static EmbeddedKafka kafka;
    private static Admin admin;

    @TempDir
    static Path logs;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        admin = Admin.create(props);
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void workersStartCountAndStopInTimeWithOneCarrierThread() throws Exception {
        long started = System.nanoTime();
        List<String> results = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            if (run > 3 && (System.nanoTime() - started) / 1_000_000 > BUDGET_MILLIS) {
                break;  // a slow machine runs fewer, never fewer than 3
            }
            results.add(runOnce(run));
        }
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("virtual-thread stress: %d of %d runs (parallelism 1) started, counted and stopped in time,"
                + " %.1f s in all%n", results.size(), RUNS, elapsed / 1000.0);
        results.forEach(r -> System.out.println("  " + r));
        assertThat(results).hasSizeGreaterThanOrEqualTo(3);
    }

    private String runOnce(int run) throws Exception {
        String id = "stress-" + run + "-" + UUID.randomUUID().toString().substring(0, 8);
        OrderCountsApp app = OrderCountsApp.create(id, kafka.brokerUrl(), StartStopChild.PARTITIONS,
                StartStopChild.ACCOUNTS);
        produceOrders(app);
        Path log = logs.resolve(id + ".log");
        Process child = new ProcessBuilder(command(id)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(HARD_BOUND_SECONDS, TimeUnit.SECONDS)) {
            String dump = jcmdThreadDump(child.pid());
            child.destroyForcibly().waitFor();
            fail("Run %d: the child JVM did not finish within %d s (not even its watchdog); its output:%n%s%n"
                    + "jcmd thread dump:%n%s", run, HARD_BOUND_SECONDS, Files.readString(log), dump);
        }
        String output = Files.readString(log);
        if (child.exitValue() != 0) {
            fail("Run %d: the child JVM exited with %d; its output:%n%s", run, child.exitValue(), output);
        }
        return "run " + run + ": " + output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("Run " + run + " printed no RESULT line:\n" + output));
    }

    /** Creates the app's order topic and fills it, checking every send: a new topic may not be led yet. */
    private static void produceOrders(OrderCountsApp app) throws Exception {
        String topic = app.orders().name();
        admin.createTopics(List.of(new NewTopic(topic, StartStopChild.PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < StartStopChild.PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        OrderCountsApp.awaitCondition("the partitions of " + topic + " have leaders", Duration.ofSeconds(30), () -> {
            try {
                admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                return true;
            } catch (Exception notYet) {
                return false;
            }
        });
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<String, String> producer = app.producer(kafka.bootstrapServers())) {
            for (int i = 0; i < ORDERS; i++) {
                String json = "{\"orderId\":\"o-" + i + "\",\"accountId\":\"" + app.account(i) + "\",\"amount\":1}";
                sends.add(producer.send(new ProducerRecord<>(topic, "o-" + i, json)));
            }
        }
        for (Future<RecordMetadata> send : sends) {
            send.get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> command(String id) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "-cp", System.getProperty("java.class.path"), StartStopChild.class.getName(),
                kafka.brokerUrl(), id, Integer.toString(ORDERS));
    }

    private static String jcmdThreadDump(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Path dump = Files.createTempFile("stress-jcmd", ".txt");
            Files.delete(dump);
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.dump_to_file", "-format=text",
                    dump.toString()).redirectErrorStream(true).start();
            p.waitFor(30, TimeUnit.SECONDS);
            return Files.exists(dump) ? Files.readString(dump) : new String(p.getInputStream().readAllBytes());
        } catch (IOException | InterruptedException e) {
            return "(jcmd failed: " + e + ")";
        }
    }
}
