package io.faust4j.internal.kafka;

import io.faust4j.internal.assign.TaskId;
import io.faust4j.internal.assign.TaskTopology;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;

/**
 * The tasks of one round and the topic partitions each stands for: partition {@code p} of every subscribed
 * topic of a co-partitioned group. A topic the cluster metadata does not know yet has no partitions; a
 * topic with fewer partitions than the rest of its group simply has none in the higher tasks.
 */
final class TaskPartitions {
    private final TaskTopology topology;
    private final SortedMap<TaskId, List<TopicPartition>> partitions;

    private TaskPartitions(TaskTopology topology, SortedMap<TaskId, List<TopicPartition>> partitions) {
        this.topology = topology;
        this.partitions = partitions;
    }

    static TaskPartitions of(TaskTopology topology, Cluster metadata, GroupSubscription subscriptions) {
        Set<String> topics = new TreeSet<>();
        subscriptions.groupSubscription().values().forEach(s -> topics.addAll(s.topics()));
        SortedMap<TaskId, List<TopicPartition>> partitions = new TreeMap<>();
        for (String topic : topics) {
            Integer count = metadata.partitionCountForTopic(topic);
            for (int p = 0; count != null && p < count; p++) {
                partitions.computeIfAbsent(new TaskId(topology.groupOf(topic), p), t -> new ArrayList<>())
                        .add(new TopicPartition(topic, p));
            }
        }
        return new TaskPartitions(topology, partitions);
    }

    SortedSet<TaskId> all() {
        return new TreeSet<>(partitions.keySet());
    }

    /** The partitions of {@code tasks} in the topics {@code subscribed}, in task order. */
    List<TopicPartition> partitions(Collection<TaskId> tasks, Set<String> subscribed) {
        List<TopicPartition> result = new ArrayList<>();
        for (TaskId task : tasks) {
            for (TopicPartition partition : partitions.getOrDefault(task, List.of())) {
                if (subscribed.contains(partition.topic())) {
                    result.add(partition);
                }
            }
        }
        return result;
    }

    /** The known tasks that {@code owned} partitions belong to. */
    Set<TaskId> tasksOf(Collection<TopicPartition> owned) {
        Set<TaskId> tasks = new TreeSet<>();
        for (TopicPartition partition : owned) {
            TaskId task = new TaskId(topology.groupOf(partition.topic()), partition.partition());
            if (partitions.containsKey(task)) {
                tasks.add(task);
            }
        }
        return tasks;
    }
}
