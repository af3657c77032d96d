package io.faust4j.spi;

import io.faust4j.Header;
import java.util.List;

/**
 * A record as a transport's consumer hands it to the engine: where it sits and its raw bytes.
 *
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset in the partition
 * @param timestamp its timestamp, milliseconds since the epoch
 * @param key the key bytes, or {@code null} when the record has no key
 * @param value the value bytes, or {@code null} for a tombstone
 * @param headers its headers, in order
 */
public record ConsumedRecord(String topic, int partition, long offset, long timestamp,
                             byte[] key, byte[] value, List<Header> headers) {
}
