package io.faust4j;

import java.util.List;

/**
 * A named, partitioned stream of keyed records on the app's broker (or, for a channel, inside this
 * worker), with the codecs that turn its keys and values into bytes.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Topic<K, V> extends Source<K, V>, Sink<V> {
    /** The topic name on the broker. */
    String name();

    /** The key type. */
    Class<K> keyType();

    /** The value type. */
    Class<V> valueType();

    /** The codec of keys. */
    Codec<K> keyCodec();

    /** The codec of values. */
    Codec<V> valueCodec();

    /** The declared options (partitions, replicas, codecs, retention). */
    TopicOptions options();

    /** Whether this is an in-process channel rather than a broker topic. */
    boolean isChannel();

    /**
     * Sends a keyed record: its partition is Kafka's default for the key bytes, so a key always lands
     * in the same partition, on {@code memory://} as on Kafka. Inside an agent the send goes through
     * that agent's worker and is flushed before the offsets of the event that caused it are committed.
     */
    void send(K key, V value);

    /** Sends a keyed record with headers. */
    void send(K key, V value, List<Header> headers);

    /** Sends a record without a key (partitions are used round-robin). */
    void send(V value);

    /** As a sink: sends {@code value} without a key. */
    @Override
    default void accept(V value) {
        send(value);
    }
}
