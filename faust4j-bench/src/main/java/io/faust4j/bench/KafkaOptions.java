package io.faust4j.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of {@code ./bench kafka-count} and {@code ./bench kafka-ceiling}, with their defaults. The
 * client tuning (producer batching, consumer fetching, commit cadence) is one set of values that both
 * scenarios use: faust4j gets it as its public settings ({@link #settings()}), the ceiling as the same
 * kafka-clients properties.
 */
record KafkaOptions(long events, int partitions, int accounts, long warmupEvents, boolean childProcess,
                    Duration timeout, Duration quietWait, int buffer, int maxPoll, Duration commitInterval,
                    long commitEvery, Duration linger, int batchSize, String compression, String acks,
                    int fetchMinBytes, Duration fetchMaxWait, int maxPartitionFetchBytes, int fetchMaxBytes,
                    String preloadCompression, boolean idleOnly, boolean sharedProducer, String store) {

    static final String BROKER_JVM_OPTIONS = "-Xms4g -Xmx4g -XX:+UseParallelGC";

    /** The faust4j settings (names as in {@code io.faust4j.Settings}) the kafka-count app is given. */
    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("topic_partitions", Integer.toString(partitions));
        s.put("stream_buffer_maxsize", Integer.toString(buffer));
        s.put("consumer_max_poll_records", Integer.toString(maxPoll));
        s.put("commit_interval", commitInterval.toMillis() + "ms");
        s.put("commit_every", Long.toString(commitEvery));
        s.put("producer_linger", linger.toMillis() + "ms");
        s.put("producer_batch_size", Integer.toString(batchSize));
        s.put("producer_compression_type", compression);
        s.put("producer_acks", acks);
        s.put("consumer_fetch_min_bytes", Integer.toString(fetchMinBytes));
        s.put("consumer_fetch_max_wait", fetchMaxWait.toMillis() + "ms");
        s.put("consumer_max_partition_fetch_bytes", Integer.toString(maxPartitionFetchBytes));
        s.put("consumer_fetch_max_bytes", Integer.toString(fetchMaxBytes));
        s.put("store", store);
        return s;
    }

    static KafkaOptions parse(String[] args) {
        long events = 5_000_000;
        int partitions = 8;
        int accounts = 10_000;
        long warmup = 500_000;
        boolean child = true;
        Duration timeout = Duration.ofMinutes(10);
        Duration quietWait = Duration.ofSeconds(120);
        int buffer = 16_384;
        int maxPoll = 4_096;
        Duration commitInterval = Duration.ofSeconds(1);
        long commitEvery = 100_000;
        Duration linger = Duration.ofMillis(5);
        int batchSize = 128 * 1024;
        String compression = "none";
        String acks = "all";
        int fetchMinBytes = 1;
        Duration fetchMaxWait = Duration.ofMillis(500);
        int maxPartitionFetchBytes = 1024 * 1024;
        int fetchMaxBytes = 50 * 1024 * 1024;
        String preloadCompression = "none";
        boolean idleOnly = false;
        boolean shared = false;
        String store = "memory://";
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            switch (name) {
                case "--in-process" -> {
                    child = false;
                    continue;
                }
                case "--idle-only" -> {
                    idleOnly = true;
                    continue;
                }
                case "--shared-producer" -> {
                    shared = true;
                    continue;
                }
                default -> { }
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--events" -> events = MemoryCountOptions.positive(name, value);
                case "--partitions" -> partitions = (int) MemoryCountOptions.positive(name, value);
                case "--accounts" -> accounts = (int) MemoryCountOptions.positive(name, value);
                case "--warmup-events" -> warmup = Long.parseLong(value);
                case "--timeout" -> timeout = Duration.ofSeconds(MemoryCountOptions.positive(name, value));
                case "--quiet-wait" -> quietWait = Duration.ofSeconds(Long.parseLong(value));
                case "--buffer" -> buffer = (int) MemoryCountOptions.positive(name, value);
                case "--max-poll" -> maxPoll = (int) MemoryCountOptions.positive(name, value);
                case "--commit-interval" -> commitInterval = Duration.ofMillis(MemoryCountOptions.positive(name, value));
                case "--commit-every" -> commitEvery = MemoryCountOptions.positive(name, value);
                case "--linger" -> linger = Duration.ofMillis(Long.parseLong(value));
                case "--batch-size" -> batchSize = (int) MemoryCountOptions.positive(name, value);
                case "--compression" -> compression = value;
                case "--acks" -> acks = value;
                case "--fetch-min-bytes" -> fetchMinBytes = (int) MemoryCountOptions.positive(name, value);
                case "--fetch-max-wait" -> fetchMaxWait = Duration.ofMillis(Long.parseLong(value));
                case "--max-partition-fetch-bytes" -> maxPartitionFetchBytes = (int) MemoryCountOptions.positive(name, value);
                case "--fetch-max-bytes" -> fetchMaxBytes = (int) MemoryCountOptions.positive(name, value);
                case "--preload-compression" -> preloadCompression = value;
                case "--store" -> store = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (events > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--events " + events + " is too large: at most " + Integer.MAX_VALUE);
        }
        return new KafkaOptions(events, partitions, accounts, warmup, child, timeout, quietWait, buffer, maxPoll,
                commitInterval, commitEvery, linger, batchSize, compression, acks, fetchMinBytes, fetchMaxWait,
                maxPartitionFetchBytes, fetchMaxBytes, preloadCompression, idleOnly, shared, store);
    }
}
