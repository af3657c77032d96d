package io.faust4j.bench;

import io.faust4j.Codec;
import io.faust4j.Codecs;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What {@code kafka-count} and {@code kafka-ceiling} share: the embedded broker (a child JVM by default),
 * pre-loading the orders before the clock starts, the kafka-clients properties both sides use (the same
 * values faust4j derives from its settings), CPU accounting of this JVM, the broker JVM and the rest of
 * the machine, the changelog check, and the report ending in the RESULT line.
 *
 * <p>events/s is defined as in {@code memory-count}: orders counted divided by the wall time from just
 * before the app (or the hand-written program) starts until every order is counted.
 */
final class KafkaBench {
    static final String TOPIC = "orders";
    private static final long SEED = 42;

    private KafkaBench() {
    }

    /** One pass of a scenario over {@code topic}, which holds {@code events} pre-loaded orders. */
    interface Subject {
        Pass run(Env env, String topic, String runId, long events, String[] accounts, long[] expected, boolean measured)
                throws Exception;
    }

    /** The broker and the options of the run. */
    record Env(KafkaOptions options, EmbeddedKafka kafka, Optional<ProcessHandle> brokerProcess) {
        String bootstrap() {
            return kafka.bootstrapServers();
        }
    }

    /** The outcome of one timed pass. */
    record Pass(long events, long elapsedNanos, long gcCount, long gcMillis, long appCpuNanos, long brokerCpuNanos,
                long othersCpuNanos, long allocatedBytes, long contextSwitches, String extra) {
        double eventsPerSecond() {
            return events * 1e9 / elapsedNanos;
        }
    }

    /** Another scenario measured after the first on the same broker, for a ratio of the two. */
    record Baseline(String scenario, Subject subject) {
    }

    /** Runs a scenario: setup, broker, warm-up pass, measured pass, report. */
    static int main(String scenario, String description, String[] args, Subject subject) throws Exception {
        return main(scenario, description, args, subject, null);
    }

