package io.faust4j.bench;

import io.faust4j.Codec;
import io.faust4j.Codecs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The {@code kafka-ceiling} scenario: {@code kafka-count}'s work written by hand with kafka-clients, as
 * the ceiling a framework can reach on this machine and broker. Two stages, each one platform thread with
 * its own consumer (and, by default, its own producer):
 * <ol>
 *   <li>the forwarder reads {@code orders}, decodes each value with {@code Codecs.json(Order.class)} (the
 *       codec faust4j uses, so the comparison measures the framework, not the codec), and sends the value
 *       bytes unchanged, keyed by accountId (Kafka's default murmur2 partitioning), to the repartition topic;
 *   <li>the counter reads the repartition topic, decodes each value, and counts per account in one
 *       {@code HashMap} per partition, remembering which keys changed.
 * </ol>
 * Every {@code commit_interval} (1 s) a stage commits: the counter first sends one changelog record per
 * changed key (its latest count; compacted topic, same partition), then each stage flushes its producer,
 * checks that no send failed, and commits the offsets it has processed with {@code commitSync}: at least
 * once, as faust4j. The clock runs from just before the internal topics are created (faust4j creates its
 * own at start too) until the counter has counted every order; the last changelog write and commit come
 * after it, as {@code kafka-count}'s final {@code worker.commit()} does.
 */
final class KafkaCeiling {
    private KafkaCeiling() {
    }

    static int run(String[] args) throws Exception {
        return KafkaBench.main("kafka-ceiling", "the same work by hand with kafka-clients (consume, decode, produce to"
                + " a repartition topic, consume, decode, count, write the changelog): the ceiling", args,
                KafkaCeiling::pass);
    }

    private static KafkaBench.Pass pass(KafkaBench.Env env, String topic, String runId, long events, String[] accounts,
                                        long[] expected, boolean measured) throws Exception {
        KafkaOptions o = env.options();
        String id = "kafka-ceiling-" + runId;
        String repartition = id + "-repartition";
        String changelog = id + "-changelog";
        System.out.printf("ceiling %s: stages forwarder (%s -> %s) and counter (%s -> %s), %s, commit every %d ms%n",
                id, topic, repartition, repartition, changelog,
                o.sharedProducer() ? "one producer shared by both stages" : "one producer per stage",
                o.commitInterval().toMillis());

        KafkaBench.Window window = new KafkaBench.Window(env);
        KafkaBench.createTopics(env.bootstrap(), List.of(new NewTopic(repartition, o.partitions(), (short) 1),
                new NewTopic(changelog, o.partitions(), (short) 1).configs(Map.of("cleanup.policy", "compact"))));
        KafkaProducer<byte[], byte[]> producerA = producer(env, id + "-forwarder");
        KafkaProducer<byte[], byte[]> producerB = o.sharedProducer() ? producerA : producer(env, id + "-counter");
        Forwarder forwarder = new Forwarder(env, id, topic, repartition, producerA);
        Counter counter = new Counter(env, id, repartition, changelog, producerB, o.partitions(), events);
        Thread a = Thread.ofPlatform().name("ceiling-forwarder").start(forwarder);
        Thread b = Thread.ofPlatform().name("ceiling-counter").start(counter);
        try {
            long deadline = window.startNanos + o.timeout().toNanos();
            while (!counter.done.await(1, TimeUnit.SECONDS)) {
                long now = System.nanoTime();
                System.out.printf(Locale.ROOT, "  t=%5.1fs  forwarded %,d, counted %,d of %,d%n",
                        (now - window.startNanos) / 1e9, forwarder.forwarded, counter.counted, events);
                Throwable failed = forwarder.failure.get() != null ? forwarder.failure.get() : counter.failure.get();
                if (failed != null) {
                    throw new IllegalStateException("a stage failed: " + failed, failed);
                }
                if (now > deadline) {
                    throw new MemoryCount.VerificationException("not done after " + o.timeout() + ": counted "
                            + counter.counted);
                }
            }
            KafkaBench.Pass pass = window.end(events, counter.doneNanos, measured, "kafka-ceiling",
                    String.format("stages: forwarder %,d records, %d commits; counter %,d records, %d commits,"
                            + " %,d changelog records", forwarder.forwarded, forwarder.commits, counter.counted,
                            counter.commits, counter.changelogRecords));
            stop(forwarder, a);
            stop(counter, b);
            Throwable failed = forwarder.failure.get() != null ? forwarder.failure.get() : counter.failure.get();
            if (failed != null) {
                throw new IllegalStateException("a stage failed: " + failed, failed);
            }
            Map<String, Long> actual = new HashMap<>();
            for (Map<String, Count> shard : counter.counts) {
                shard.forEach((k, c) -> actual.put(k, c.n));
            }
            KafkaBench.verifyCounts(actual, events, accounts, expected, "counts");
            KafkaBench.verifyChangelog(env, changelog, o.partitions(), events);
            return pass;
        } finally {
            stop(forwarder, a);
            stop(counter, b);
            producerA.close();
            if (producerB != producerA) {
                producerB.close();
            }
        }
    }

    /** Stops a stage: it leaves its loop, writes its last changelog records, flushes and commits. */
    private static void stop(Stage stage, Thread thread) throws InterruptedException {
        stage.running = false;
        if (thread.isAlive()) {
            stage.consumer.wakeup();
            thread.join();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaBench.Env env, String clientId) {
        return new KafkaProducer<>(KafkaBench.producerProps(env, clientId), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** A poll loop on its own thread that commits every commit_interval after flushing its sends. */
    private abstract static class Stage implements Runnable, Callback {
        final KafkaConsumer<byte[], byte[]> consumer;
        final KafkaProducer<byte[], byte[]> producer;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        private final String source;
        private final long commitIntervalNanos;
        volatile boolean running = true;
        volatile int commits;

        Stage(KafkaBench.Env env, String group, String source, KafkaProducer<byte[], byte[]> producer) {
            this.consumer = new KafkaConsumer<>(KafkaBench.consumerProps(env, group, group), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            this.producer = producer;
            this.source = source;
            this.commitIntervalNanos = env.options().commitInterval().toNanos();
        }

        @Override
        public void run() {
            try {
                consumer.subscribe(List.of(source));
                long lastCommit = System.nanoTime();
                while (running) {
                    ConsumerRecords<byte[], byte[]> records;
                    try {
                        records = consumer.poll(Duration.ofMillis(100));
                    } catch (WakeupException e) {
                        continue;
                    }
                    for (TopicPartition tp : records.partitions()) {
                        List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
                        process(tp.partition(), list);
                        offsets.put(tp, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
                    }
                    long now = System.nanoTime();
                    if (now - lastCommit >= commitIntervalNanos) {
                        commit();
                        lastCommit = now;
                    }
                }
                commit();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                consumer.close();
            }
        }

        abstract void process(int partition, List<ConsumerRecord<byte[], byte[]>> records);

        /** Sends what the commit must cover (the counter's changelog), flushes, then commits offsets. */
        void commit() {
            beforeFlush();
            producer.flush();
            Throwable error = failure.get();
            if (error != null) {
                throw new IllegalStateException("a send failed: " + error, error);
            }
            if (!offsets.isEmpty()) {
                consumer.commitSync(offsets);
                offsets.clear();
                commits++;
            }
        }

        void beforeFlush() {
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            }
        }
    }

    /** Stage 1: orders -> decode -> repartition topic keyed by account (value bytes kept). */
    private static final class Forwarder extends Stage {
        private final Codec<Order> codec = Codecs.json(Order.class);
        private final String target;
        volatile long forwarded;

        Forwarder(KafkaBench.Env env, String id, String source, String target, KafkaProducer<byte[], byte[]> producer) {
            super(env, id + "-forwarder", source, producer);
            this.target = target;
        }

        @Override
        void process(int partition, List<ConsumerRecord<byte[], byte[]>> records) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                Order order = codec.decode(r.value());
                byte[] key = order.accountId().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(target, null, r.timestamp(), key, r.value()), this);
            }
            forwarded += records.size();
        }
    }

    /** A count and whether it changed since the last changelog write. */
    private static final class Count {
        final byte[] key;
        long n;
        boolean dirty;

        Count(String key) {
            this.key = key.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Stage 2: repartition topic -> decode -> count per partition; changelog once per changed key per commit. */
    private static final class Counter extends Stage {
        private final Codec<Order> codec = Codecs.json(Order.class);
        private final String changelog;
        private final long events;
        final List<Map<String, Count>> counts = new ArrayList<>();
        private final List<List<Count>> dirty = new ArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        volatile long doneNanos;
        volatile long counted;
        volatile long changelogRecords;

        Counter(KafkaBench.Env env, String id, String source, String changelog, KafkaProducer<byte[], byte[]> producer,
                int partitions, long events) {
            super(env, id + "-counter", source, producer);
            this.changelog = changelog;
            this.events = events;
            for (int p = 0; p < partitions; p++) {
                counts.add(new HashMap<>());
                dirty.add(new ArrayList<>());
            }
        }

        @Override
        void process(int partition, List<ConsumerRecord<byte[], byte[]>> records) {
            Map<String, Count> shard = counts.get(partition);
            List<Count> changed = dirty.get(partition);
            for (ConsumerRecord<byte[], byte[]> r : records) {
                Order order = codec.decode(r.value());
                Count c = shard.get(order.accountId());
                if (c == null) {
                    c = new Count(order.accountId());
                    shard.put(order.accountId(), c);
                }
                c.n++;
                if (!c.dirty) {
                    c.dirty = true;
                    changed.add(c);
                }
            }
            long total = counted + records.size();
            counted = total;
            if (total == events) {
                doneNanos = System.nanoTime();
                done.countDown();
            }
        }

        @Override
        void beforeFlush() {
            long sent = 0;
            for (int p = 0; p < dirty.size(); p++) {
                for (Count c : dirty.get(p)) {
                    producer.send(new ProducerRecord<>(changelog, p, c.key,
                            Long.toString(c.n).getBytes(StandardCharsets.US_ASCII)), this);
                    c.dirty = false;
                }
                sent += dirty.get(p).size();
                dirty.get(p).clear();
            }
            changelogRecords += sent;
        }
    }
}
