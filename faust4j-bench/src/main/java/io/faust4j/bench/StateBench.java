package io.faust4j.bench;

import io.faust4j.App;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The state scenarios, on the embedded Kafka broker (a child JVM) with {@code store=rocksdb://}:
 * <ul>
 *   <li>{@code recovery}: a table of N keys (default 1,000,000) is written straight into its changelog
 *       (as a worker that died would have left it), then a worker with an empty datadir starts and
 *       recovers it. Prints {@code RESULT recovery events_per_s=<records recovered per second>}, over the
 *       recovery's own time ({@code WorkerStats.recoveryMillis}: from the assignment until every shard has
 *       replayed its changelog), and the time from {@code app.start()} too.</li>
 *   <li>{@code restart-tail}: after that recovery the worker stops cleanly; 1,000 more updates reach the
 *       changelog (as if another worker had owned the partitions meanwhile); the worker restarts on its
 *       intact datadir. The clock runs from {@code app.start()} until the agent has processed an event
 *       sent before the start. Prints {@code RESULT restart-tail seconds=<s> replayed=<records>}.</li>
 * </ul>
 * The table is checked after each start: every key present with its last value.
 */
final class StateBench {
    private static final int PARTITIONS = 8;
    private static final int TAIL_UPDATES = 1_000;

    private final int keys;
    private final EmbeddedKafka kafka;
    private final String appId = "state-" + Long.toHexString(System.nanoTime() & 0xffffffL);
    private final Path datadir;
    private final LongAdder probesSeen = new LongAdder();
    private final AtomicLong firstProbeNanos = new AtomicLong();

    private StateBench(int keys, EmbeddedKafka kafka, Path datadir) {
        this.keys = keys;
        this.kafka = kafka;
        this.datadir = datadir;
    }