    /**
     * Runs a scenario as {@link #main(String, String, String[], Subject)} does, then, when {@code baseline}
     * is given, a measured pass of the baseline on the same broker, and reports the ratio.
     */
    static int main(String scenario, String description, String[] args, Subject subject, Baseline baseline)
            throws Exception {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            Bench.usage(System.out);
            return 0;
        }
        KafkaOptions o;
        try {
            o = KafkaOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(scenario + ": " + e.getMessage());
            Bench.usage(System.err);
            return 2;
        }
        printSetup(scenario, description, o);
        if (o.childProcess() && System.getProperty("faust4j.kafka.embedded.jvmOptions") == null) {
            System.setProperty("faust4j.kafka.embedded.jvmOptions", KafkaOptions.BROKER_JVM_OPTIONS);
        }
        long t0 = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().childProcess(o.childProcess()))) {
            Optional<ProcessHandle> brokerProcess = o.childProcess() ? brokerChild() : Optional.empty();
            System.out.printf("broker: %s, %s, started in %.1f s%n", kafka.brokerUrl(), o.childProcess()
                    ? "child JVM pid " + brokerProcess.map(p -> Long.toString(p.pid())).orElse("?") + " with "
                    + System.getProperty("faust4j.kafka.embedded.jvmOptions")
                    : "in this JVM", (System.nanoTime() - t0) / 1e9);
            Env env = new Env(o, kafka, brokerProcess);
            String run = Long.toHexString(System.nanoTime() & 0xffffffL);
            try {
                if (o.warmupEvents() > 0) {
                    System.out.printf("%n== warm-up pass: %,d events on topic warmup-orders (JIT warm-up of this JVM"
                            + " and the broker, not measured)%n", o.warmupEvents());
                    Pass warm = pass(env, subject, "warmup-orders", run + "w", o.warmupEvents(), false);
                    System.out.printf("warm-up: %,.0f events/s (ignored)%n", warm.eventsPerSecond());
                } else {
                    System.out.println("\n(no warm-up pass)");
                }
                System.out.printf("%n== measured pass: %,d events on topic %s%n", o.events(), TOPIC);
                Pass measured = pass(env, subject, TOPIC, run, o.events(), true);
                printReport(scenario, o, measured);
                if (baseline != null) {
                    System.out.printf("%n== baseline pass (%s): %,d events on topic %s, same broker, same options%n",
                            baseline.scenario(), o.events(), TOPIC + "-base");
                    Pass base = pass(env, baseline.subject(), TOPIC + "-base", run + "b", o.events(), true);
                    printReport(baseline.scenario(), o, base);
                    System.out.printf(java.util.Locale.ROOT, "%nRESULT %s ratio_to_%s=%.2f (%,.0f vs %,.0f events/s)%n",
                            scenario, baseline.scenario(), measured.eventsPerSecond() / base.eventsPerSecond(),
                            measured.eventsPerSecond(), base.eventsPerSecond());
                }
                return 0;
            } catch (MemoryCount.VerificationException e) {
                System.err.println(scenario + ": VERIFICATION FAILED: " + e.getMessage());
                return 1;
            }
        }
    }

    private static Pass pass(Env env, Subject subject, String topic, String runId, long events, boolean measured)
            throws Exception {
        KafkaOptions o = env.options();
        long[] expected = new long[o.accounts()];
        String[] accounts = MemoryCount.accountIds(o.accounts());
        preload(env, topic, (int) events, accounts, expected);
        System.gc();
        if (measured && !o.quietWait().isZero() && !CpuMeter.awaitQuiet(o.quietWait().toMillis(), 0.15)) {
            System.out.println("  the machine did not get quiet within " + o.quietWait() + "; measuring anyway");
        }
        return subject.run(env, topic, runId, events, accounts, expected, measured);
    }

    // ---- the broker ----

    private static Optional<ProcessHandle> brokerChild() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("io.faust4j.kafka.embedded.EmbeddedKafka"))
                .findFirst();
    }

    /** CPU the broker JVM used so far, in nanoseconds; -1 when it is not a child process. */
    static long brokerCpuNanos(Env env) {
        return env.brokerProcess().flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    static void createTopics(String bootstrap, List<NewTopic> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(topics).all().get();
            // Wait until the leader serves every partition. A describeTopics that shows leaders is not enough:
            // the broker's log may not exist yet, the first produce requests then meet NOT_LEADER_OR_FOLLOWER,
            // and (seen here with the idempotent producer and several batches in flight) the producer can get
            // stuck retrying OUT_OF_ORDER_SEQUENCE_NUMBER until its batches expire. ListOffsets is answered by
            // the partition's log on the leader, so its success means produce requests will be accepted.
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new HashMap<>();
            for (NewTopic topic : topics) {
                for (int i = 0; i < topic.numPartitions(); i++) {
                    request.put(new TopicPartition(topic.name(), i), org.apache.kafka.clients.admin.OffsetSpec.latest());
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    admin.listOffsets(request).all().get();
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("new topics not served after 30 s: " + e.getCause(), e);
                    }
                    Thread.sleep(5);
                }
            }
        }
    }

    /**
     * Produces {@code events} orders (JSON from the default codec, keyed by orderId, Kafka's default
     * murmur2 partitioning) into a new {@code topic} and waits until the broker has them all.
     */
    private static void preload(Env env, String topic, int events, String[] accounts, long[] expected) throws Exception {
        KafkaOptions o = env.options();
        long start = System.nanoTime();
        createTopics(env.bootstrap(), List.of(new NewTopic(topic, o.partitions(), (short) 1)));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-preload");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, o.preloadCompression());
        Codec<Order> codec = Codecs.json(Order.class);
        SplittableRandom random = new SplittableRandom(SEED);
        long bytes = 0;
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                int account = random.nextInt(accounts.length);
                expected[account]++;
                Order order = MemoryCount.order(i, accounts[account], random);
                byte[] value = codec.encode(order);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, order.orderId().getBytes(StandardCharsets.UTF_8), value),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.compareAndSet(null, error);
                            }
                        });
                if (i == 0) {
                    System.out.println("sample record: key=" + order.orderId() + " value="
                            + new String(value, StandardCharsets.UTF_8) + " (" + value.length + " bytes)");
                }
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("pre-loading failed: " + failed.get(), failed.get());
        }
        System.out.printf("pre-loaded %,d orders into %s (%d partitions, producer compression %s) in %.1f s: JSON"
                + " values %.1f bytes on average (%,d MB)%n", events, topic, o.partitions(), o.preloadCompression(),
                (System.nanoTime() - start) / 1e9, (double) bytes / events, bytes >> 20);
    }

    // ---- client properties: what faust4j's KafkaClientConfig derives from the same settings ----

    static Properties producerProps(Env env, String clientId) {
        KafkaOptions o = env.options();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, o.acks());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, o.acks().equals("all"));
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) o.linger().toMillis());
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, o.batchSize());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, o.compression());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        return p;
    }

    static Properties consumerProps(Env env, String groupId, String clientId) {
        KafkaOptions o = env.options();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrap());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, o.maxPoll());
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, o.fetchMinBytes());
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) o.fetchMaxWait().toMillis());
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, o.fetchMaxBytes());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, o.maxPartitionFetchBytes());
        return p;
    }

    // ---- verification of the changelog ----

    /**
     * Reads a changelog topic from the start, keeps the last value of each key (as compaction would) and
     * checks that the values, decimal counts, sum to {@code events}.
     */
    static void verifyChangelog(Env env, String topic, int partitions, long events) {
        Properties p = consumerProps(env, "unused", "bench-verify");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // aborted transactions do not count
        Map<String, Long> last = new HashMap<>();
        long records = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(topic, i));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = c.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new MemoryCount.VerificationException("could not read changelog " + topic + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    records++;
                    String key = r.partition() + "/" + new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        last.remove(key);
                    } else {
                        last.put(key, Long.parseLong(new String(r.value(), StandardCharsets.UTF_8).trim()));
                    }
                }
            }
        }
        long sum = last.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("verify: changelog %s has %,d records, %,d keys, latest values sum to %,d (expected %,d)%n",
                topic, records, last.size(), sum, events);
        if (sum != events) {
            throw new MemoryCount.VerificationException("changelog " + topic + " sums to " + sum + ", expected " + events);
        }
    }

    static void verifyCounts(Map<String, Long> actual, long events, String[] accounts, long[] expected, String what) {
        long sum = actual.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("verify: %s sum %,d (expected %,d), %,d accounts%n", what, sum, events, actual.size());
        if (sum != events) {
            throw new MemoryCount.VerificationException(what + " sums to " + sum + ", expected " + events);
        }
        for (int i = 0; i < accounts.length; i++) {
            long got = actual.getOrDefault(accounts[i], 0L);
            if (got != expected[i]) {
                throw new MemoryCount.VerificationException("account " + accounts[i] + " counted " + got
                        + ", expected " + expected[i]);
            }
        }
    }

    // ---- timing ----

    /** The meters at the start of a timed window. */
    static final class Window {
        private final Env env;
        private final long gcCount = gcCount();
        private final long gcMillis = gcMillis();
        private final CpuMeter cpu;
        private final long brokerCpu;
        private final TimedPassEvent jfr = new TimedPassEvent();
        final Instant wallStart = Instant.now();
        final long startNanos;

        Window(Env env) {
            this.env = env;
            jfr.begin();
            this.brokerCpu = brokerCpuNanos(env);
            this.cpu = CpuMeter.now();
            this.startNanos = System.nanoTime();
        }

        /** Ends the window: {@code endNanos} is when the last order was counted. */
        Pass end(long events, long endNanos, boolean measured, String scenario, String extra) {
            CpuMeter after = CpuMeter.now();
            long brokerAfter = brokerCpuNanos(env);
            if (measured) {
                jfr.scenario = scenario;
                jfr.events = events;
                jfr.commit();
            }
            long elapsed = endNanos - startNanos;
            long app = after.processNanosSince(cpu);
            long broker = brokerCpu < 0 || brokerAfter < 0 ? -1 : brokerAfter - brokerCpu;
            long others = after.othersNanosSince(cpu);
            if (others >= 0 && broker >= 0) {
                others = Math.max(0, others - broker);
            }
            Pass pass = new Pass(events, elapsed, gcCount() - gcCount, gcMillis() - gcMillis, app, broker, others,
                    cpu.allocatedBytes() < 0 ? -1 : after.allocatedBytes() - cpu.allocatedBytes(),
                    cpu.contextSwitches() < 0 ? -1 : after.contextSwitches() - cpu.contextSwitches(), extra);
            System.out.printf("done in %.3f s: %,.0f events/s (timed window %s .. %s, for profiles)%n", elapsed / 1e9,
                    pass.eventsPerSecond(), wallStart, Instant.now());
            return pass;
        }
    }

    // ---- output ----

    private static void printSetup(String scenario, String description, KafkaOptions o) {
        Runtime rt = Runtime.getRuntime();
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
        System.out.println(scenario + ": " + description);
        System.out.printf("events=%,d partitions=%d accounts=%,d broker=embedded, %s%n", o.events(), o.partitions(),
                o.accounts(), o.childProcess() ? "child JVM" : "in this JVM");
        System.out.println("client tuning (faust4j settings; the ceiling uses the same kafka-clients properties): "
                + o.settings().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
        System.out.printf("JVM: %s %s (%s), %d CPUs, heap max %,d MB, GC: %s%n", System.getProperty("java.vm.name"),
                Runtime.version(), System.getProperty("java.vm.vendor"), rt.availableProcessors(),
                rt.maxMemory() >> 20, gcs);
        System.out.println("JVM flags: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    }

    private static void printReport(String scenario, KafkaOptions o, Pass m) {
        int cores = Runtime.getRuntime().availableProcessors();
        double wall = m.elapsedNanos();
        System.out.printf("elapsed: %.3f s for %,d events: %,.0f events/s (orders counted / wall time)%n",
                wall / 1e9, m.events(), m.eventsPerSecond());
        System.out.printf("GC of this JVM during the pass: %d collections, %d ms%n", m.gcCount(), m.gcMillis());
        System.out.printf("CPU during the pass (%d cores = %.1f core-s available): this JVM %.2f s (%.0f%% of the"
                + " machine)%s; broker JVM %s; other processes %s%n", cores, cores * wall / 1e9, m.appCpuNanos() / 1e9,
                100 * m.appCpuNanos() / wall / cores, o.childProcess() ? "" : " (app and broker)",
                m.brokerCpuNanos() < 0 ? "in this JVM" : String.format("%.2f s (%.0f%%)", m.brokerCpuNanos() / 1e9,
                        100 * m.brokerCpuNanos() / wall / cores),
                m.othersCpuNanos() < 0 ? "unknown" : String.format("%.2f s (%.0f%%)%s", m.othersCpuNanos() / 1e9,
                        100 * m.othersCpuNanos() / wall / cores, m.othersCpuNanos() > wall / 10
                                ? ": WARNING, the machine was shared; this figure is low" : ""));
        long total = m.appCpuNanos() + Math.max(0, m.brokerCpuNanos());
        System.out.printf("CPU per order: this JVM %.2f us%s, total %.2f us%n", m.appCpuNanos() / 1e3 / m.events(),
                m.brokerCpuNanos() < 0 ? "" : String.format(", broker %.2f us", m.brokerCpuNanos() / 1e3 / m.events()),
                total / 1e3 / m.events());
        if (m.contextSwitches() >= 0) {
            System.out.printf("context switches of this JVM's threads during the pass: %,d (%,.0f per second)%n",
                    m.contextSwitches(), m.contextSwitches() * 1e9 / wall);
        }
        if (m.allocatedBytes() >= 0) {
            System.out.printf("allocated by this JVM during the pass: %,d MB, %,d bytes per event%n",
                    m.allocatedBytes() >> 20, m.allocatedBytes() / m.events());
        }
        if (!m.extra().isEmpty()) {
            System.out.println(m.extra());
        }
        System.out.println("RESULT " + scenario + " events_per_s=" + Math.round(m.eventsPerSecond()));
    }

    static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
