package io.faust4j.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class EmbeddedKafkaTest {

    @Test
    void servesClientsInProcessAndCleansUpOnClose() throws Exception {
        long started = System.nanoTime();
        var kafka = EmbeddedKafka.start();
        report("in-process", started);
        int port = portOf(kafka);
        Path dir = kafka.dataDir();
        try {
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(kafka.brokerUrl()).isEqualTo("kafka://127.0.0.1:" + port);
            assertThat(Ports.isFree(port)).isFalse();

            Clients.createTopic(kafka, "orders");
            Clients.produce(kafka, "orders", "k1", "v1");
            assertThat(Clients.consume(kafka, "orders", 1))
                    .singleElement()
                    .satisfies(r -> assertThat(r.key() + "=" + r.value()).isEqualTo("k1=v1"));
        } finally {
            long stopping = System.nanoTime();
            kafka.close();
            System.out.printf("EmbeddedKafka in-process close took %d ms%n", (System.nanoTime() - stopping) / 1_000_000);
        }
        assertThat(Ports.isFree(port)).isTrue();
        assertThat(dir).doesNotExist();
        kafka.close(); // idempotent
    }

    @Test
    void servesClientsFromAChildProcessAndStopsIt() throws Exception {
        long started = System.nanoTime();
        var kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().childProcess(true));
        report("child-process", started);
        int port = portOf(kafka);
        Path dir = kafka.dataDir();
        var child = ((ChildProcessBroker) kafka.broker()).process();
        try {
            assertThat(child.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(child.isAlive()).isTrue();
            Clients.createTopic(kafka, "payments");
            Clients.produce(kafka, "payments", "k2", "v2");
            assertThat(Clients.consume(kafka, "payments", 1))
                    .singleElement()
                    .satisfies(r -> assertThat(r.key() + "=" + r.value()).isEqualTo("k2=v2"));
        } finally {
            long stopping = System.nanoTime();
            kafka.close();
            System.out.printf("EmbeddedKafka child-process close took %d ms%n", (System.nanoTime() - stopping) / 1_000_000);
        }
        assertThat(child.isAlive()).isFalse();
        assertThat(Ports.isFree(port)).isTrue();
        assertThat(dir).doesNotExist();
    }

    @Test
    void twoBrokersAtOnceListenOnDifferentPorts() throws Exception {
        try (var first = EmbeddedKafka.start(); var second = EmbeddedKafka.start()) {
            assertThat(first.bootstrapServers()).isNotEqualTo(second.bootstrapServers());
            assertThat(first.dataDir()).isNotEqualTo(second.dataDir());
            Clients.createTopic(first, "only-on-first");
            assertThat(Clients.topics(first)).contains("only-on-first");
            assertThat(Clients.topics(second)).doesNotContain("only-on-first");
        }
    }

    @Test
    void keepsDataInAGivenDirectoryAcrossRestarts(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("kafka-data");
        var options = EmbeddedKafka.Options.defaults().dataDir(dir);
        try (var kafka = EmbeddedKafka.start(options)) {
            Clients.createTopic(kafka, "ledger");
            Clients.produce(kafka, "ledger", "account-1", "100");
        }
        assertThat(dir.resolve("metadata/meta.properties")).exists();
        assertThat(dir.resolve("logs/ledger-0")).isDirectory();

        long started = System.nanoTime();
        try (var kafka = EmbeddedKafka.start(options)) {
            report("in-process restart on a kept dir", started);
            assertThat(Clients.topics(kafka)).contains("ledger");
            assertThat(Clients.consume(kafka, "ledger", 1))
                    .singleElement()
                    .satisfies(r -> assertThat(r.key() + "=" + r.value()).isEqualTo("account-1=100"));
        }
        assertThat(dir).isDirectory();
        assertThat(Files.list(dir)).isNotEmpty();
    }

    @Test
    void keepsDataWrittenThroughAChildProcessThatWasStopped(@TempDir Path tmp) throws Exception {
        var options = EmbeddedKafka.Options.defaults().dataDir(tmp.resolve("kafka-data"));
        try (var kafka = EmbeddedKafka.start(options.childProcess(true))) {
            Clients.createTopic(kafka, "audit");
            Clients.produce(kafka, "audit", "who", "me");
        }
        try (var kafka = EmbeddedKafka.start(options)) {
            assertThat(Clients.consume(kafka, "audit", 1))
                    .singleElement()
                    .satisfies(r -> assertThat(r.key() + "=" + r.value()).isEqualTo("who=me"));
        }
    }

    @Test
    void refusesADataDirectoryAnotherBrokerIsUsing(@TempDir Path tmp) throws Exception {
        var options = EmbeddedKafka.Options.defaults().dataDir(tmp);
        try (var kafka = EmbeddedKafka.start(options)) {
            Clients.createTopic(kafka, "first");
            assertThatThrownBy(() -> EmbeddedKafka.start(options))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(tmp.toString())
                    .hasStackTraceContaining("lock");
            Clients.produce(kafka, "first", "still", "works");
            assertThat(Clients.consume(kafka, "first", 1)).hasSize(1);
        }
        try (var kafka = EmbeddedKafka.start(options)) {
            assertThat(Clients.consume(kafka, "first", 1)).hasSize(1);
        }
    }

    @Test
    void failsWithTheTakenPortWhenAFixedPortIsInUse() throws Exception {
        try (var taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafka.Options.defaults().port(port)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
        }
    }

    @Test
    void reportsAChildThatFailsToStartWithItsOutput() {
        var options = EmbeddedKafka.Options.defaults().childProcess(true).config("num.io.threads", "-5");
        assertThatThrownBy(() -> EmbeddedKafka.start(options))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 1")
                .hasMessageContaining("num.io.threads");
    }

    @Test
    void childExitsWhenItsParentDies(@TempDir Path tmp) throws Exception {
        var parent = new ProcessBuilder("sleep", "60").start();
        var javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var child = new ProcessBuilder(javaBinary, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                EmbeddedKafka.class.getName(), "--data-dir", tmp.resolve("d").toString(),
                "--parent-pid", Long.toString(parent.pid()))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.readString(tmp.resolve("out.txt")).contains("READY kafka://127.0.0.1:")) {
                assertThat(System.nanoTime()).as("READY within 30 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            parent.destroy();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
        } finally {
            parent.destroyForcibly();
            child.destroyForcibly();
        }
    }

    @Test
    void doesNotCreateTopicsOnFirstUse() {
        try (var kafka = EmbeddedKafka.start();
             var producer = new KafkaProducer<>(Clients.producerConfig(kafka, 2_000), new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("nobody-created-this", "k", "v")).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class)
                    .hasMessageContaining("not present in metadata");
        }
    }

    @Test
    void appliesBrokerConfigOverrides() throws Exception {
        var options = EmbeddedKafka.Options.defaults().config("num.partitions", "3");
        try (var kafka = EmbeddedKafka.start(options);
             var admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("defaults", Optional.empty(), Optional.empty()))).all().get();
            var description = admin.describeTopics(List.of("defaults")).allTopicNames().get().get("defaults");
            assertThat(description.partitions()).hasSize(3);
        }
    }

    private static int portOf(EmbeddedKafka kafka) {
        String servers = kafka.bootstrapServers();
        return Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
    }

    private static void report(String mode, long startedNanos) {
        System.out.printf("EmbeddedKafka %s start took %d ms%n", mode, (System.nanoTime() - startedNanos) / 1_000_000);
    }
}
