package io.faust4j.spi;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A message broker as the engine sees it: topic administration plus factories for the worker's one
 * producer and its consumers. {@code memory://} (in core) and {@code kafka://} implement it.
 */
public interface Transport extends AutoCloseable {
    /** The partition count of each named topic that exists; missing topics are absent from the map. */
    Map<String, Integer> describeTopics(Collection<String> topics);

    /** Creates the given topics, which must not exist yet. */
    void createTopics(List<TopicSpec> topics);

    /**
     * The end offset (the offset the next record gets) of each partition; safe from any thread, used
     * to tell when a worker has caught up.
     */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions);

    /**
     * Deletes the records of each partition below the given offset, asynchronously and best-effort. The
     * engine calls it for internal repartition topics once their consumers committed past those records,
     * as Kafka Streams purges its repartition topics; the default keeps everything.
     */
    default void deleteRecordsBefore(Map<TopicPartition, Long> offsets) {
    }

    /**
     * Deletes consumer group {@code groupId} and its committed offsets (the command line's {@code reset
     * --offsets}), so the app's next worker starts from {@code consumer_auto_offset_reset}. Returns false when
     * the group did not exist.
     *
     * @throws io.faust4j.Faust4jException when the group still has members, or this transport keeps no
     *     groups outside a worker's process
     */
    default boolean deleteGroup(String groupId) {
        throw new io.faust4j.Faust4jException("This transport keeps no consumer groups outside a worker's process:"
                + " there are no offsets to delete");
    }

    /** The worker's producer (one per worker). */
    TransportProducer createProducer(String clientId);

    /**
     * The worker's producer for exactly-once processing: its sends belong to transactions, committed
     * together with consumed offsets. Transports without transactions refuse.
     *
     * @param clientId the worker's client id
     * @param transactionalId an id stable across restarts of the same worker slot; a new producer with the
     *     same id fences an older one (a zombie)
     */
    default TransportProducer createTransactionalProducer(String clientId, String transactionalId) {
        throw new io.faust4j.ConfigurationException("Invalid setting 'processing_guarantee' = 'exactly_once': this"
                + " transport has no transactions; use at_least_once or a kafka:// broker");
    }

    /** A consumer that joins consumer group {@code groupId} when it subscribes. */
    TransportConsumer createConsumer(String groupId, String clientId);

    /**
     * A group consumer joining as {@code membership} says: as a static member when it names an instance, and
     * with faust4j's cooperative assignor when it carries an assignment context and the transport runs it
     * (then a rebalance revokes only the partitions that move). By default both are ignored: a transport
     * without static membership or faust4j's assignor joins as {@link #createConsumer(String, String)}.
     */
    default TransportConsumer createConsumer(GroupMembership membership) {
        return createConsumer(membership.groupId(), membership.clientId());
    }

    /** A consumer outside any group, for reading assigned partitions such as changelogs. */
    TransportConsumer createReader(String clientId);

    @Override
    void close();
}
