package io.faust4j;

import java.util.List;
import java.util.Optional;

/**
 * One record of a stream with its position and metadata: topic, partition, offset, timestamp, headers,
 * and the key and value both decoded and raw.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Event<K, V> {
    /** The topic the record was read from. */
    String topic();

    /** The partition it was read from. */
    int partition();

    /** Its offset in that partition. */
    long offset();

    /** Its timestamp, milliseconds since the epoch. */
    long timestamp();

    /** Its headers, in order. */
    List<Header> headers();

    /** The decoded key, if the record has one. */
    Optional<K> key();

    /** The decoded value. */
    V value();

    /** The key bytes, if the record has a key. */
    Optional<byte[]> rawKey();

    /** The value bytes as read. */
    byte[] rawValue();
}
