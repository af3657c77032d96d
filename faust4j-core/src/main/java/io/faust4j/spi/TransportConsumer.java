package io.faust4j.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads records for one worker, either as a member of a consumer group ({@link #subscribe}) or from
 * partitions it picks itself ({@link #assign}). Like Kafka's consumer it is used by one thread only,
 * except {@link #wakeup()}, which any thread may call.
 */
public interface TransportConsumer extends AutoCloseable {
    /** Joins the group for these topics; partitions arrive through {@code listener} during {@link #poll}. */
    void subscribe(Collection<String> topics, RebalanceListener listener);

    /** Reads exactly these partitions, outside any group (used to replay changelogs). */
    void assign(Collection<TopicPartition> partitions);

    /** Sets the next offset {@link #poll} returns for a partition. */
    void seek(TopicPartition partition, long offset);

    /**
     * Waits up to {@code timeout} for records; returns them grouped by partition, each list in offset
     * order. Returns early (possibly empty) after {@link #wakeup()}.
     */
    List<ConsumedBatch> poll(Duration timeout);

    /** Stops returning records of these partitions until resumed. */
    void pause(Collection<TopicPartition> partitions);

    /** Returns records of these partitions again. */
    void resume(Collection<TopicPartition> partitions);

    /**
     * Commits, synchronously, the next offset to read for each partition, and returns what was really
     * committed: a transport may leave out partitions it could not commit (the group is rebalancing, or
     * they were lost to another member), and the engine only counts as committed what is returned.
     */
    Map<TopicPartition, Long> commit(Map<TopicPartition, Long> offsets);

    /**
     * The consumer's group membership as the transport's producer needs it to commit offsets inside a
     * transaction (Kafka's {@code ConsumerGroupMetadata}); only group consumers of transports that support
     * transactions have one.
     */
    default Object groupMetadata() {
        throw new UnsupportedOperationException("This consumer does not take part in transactions");
    }

    /** The group's committed offset for a partition, if any. */
    OptionalLong committed(TopicPartition partition);

    /** The offset of the next record {@link #poll} returns for an assigned partition. */
    long position(TopicPartition partition);

    /** The offset of the next record to be appended to a partition (its end). */
    long endOffset(TopicPartition partition);

    /** The offset of the oldest record still held in a partition. */
    long beginningOffset(TopicPartition partition);

    /** Makes a blocked or the next {@link #poll} return at once; safe from any thread. */
    void wakeup();

    /**
     * Asks the group for a rebalance (the assignor's leader does, to hand over partitions whose copies have
     * caught up); a transport without group rebalances ignores it.
     */
    default void enforceRebalance() {
    }

    @Override
    void close();
}
