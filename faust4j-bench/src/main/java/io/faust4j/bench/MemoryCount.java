package io.faust4j.bench;

import io.faust4j.App;
import io.faust4j.Codec;
import io.faust4j.Codecs;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.TopicOptions;
import io.faust4j.Worker;
import io.faust4j.WorkerStats;
import io.faust4j.internal.Murmur2;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TopicSpec;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The {@code memory-count} scenario: how many orders per second an app counts end to end on the
 * {@code memory://} broker. The orders are encoded and appended to the topic before the clock starts;
 * the clock runs from just before {@code app.start()} until the worker is idle (every order forwarded
 * through the repartition topic and counted), and the table is then checked against what was sent.
 *
 * <p>The app is exactly what a user writes: {@code orders.groupBy(Order::accountId)} and an agent doing
 * {@code counts.update(account, n -> n + 1)}. A smaller warm-up pass on its own broker runs first.
 */
final class MemoryCount {
    private static final String TOPIC = "orders";
    private static final long SEED = 42;
    private static final HandOrderCodec HAND = new HandOrderCodec();

    private MemoryCount() {
    }

    /** The outcome of one pass. */
    record Pass(long events, long elapsedNanos, long gcCount, long gcMillis, long jvmCpuNanos, long othersCpuNanos,
                long allocatedBytes, long contextSwitches) {
        double eventsPerSecond() {
            return events * 1e9 / elapsedNanos;
        }

        double eventsPerJvmCpuSecond() {
            return events * 1e9 / jvmCpuNanos;
        }
    }

    static int run(String[] args) throws Exception {
        MemoryCountOptions options;
        try {
            options = MemoryCountOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("memory-count: " + e.getMessage());
            Bench.usage(System.err);
            return 2;
        }
        printSetup(options);
        try {
            if (options.warmupEvents() > 0) {
                System.out.printf("%n== warm-up pass: %,d events on a separate broker (JIT warm-up, not measured)%n",
                        options.warmupEvents());
                Pass warm = pass(options, options.warmupEvents(), "warmup");
                System.out.printf("warm-up: %,.0f events/s (ignored)%n", warm.eventsPerSecond());
            } else {
                System.out.println("\n(no warm-up pass)");
            }
            System.out.printf("%n== measured pass: %,d events%n", options.events());
            Pass measured = pass(options, options.events(), "measured");
            printReport(options, measured);
            return 0;
        } catch (VerificationException e) {
            System.err.println("memory-count: VERIFICATION FAILED: " + e.getMessage());
            return 1;
        }
    }

    /** The measured pass's figures, ending with the one RESULT (or EXPERIMENT) line. */
    private static void printReport(MemoryCountOptions options, Pass measured) {
        System.out.printf("elapsed: %.3f s for %,d events (%,.0f events/s); GC during the pass: %d collections,"
                + " %d ms%n", measured.elapsedNanos() / 1e9, measured.events(), measured.eventsPerSecond(),
                measured.gcCount(), measured.gcMillis());
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("CPU during the pass: this JVM %.2f s (%.0f%% of %d cores), %,.0f events per JVM"
                + " CPU-second; other processes %s%n", measured.jvmCpuNanos() / 1e9,
                100.0 * measured.jvmCpuNanos() / measured.elapsedNanos() / cores, cores,
                measured.eventsPerJvmCpuSecond(), measured.othersCpuNanos() < 0 ? "unknown"
                        : String.format("%.2f s (%.0f%% of %d cores)%s", measured.othersCpuNanos() / 1e9,
                                100.0 * measured.othersCpuNanos() / measured.elapsedNanos() / cores, cores,
                                measured.othersCpuNanos() > measured.elapsedNanos() / 10
                                        ? ": WARNING, the machine was shared; this figure is low" : ""));
        if (measured.contextSwitches() >= 0) {
            System.out.printf("context switches of this JVM's threads during the pass: %,d (%,.0f per second)%n",
                    measured.contextSwitches(), measured.contextSwitches() * 1e9 / measured.elapsedNanos());
        }
        if (measured.allocatedBytes() >= 0) {
            System.out.printf("allocated during the pass: %,d MB, %,d bytes per event%n",
                    measured.allocatedBytes() >> 20, measured.allocatedBytes() / measured.events());
        }
        if (options.standard()) {
            System.out.println("RESULT memory-count events_per_s=" + Math.round(measured.eventsPerSecond()));
        } else {
            System.out.println("EXPERIMENT " + options.variant() + " events_per_s="
                    + Math.round(measured.eventsPerSecond()));
        }
    }

    private static void printSetup(MemoryCountOptions o) {
        Runtime rt = Runtime.getRuntime();
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
        if (o.standard()) {
            System.out.println("memory-count: orders -> groupBy(accountId) -> counts.update(account, n -> n + 1)");
        } else {
            System.out.println(o.variant() + ": AN EXPERIMENT, not the memory-count scenario: "
                    + (o.direct() ? "orders keyed by accountId, consumed directly (no groupBy)" : "orders -> groupBy(accountId)")
                    + " -> counts.update(account, n -> n + 1), values decoded with "
                    + (o.handCodec() ? "the hand-written bench-order-json codec" : "the default json codec")
                    + (o.trace() ? ", through the traced-memory:// transport (poll and batch counts)" : ""));
        }
        System.out.printf("events=%,d partitions=%d accounts=%,d%n", o.events(), o.partitions(), o.accounts());
        System.out.printf("settings: stream_buffer_maxsize=%d consumer_max_poll_records=%d commit_interval=%s"
                + " commit_every=%d store=memory:// broker=memory://%n", o.buffer(), o.maxPoll(),
                o.commitInterval(), o.commitEvery());
        System.out.printf("JVM: %s %s (%s), %d CPUs, heap max %,d MB, GC: %s%n", System.getProperty("java.vm.name"),
                Runtime.version(), System.getProperty("java.vm.vendor"), rt.availableProcessors(),
                rt.maxMemory() >> 20, gcs);
        System.out.println("JVM flags: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    }

    private static Pass pass(MemoryCountOptions o, long events, String label) throws Exception {
        String brokerName = "bench-" + label + "-" + UUID.randomUUID();
        long[] expected = new long[o.accounts()];
        String[] accounts = accountIds(o.accounts());
        try {
            preload(brokerName, o, (int) events, accounts, expected);
            // the pre-loaded log is the broker's data, not the app's: move it out of the young generation
            // so the timed pass does not pay for copying it
            System.gc();
            return runApp(brokerName, o, events, accounts, expected, label.equals("measured"));
        } finally {
            MemoryBroker.discard(brokerName);
        }
    }

    static String[] accountIds(int accounts) {
        String[] ids = new String[accounts];
        for (int i = 0; i < accounts; i++) {
            ids[i] = "acc-" + pad(i, 5);
        }
        return ids;
    }

    /** Encodes {@code events} orders with the default JSON codec and appends them to {@code orders}. */
    private static void preload(String brokerName, MemoryCountOptions o, int events, String[] accounts, long[] expected) {
        long start = System.nanoTime();
        MemoryBroker broker = MemoryBroker.named(brokerName);
        broker.createTopic(new TopicSpec(TOPIC, o.partitions(), 1, false, false, Map.of()));
        TopicPartition[] tps = new TopicPartition[o.partitions()];
        for (int p = 0; p < tps.length; p++) {
            tps[p] = new TopicPartition(TOPIC, p);
        }
        Codec<Order> codec = Codecs.json(Order.class);
        SplittableRandom random = new SplittableRandom(SEED);
        long bytes = 0;
        long timestamp = System.currentTimeMillis();
        for (int i = 0; i < events; i++) {
            int account = random.nextInt(accounts.length);
            expected[account]++;
            Order order = order(i, accounts[account], random);
            byte[] key = (o.direct() ? order.accountId() : order.orderId()).getBytes(StandardCharsets.UTF_8);
            byte[] value = codec.encode(order);
            if (o.handCodec() && i < 10_000 && !HAND.decode(value).equals(order)) {
                throw new VerificationException("the hand-written codec decodes " + new String(value,
                        StandardCharsets.UTF_8) + " as " + HAND.decode(value));
            }
            bytes += value.length;
            broker.append(tps[Murmur2.partition(key, tps.length)], key, value, timestamp, List.of());
            if (i == 0) {
                System.out.println("sample record: key=" + order.orderId() + " value="
                        + new String(value, StandardCharsets.UTF_8) + " (" + value.length + " bytes)");
            }
        }
        System.out.printf("pre-loaded %,d orders into %s (%d partitions) in %.1f s: JSON values %.1f bytes on"
                + " average (%,d MB)%n", events, TOPIC, tps.length, (System.nanoTime() - start) / 1e9,
                (double) bytes / events, bytes >> 20);
    }

    static Order order(int i, String account, SplittableRandom random) {
        return new Order("o-" + pad(i, 9), account, "p-" + pad(random.nextInt(1000), 4), 1 + random.nextInt(9),
                random.nextInt(100, 100_000) / 100.0);
    }

    /** The app under test: exactly what a user writes (plus the experiments' codec and source, when asked). */
    private record CountingApp(App app, Table<String, Long> counts) {
        static CountingApp declare(String brokerName, MemoryCountOptions o) {
            App app = App.create("memory-count", s -> s
                    .broker((o.trace() ? "traced-memory://" : "memory://") + brokerName)
                    .topicPartitions(o.partitions()).streamBufferMaxsize(o.buffer())
                    .consumerMaxPollRecords(o.maxPoll()).commitInterval(o.commitInterval())
                    .commitEvery(o.commitEvery()));
            Topic<String, Order> orders = o.handCodec()
                    ? app.topic(TOPIC, String.class, Order.class, TopicOptions.defaults().valueSerializer("bench-order-json"))
                    : app.topic(TOPIC, Order.class);
            Table<String, Long> counts = app.table("order-count", String.class, Long.class, 0L);
            app.agent("count-orders", o.direct() ? orders : orders.groupBy(Order::accountId), stream -> {
                for (Order order : stream) {
                    counts.update(order.accountId(), n -> n + 1);
                }
            });
            return new CountingApp(app, counts);
        }
    }

    private static Pass runApp(String brokerName, MemoryCountOptions o, long events, String[] accounts, long[] expected,
                               boolean measured) throws Exception {
        TracingTransport.STATS.reset();
        CountingApp subject = CountingApp.declare(brokerName, o);
        if (measured && !o.quietWait().isZero() && !CpuMeter.awaitQuiet(o.quietWait().toMillis(), 0.15)) {
            System.out.println("  the machine did not get quiet within " + o.quietWait() + "; measuring anyway");
        }
        long gcCountBefore = gcCount();
        long gcMillisBefore = gcMillis();
        Instant wallStart = Instant.now();
        TimedPassEvent window = new TimedPassEvent();
        window.begin();
        CpuMeter cpuBefore = CpuMeter.now();
        long start = System.nanoTime();
        Worker worker = subject.app().start();
        try {
            awaitCounted(worker, o, events, start);
            long elapsed = System.nanoTime() - start;
            CpuMeter cpuAfter = CpuMeter.now();
            if (measured) {
                window.scenario = "memory-count";
                window.events = events;
                window.commit();
            }
            Pass pass = new Pass(events, elapsed, gcCount() - gcCountBefore, gcMillis() - gcMillisBefore,
                    cpuAfter.processNanosSince(cpuBefore), cpuAfter.othersNanosSince(cpuBefore),
                    cpuBefore.allocatedBytes() < 0 ? -1 : cpuAfter.allocatedBytes() - cpuBefore.allocatedBytes(),
                    cpuBefore.contextSwitches() < 0 ? -1 : cpuAfter.contextSwitches() - cpuBefore.contextSwitches());
            if (o.trace()) {
                System.out.print(TracingTransport.STATS.describe());
            }
            System.out.printf("done in %.3f s: %,.0f events/s (timed window %s .. %s, for profiles)%n", elapsed / 1e9,
                    pass.eventsPerSecond(), wallStart, Instant.now());
            worker.commit(); // every table change checkpointed: the table no longer moves while it is read
            verify(worker, subject.counts(), events, accounts, expected);
            return pass;
        } finally {
            worker.stop();
        }
    }

    /** Waits until every order is counted (the worker is idle), printing progress every second. */
    private static void awaitCounted(Worker worker, MemoryCountOptions o, long events, long start) {
        long deadline = start + o.timeout().toNanos();
        while (!worker.awaitIdle(Duration.ofSeconds(1))) {
            long now = System.nanoTime();
            WorkerStats stats = worker.stats();
            // with groupBy, eventsProcessed counts the forwarder and the counting agent: 2 per order
            System.out.printf(Locale.ROOT, "  t=%5.1fs  events handed to agents: %,d of %,d%s%n",
                    (now - start) / 1e9, stats.eventsProcessed(), (o.direct() ? 1 : 2) * events,
                    o.direct() ? "" : " (forwarder + counter)");
            if (now > deadline) {
                throw new VerificationException("not idle after " + o.timeout() + ": " + stats);
            }
        }
    }

    private static void verify(Worker worker, Table<String, Long> counts, long events, String[] accounts,
                               long[] expected) {
        WorkerStats stats = worker.stats();
        Map<String, Long> actual = new HashMap<>();
        long[] sum = {0};
        counts.forEach((account, n) -> {
            actual.put(account, n);
            sum[0] += n;
        });
        System.out.printf("verify: table sum %,d (expected %,d), %,d accounts; %s%n", sum[0], events, actual.size(),
                stats);
        if (sum[0] != events) {
            throw new VerificationException("the table sums to " + sum[0] + ", expected " + events);
        }
        if (stats.decodeErrors() != 0 || stats.agentErrors() != 0) {
            throw new VerificationException("decode errors " + stats.decodeErrors() + ", agent errors "
                    + stats.agentErrors());
        }
        for (int i = 0; i < accounts.length; i++) {
            long got = actual.getOrDefault(accounts[i], 0L);
            if (got != expected[i]) {
                throw new VerificationException("account " + accounts[i] + " counted " + got + ", expected "
                        + expected[i]);
            }
        }
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    static String pad(int n, int width) {
        String digits = Integer.toString(n);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    /** The table does not hold what was sent, or the run did not finish. */
    static final class VerificationException extends RuntimeException {
        VerificationException(String message) {
            super(message);
        }
    }
}
