package io.faust4j.spi;

import io.faust4j.Header;
import java.util.List;

/**
 * A record the engine asks a transport's producer to append; the engine always picks the partition.
 *
 * @param topic the topic to append to
 * @param partition the partition, chosen by the engine (Kafka's default partitioner for keyed records)
 * @param key the key bytes, or {@code null} for none
 * @param value the value bytes, or {@code null} for a tombstone
 * @param timestamp the timestamp, milliseconds since the epoch
 * @param headers the headers, in order
 */
public record OutgoingRecord(String topic, int partition, byte[] key, byte[] value, long timestamp,
                             List<Header> headers) {
}
