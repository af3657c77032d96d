package io.faust4j.spi;

import java.util.List;

/**
 * Records of one partition returned by one poll, in offset order.
 *
 * @param partition the topic partition they came from
 * @param records the records, never empty
 */
public record ConsumedBatch(TopicPartition partition, List<ConsumedRecord> records) {
}