    static int run(String scenario, String[] args) throws Exception {
        int keys = 1_000_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--keys") && i + 1 < args.length) {
                keys = (int) MemoryCountOptions.positive("--keys", args[++i]);
            } else {
                System.err.println(scenario + ": unknown option " + args[i] + " (only --keys N)");
                return 2;
            }
        }
        if (System.getProperty("faust4j.kafka.embedded.jvmOptions") == null) {
            System.setProperty("faust4j.kafka.embedded.jvmOptions", KafkaOptions.BROKER_JVM_OPTIONS);
        }
        Path datadir = Files.createTempDirectory("faust4j-state-bench");
        System.out.printf("scenario %s: a RocksDB table of %,d keys in %d partitions, datadir %s%n", scenario, keys,
                PARTITIONS, datadir);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().childProcess(true))) {
            StateBench bench = new StateBench(keys, kafka, datadir);
            try {
                return bench.run(scenario.equals("restart-tail"));
            } catch (MemoryCount.VerificationException e) {
                System.err.println(scenario + ": VERIFICATION FAILED: " + e.getMessage());
                return 1;
            }
        } finally {
            deleteRecursively(datadir);
        }
    }

    private record Running(App app, Table<String, Long> table, Topic<String, String> probes) {}

    private Running app() {
        App app = App.create(appId, s -> s.broker(kafka.brokerUrl()).store("rocksdb://").datadir(datadir)
                .topicPartitions(PARTITIONS));
        Table<String, Long> table = app.table("big", String.class, Long.class, 0L);
        Topic<String, String> probes = app.topic("probes", String.class);
        app.agent("probe", probes, stream -> {
            for (String ignored : stream) {
                firstProbeNanos.compareAndSet(0, System.nanoTime());
                probesSeen.increment();
            }
        });
        return new Running(app, table, probes);
    }

    private int run(boolean restartTail) throws Exception {
        Running app = app();
        try (Worker ignored = app.app().start(s -> s.datadir(datadir.resolve("creator")))) {
            System.out.println("topics created by a first worker (another datadir)");
        }
        long written = writeChangelog(0, keys, 0);
        System.out.printf("changelog %s-big-changelog: %,d records written%n", appId, written);

        long start = System.nanoTime();
        long recovered;
        try (Worker worker = app.app().start()) {
            recovered = awaitRecovered(worker, keys);
            long elapsed = System.nanoTime() - start;
            long recoveryMillis = Math.max(1, worker.stats().recoveryMillis());
            verify(app.table(), 0, 0);
            double perSecond = recovered * 1000.0 / recoveryMillis;
            System.out.printf(Locale.ROOT, "recovery: %,d records replayed in %.2f s (%.2f s from app.start(): group"
                    + " join and assignment included)%n", recovered, recoveryMillis / 1e3, elapsed / 1e9);
            if (!restartTail) {
                System.out.printf(Locale.ROOT, "%nRESULT recovery events_per_s=%d%n", Math.round(perSecond));
                return 0;
            }
        }
        writeChangelog(0, TAIL_UPDATES, 1);
        System.out.printf("%,d more updates written to the changelog while the worker was stopped%n", TAIL_UPDATES);
        sendProbe();
        start = System.nanoTime();
        try (Worker worker = app.app().start()) {
            while (probesSeen.sum() == 0) {
                if (System.nanoTime() - start > Duration.ofMinutes(2).toNanos()) {
                    throw new MemoryCount.VerificationException("the probe was not processed within 2 minutes");
                }
                Thread.sleep(1);
            }
            double seconds = (firstProbeNanos.get() - start) / 1e9;
            long replayed = worker.stats().recoveredRecords();
            verify(app.table(), TAIL_UPDATES, 1);
            if (replayed != TAIL_UPDATES) {
                throw new MemoryCount.VerificationException("the restart replayed " + replayed + " records, not the "
                        + TAIL_UPDATES + " of the tail");
            }
            System.out.printf(Locale.ROOT, "restart on intact state: processing resumed %.3f s after app.start(),"
                    + " %,d changelog records replayed%n", seconds, replayed);
            System.out.printf(Locale.ROOT, "%nRESULT restart-tail seconds=%.3f replayed=%d%n", seconds, replayed);
            return 0;
        }
    }

    private static long awaitRecovered(Worker worker, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (worker.stats().recoveredRecords() < expected) {
            if (System.nanoTime() > deadline) {
                throw new MemoryCount.VerificationException("not recovered after 10 minutes: " + worker.stats());
            }
            Thread.sleep(2);
        }
        return worker.stats().recoveredRecords();
    }

    /** Produces one event for the probe agent (a JSON string, as the topic's codec reads it). */
    private void sendProbe() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("probes", "probe".getBytes(StandardCharsets.UTF_8),
                    "\"sent before the restart\"".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
    }

    /** Writes keys {@code from..to-1} with value {@code i + bump} into the changelog, partitioned as the table. */
    private long writeChangelog(int from, int to, int bump) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        String topic = appId + "-big-changelog";
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
                byte[] value = Long.toString(i + bump).getBytes(StandardCharsets.UTF_8);
                int partition = Utils.toPositive(Utils.murmur2(key)) % PARTITIONS;
                producer.send(new ProducerRecord<>(topic, partition, key, value));
            }
            producer.flush();
        }
        return to - from;
    }

    /** Every key has its last value: {@code i + bump} for the first {@code bumped} keys, {@code i} after. */
    private void verify(Table<String, Long> table, int bumped, int bump) throws MemoryCount.VerificationException {
        long[] count = new long[1];
        long[] wrong = new long[1];
        table.forEach((key, value) -> {
            int i = Integer.parseInt(key.substring(4));
            count[0]++;
            if (value != i + (i < bumped ? bump : 0)) {
                wrong[0]++;
            }
        });
        if (count[0] != keys || wrong[0] != 0) {
            throw new MemoryCount.VerificationException("the table has " + count[0] + " keys (expected " + keys + "), "
                    + wrong[0] + " with a wrong value");
        }
        System.out.printf("table verified: %,d keys, each with its last value%n", count[0]);
    }

    /** Deletes a directory and everything in it (a benchmark's scratch datadir). */
    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
