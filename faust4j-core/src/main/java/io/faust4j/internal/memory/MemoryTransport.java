package io.faust4j.internal.memory;

import io.faust4j.internal.assign.AssignorContext;
import io.faust4j.spi.GroupMembership;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TopicSpec;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportConsumer;
import io.faust4j.spi.TransportProducer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code memory://} transport: a worker's view of one {@link MemoryBroker}. */
public final class MemoryTransport implements Transport {
    private final MemoryBroker broker;
    private final boolean resetToEarliest;
    private final int maxPollRecords;

    /**
     * @param broker the broker to use
     * @param resetToEarliest where a group member starts on a partition without a committed offset
     * @param maxPollRecords the most records one poll returns
     */
    public MemoryTransport(MemoryBroker broker, boolean resetToEarliest, int maxPollRecords) {
        this.broker = broker;
        this.resetToEarliest = resetToEarliest;
        this.maxPollRecords = maxPollRecords;
    }

    /** The broker behind this transport. */
    public MemoryBroker broker() {
        return broker;
    }

    @Override
    public Map<String, Integer> describeTopics(Collection<String> topics) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String topic : topics) {
            int count = broker.partitionCount(topic);
            if (count > 0) {
                counts.put(topic, count);
            }
        }
        return counts;
    }

    @Override
    public void createTopics(List<TopicSpec> topics) {
        topics.forEach(broker::createTopic);
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            ends.put(tp, broker.endOffset(tp));
        }
        return ends;
    }

    @Override
    public void deleteRecordsBefore(Map<TopicPartition, Long> offsets) {
        offsets.forEach(broker::deleteRecordsBefore);
    }

    @Override
    public TransportProducer createProducer(String clientId) {
        return new MemoryProducer(broker, clientId, false);
    }

    /** A transactional producer (exactly-once): its sends become visible when its transaction commits. */
    @Override
    public TransportProducer createTransactionalProducer(String clientId, String transactionalId) {
        return new MemoryProducer(broker, clientId, true);
    }

    @Override
    public TransportConsumer createConsumer(String groupId, String clientId) {
        return new MemoryConsumer(broker, broker.group(groupId), resetToEarliest, maxPollRecords);
    }

    /** A group member; with faust4j's assignor when {@code membership} carries its context (static membership is not modelled). */
    @Override
    public TransportConsumer createConsumer(GroupMembership membership) {
        AssignorContext context = membership.assignor().filter(AssignorContext.class::isInstance)
                .map(AssignorContext.class::cast).orElse(null);
        return new MemoryConsumer(broker, broker.group(membership.groupId()), resetToEarliest, maxPollRecords, context);
    }

    @Override
    public TransportConsumer createReader(String clientId) {
        return new MemoryConsumer(broker, null, true, maxPollRecords);
    }

    @Override
    public void close() {
        // the broker outlives its transports, so a restarted worker finds its data
    }
}
