package io.faust4j.test;

import io.faust4j.Codec;
import io.faust4j.Header;
import io.faust4j.internal.Murmur2;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.TopicPartition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test driver's private in-memory broker: appends the driver's own records (remembering where, so
 * they can be told apart from what agents sent) and reads topics back, decoded.
 */
final class DriverBroker {
    private final String name = "test-" + UUID.randomUUID();
    private final MemoryBroker broker = MemoryBroker.named(name);
    private final Set<Position> ownRecords = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> roundRobin = new ConcurrentHashMap<>();

    /** Where the driver itself appended a record. */
    private record Position(String topic, int partition, long offset) {
    }

    String url() {
        return "memory://" + name;
    }

    /** Appends a keyed record in the partition Kafka's default partitioner picks for the key bytes. */
    void appendKeyed(String topic, byte[] key, byte[] value, long timestamp, List<Header> headers) {
        append(topic, Murmur2.partition(key, partitionCount(topic)), key, value, timestamp, headers);
    }

    /** Appends a record without a key, using the topic's partitions round-robin. */
    void appendUnkeyed(String topic, byte[] value, long timestamp, List<Header> headers) {
        int next = roundRobin.computeIfAbsent(topic, t -> new AtomicInteger()).getAndIncrement();
        append(topic, Math.floorMod(next, partitionCount(topic)), null, value, timestamp, headers);
    }

    private void append(String topic, int partition, byte[] key, byte[] value, long timestamp, List<Header> headers) {
        long offset = broker.append(new TopicPartition(topic, partition), key, value, timestamp, headers);
        ownRecords.add(new Position(topic, partition, offset));
    }

    /** The records of a topic not appended by the driver and not tombstones, decoded, by partition then offset. */
    <K, V> List<Sent<K, V>> sent(String topic, Codec<K> keyCodec, Codec<V> valueCodec) {
        int partitions = broker.partitionCount(topic);
        if (partitions < 0) {
            throw new IllegalArgumentException("No topic '" + topic + "' on the driver's broker; it has " + topicNames());
        }
        List<Sent<K, V>> out = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            for (ConsumedRecord r : broker.read(new TopicPartition(topic, p), 0)) {
                if (r.value() != null && !ownRecords.contains(new Position(topic, p, r.offset()))) {
                    out.add(decode(r, keyCodec, valueCodec));
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    Set<String> topicNames() {
        return Collections.unmodifiableSet(new TreeSet<>(broker.topicNames()));
    }

    /** The number of records per topic, to describe a stuck worker. */
    Map<String, Long> recordsPerTopic() {
        Map<String, Long> records = new LinkedHashMap<>();
        for (String topic : topicNames()) {
            long total = 0;
            for (int p = 0; p < broker.partitionCount(topic); p++) {
                total += broker.endOffset(new TopicPartition(topic, p));
            }
            records.put(topic, total);
        }
        return records;
    }

    void discard() {
        MemoryBroker.discard(name);
    }

    private int partitionCount(String topic) {
        int partitions = broker.partitionCount(topic);
        if (partitions < 1) {
            throw new IllegalStateException("Topic '" + topic + "' does not exist on the driver's broker");
        }
        return partitions;
    }

    private static <K, V> Sent<K, V> decode(ConsumedRecord r, Codec<K> keyCodec, Codec<V> valueCodec) {
        try {
            Optional<K> key = r.key() == null ? Optional.empty() : Optional.of(keyCodec.decode(r.key()));
            return Sent.of(r.topic(), r.partition(), r.offset(), r.timestamp(), key, valueCodec.decode(r.value()),
                    r.headers() == null ? List.of() : r.headers());
        } catch (RuntimeException e) {
            throw new AssertionError("The record at " + r.topic() + "-" + r.partition() + "@" + r.offset()
                    + " cannot be decoded as " + keyCodec.type().getSimpleName() + " key and "
                    + valueCodec.type().getSimpleName() + " value: " + e.getMessage(), e);
        }
    }
}
