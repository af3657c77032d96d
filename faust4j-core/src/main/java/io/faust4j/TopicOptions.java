package io.faust4j;

import java.time.Duration;
import java.util.Optional;

/**
 * How a topic is declared: partitions, replicas, codecs, compaction and retention. Unset values fall
 * back to the app's settings ({@code topic_partitions}, {@code key_serializer}, ...).
 *
 * @param partitions the partition count, or 0 for the {@code topic_partitions} setting
 * @param replicas the replication factor, or 0 for the {@code topic_replication_factor} setting
 * @param keySerializer the key codec name, or empty for the {@code key_serializer} setting
 * @param valueSerializer the value codec name, or empty for the {@code value_serializer} setting
 * @param compacted whether the broker compacts the topic
 * @param retention how long the broker keeps records, or {@link Duration#ZERO} for the broker default
 */
public record TopicOptions(int partitions, int replicas, String keySerializer, String valueSerializer,
                           boolean compacted, Duration retention) {
    public TopicOptions {
        if (partitions < 0) {
            throw new ConfigurationException("Invalid partitions " + partitions + ": expected 0 (the topic_partitions setting) or more");
        }
        if (replicas < 0) {
            throw new ConfigurationException("Invalid replicas " + replicas + ": expected 0 (the topic_replication_factor setting) or more");
        }
        if (retention.isNegative()) {
            throw new ConfigurationException("Invalid retention " + retention + ": expected a positive duration, or ZERO for the broker default");
        }
    }

    /** Options that take every value from the app's settings. */
    public static TopicOptions defaults() {
        return new TopicOptions(0, 0, "", "", false, Duration.ZERO);
    }

    /** A copy with a fixed partition count. */
    public TopicOptions partitions(int count) {
        return new TopicOptions(count, replicas, keySerializer, valueSerializer, compacted, retention);
    }

    /** A copy with a fixed replication factor. */
    public TopicOptions replicas(int count) {
        return new TopicOptions(partitions, count, keySerializer, valueSerializer, compacted, retention);
    }

    /** A copy with a key codec name (e.g. {@code raw}, {@code json}). */
    public TopicOptions keySerializer(String codec) {
        return new TopicOptions(partitions, replicas, codec, valueSerializer, compacted, retention);
    }

    /** A copy with a value codec name (e.g. {@code json}, {@code raw}, {@code binary}). */
    public TopicOptions valueSerializer(String codec) {
        return new TopicOptions(partitions, replicas, keySerializer, codec, compacted, retention);
    }

    /** A copy that asks the broker to compact the topic. */
    public TopicOptions compacted(boolean compact) {
        return new TopicOptions(partitions, replicas, keySerializer, valueSerializer, compact, retention);
    }

    /** A copy with a retention time. */
    public TopicOptions retention(Duration time) {
        return new TopicOptions(partitions, replicas, keySerializer, valueSerializer, compacted, time);
    }

    /** The partition count if fixed here. */
    public Optional<Integer> fixedPartitions() {
        return partitions == 0 ? Optional.empty() : Optional.of(partitions);
    }
}
