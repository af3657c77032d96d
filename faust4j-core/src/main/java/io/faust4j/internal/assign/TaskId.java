package io.faust4j.internal.assign;

import java.util.Comparator;

/**
 * A unit of assignment: partition {@code partition} of every topic in the co-partitioned topic group
 * {@code group} (a source, its repartition topics, its tables' changelogs). The partitions of one task
 * always move together, so co-partitioning holds by construction.
 */
public record TaskId(String group, int partition) implements Comparable<TaskId> {
    private static final Comparator<TaskId> ORDER =
            Comparator.comparing(TaskId::group).thenComparingInt(TaskId::partition);

    /**
     * @throws IllegalArgumentException naming the bad value when the group is empty or the partition negative
     */
    public TaskId {
        if (group.isEmpty()) {
            throw new IllegalArgumentException("TaskId group is empty; expected the name of a topic group");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("TaskId partition is " + partition + "; expected 0 or more");
        }
    }

    @Override
    public int compareTo(TaskId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return group + "-" + partition;
    }
}
