package io.faust4j.internal;

import io.faust4j.internal.assign.AssignorConfig;
import io.faust4j.internal.assign.AssignorContext;
import io.faust4j.internal.assign.LocalTasks;
import io.faust4j.internal.assign.TaskId;
import io.faust4j.internal.assign.TaskTopology;
import io.faust4j.spi.TopicPartition;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a worker's group consumer hands faust4j's assignor so that rebalances are cooperative: only the
 * partitions that move are revoked, the others keep running. Partition {@code p} of every consumed topic
 * with the same partition count is one task (so a source, its repartition topics and the table shards of
 * {@code p} move together, as with the range assignor before); assignment is balanced and sticky.
 *
 * <p>Standby replicas and warm-ups are not run by the engine yet: the context asks for no standbys and
 * treats every worker as caught up, so a task moves to its balanced owner at once (which then recovers
 * its table shards, as after any rebalance).
 */
final class CooperativeAssignment {
    private CooperativeAssignment() {
    }

    /**
     * The context for a worker named {@code workerId} consuming {@code topicPartitionCounts}, whose owned
     * partitions {@code owned} reports (called on the consumer's polling thread at each join).
     */
    static AssignorContext context(String workerId, Map<String, Integer> topicPartitionCounts,
                                   Supplier<Collection<TopicPartition>> owned) {
        Map<String, String> groups = new LinkedHashMap<>();
        topicPartitionCounts.forEach((topic, count) -> groups.put(topic, groupName(count)));
        TaskTopology topology = new TaskTopology(groups);
        AssignorConfig config = new AssignorConfig(0, Long.MAX_VALUE, 1);
        return new AssignorContext(workerId, "", topology, config,
                () -> new LocalTasks(tasks(owned.get(), topology), Set.of(), Map.of()),
                tasks -> Map.of(), (active, info) -> { });
    }

    /** The group of all topics with {@code partitions} partitions: they are co-partitioned. */
    static String groupName(int partitions) {
        return "partitions-" + partitions;
    }

    private static Set<TaskId> tasks(Collection<TopicPartition> partitions, TaskTopology topology) {
        Set<TaskId> tasks = new HashSet<>();
        for (TopicPartition tp : partitions) {
            tasks.add(new TaskId(topology.groupOf(tp.topic()), tp.partition()));
        }
        return tasks;
    }
}
