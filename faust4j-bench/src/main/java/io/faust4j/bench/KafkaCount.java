package io.faust4j.bench;

import io.faust4j.App;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.WorkerStats;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code kafka-count} scenario: {@code memory-count}'s app on a real (embedded) Kafka broker. The
 * orders are produced into {@code orders} before the clock starts; the clock runs from just before
 * {@code app.start()} until every order is counted: the worker's events reach twice the order count
 * (forwarder + counter; read from {@code worker.stats()}, which costs nothing) and then
 * {@code worker.awaitIdle} confirms it (producer flushed, every partition finished to its end offset).
 * After the clock: {@code worker.commit()}, the table must match what was sent, and the changelog topic
 * read back must sum to the order count.
 */
final class KafkaCount {
    private KafkaCount() {
    }

    static int run(String[] args) throws Exception {
        String description = "orders -> groupBy(accountId) -> counts.update(account, n -> n + 1), a faust4j app on"
                + " the kafka:// transport";
        if (java.util.Arrays.asList(args).contains("rocksdb://")) {
            // the table on disk, then on memory:// on the same broker: the ratio of the two
            return KafkaBench.main("kafka-count-rocksdb", description + ", store=rocksdb://", args, KafkaCount::pass,
                    new KafkaBench.Baseline("kafka-count-memory", (env, topic, runId, events, accounts, expected,
                            measured) -> pass(env, topic, runId, events, accounts, expected, measured, "at_least_once",
                            "memory://")));
        }
        return KafkaBench.main("kafka-count", description, args, KafkaCount::pass);
    }

    /**
     * The {@code kafka-count-eos} scenario: the same app under {@code processing_guarantee=exactly_once}
     * (one transaction per commit interval), then {@code kafka-count} on the same broker, and the ratio.
     */
    static int runExactlyOnce(String[] args) throws Exception {
        return KafkaBench.main("kafka-count-eos", "kafka-count's app with processing_guarantee=exactly_once"
                + " (changelog, repartition records and offsets in one transaction per commit)", args,
                (env, topic, runId, events, accounts, expected, measured) -> pass(env, topic, runId, events, accounts,
                        expected, measured, "exactly_once"),
                new KafkaBench.Baseline("kafka-count", KafkaCount::pass));
    }

    private static KafkaBench.Pass pass(KafkaBench.Env env, String topic, String runId, long events, String[] accounts,
                                        long[] expected, boolean measured) throws Exception {
        return pass(env, topic, runId, events, accounts, expected, measured, "at_least_once");
    }

    private static KafkaBench.Pass pass(KafkaBench.Env env, String topic, String runId, long events, String[] accounts,
                                        long[] expected, boolean measured, String guarantee) throws Exception {
        return pass(env, topic, runId, events, accounts, expected, measured, guarantee, env.options().store());
    }

    private static KafkaBench.Pass pass(KafkaBench.Env env, String topic, String runId, long events, String[] accounts,
                                        long[] expected, boolean measured, String guarantee, String store)
            throws Exception {
        KafkaOptions o = env.options();
        String appId = "kafka-count-" + runId;  // the group id: a fresh one per pass reads from the start
        Map<String, String> settings = new java.util.LinkedHashMap<>(o.settings());
        settings.putIfAbsent("processing_guarantee", guarantee);
        settings.put("store", store);
        java.nio.file.Path datadir = java.nio.file.Files.createTempDirectory("faust4j-kafka-count");
        settings.put("datadir", datadir.toString());
        try {
            return pass(env, topic, appId, settings, events, accounts, expected, measured, guarantee);
        } finally {
            StateBench.deleteRecursively(datadir);
        }
    }

    private static KafkaBench.Pass pass(KafkaBench.Env env, String topic, String appId, Map<String, String> settings,
                                        long events, String[] accounts, long[] expected, boolean measured,
                                        String guarantee) throws Exception {
        KafkaOptions o = env.options();
        App app = App.create(appId, s -> {
            s.broker(env.kafka().brokerUrl());
            settings.forEach(s::set);
        });
        Topic<String, Order> orders = app.topic(topic, Order.class);
        Table<String, Long> counts = app.table("order-count", String.class, Long.class, 0L);
        app.agent("count-orders", orders.groupBy(Order::accountId), stream -> {
            for (Order order : stream) {
                counts.update(order.accountId(), n -> n + 1);
            }
        });
        System.out.println("app " + appId + ": " + settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .reduce((a, b) -> a + " " + b).orElse("") + " broker=" + env.kafka().brokerUrl());

        KafkaBench.Window window = new KafkaBench.Window(env);
        Worker worker = app.start();
        try {
            long end = awaitCounted(worker, o, events, window.startNanos);
            WorkerStats stats = worker.stats();
            KafkaBench.Pass pass = window.end(events, end, measured, "kafka-count (" + guarantee + ", "
                            + settings.get("store") + ")",
                    String.format("worker at the end of the pass: %s", stats));
            worker.commit();
            Map<String, Long> actual = new HashMap<>();
            counts.forEach(actual::put);
            KafkaBench.verifyCounts(actual, events, accounts, expected, "table");
            WorkerStats after = worker.stats();
            if (after.decodeErrors() != 0 || after.agentErrors() != 0) {
                throw new MemoryCount.VerificationException("decode errors " + after.decodeErrors() + ", agent errors "
                        + after.agentErrors());
            }
            KafkaBench.verifyChangelog(env, appId + "-order-count-changelog", o.partitions(), events);
            return pass;
        } finally {
            worker.stop();
        }
    }

    /**
     * Waits until every order is counted and returns {@link System#nanoTime()} then. Unless
     * {@code --idle-only}, it first watches {@code worker.stats()} until the agents were handed 2 N events,
     * and only then asks {@code awaitIdle}: on Kafka each idle check flushes the producer and asks the
     * broker for end offsets, every 1-2 ms while it waits, which would tax the run it measures.
     */
    private static long awaitCounted(Worker worker, KafkaOptions o, long events, long start) throws InterruptedException {
        long deadline = start + o.timeout().toNanos();
        long nextPrint = start + 1_000_000_000L;
        if (!o.idleOnly()) {
            while (worker.stats().eventsProcessed() < 2 * events) {
                Thread.sleep(2);
                long now = System.nanoTime();
                if (now >= nextPrint) {
                    progress(worker, events, now - start);
                    nextPrint += 1_000_000_000L;
                }
                if (now > deadline) {
                    throw new MemoryCount.VerificationException("not done after " + o.timeout() + ": " + worker.stats());
                }
            }
        }
        while (!worker.awaitIdle(Duration.ofSeconds(1))) {
            long now = System.nanoTime();
            progress(worker, events, now - start);
            if (now > deadline) {
                throw new MemoryCount.VerificationException("not idle after " + o.timeout() + ": " + worker.stats());
            }
        }
        return System.nanoTime();
    }

    private static void progress(Worker worker, long events, long elapsed) {
        System.out.printf(Locale.ROOT, "  t=%5.1fs  events handed to agents: %,d of %,d (forwarder + counter)%n",
                elapsed / 1e9, worker.stats().eventsProcessed(), 2 * events);
    }
}
