package io.faust4j.internal.assign;

import java.util.Map;
import java.util.Set;

/**
 * What a worker runs and holds locally when it joins a rebalance.
 *
 * @param activeTasks the tasks it runs
 * @param standbyTasks the tasks it keeps standby copies (and warm-ups) of
 * @param positions for each task it has local state of (active, standby, or left on disk from before),
 *        the sum over the task's changelog partitions of the next offset to read
 */
public record LocalTasks(Set<TaskId> activeTasks, Set<TaskId> standbyTasks, Map<TaskId, Long> positions) {
    /** Nothing: a worker that has just started on an empty data directory. */
    public static final LocalTasks NONE = new LocalTasks(Set.of(), Set.of(), Map.of());

    /** Copies the collections. */
    public LocalTasks {
        activeTasks = Set.copyOf(activeTasks);
        standbyTasks = Set.copyOf(standbyTasks);
        positions = Map.copyOf(positions);
    }
}
