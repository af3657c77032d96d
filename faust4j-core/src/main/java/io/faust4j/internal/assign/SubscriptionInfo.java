package io.faust4j.internal.assign;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one worker tells the group when it joins: who it is, where its web server listens, which tasks it
 * runs and keeps standby copies of, and how far its local state of each task has got. Encoded into the
 * subscription's user data by {@link SubscriptionCodec}.
 *
 * @param workerId the worker's stable id (its {@code group.instance.id} comes from it)
 * @param webUrl the worker's advertised web URL, empty when it serves none
 * @param activeTasks the tasks it runs now
 * @param standbyTasks the tasks it keeps standby copies (and warm-ups) of now
 * @param positions for each task it has local state of, the changelog position reached: the sum over
 *        the task's changelog partitions of the next offset to read
 * @param knownLeader the leadership it was told in the last assignment, {@link Leadership#NONE} when none
 */
public record SubscriptionInfo(String workerId, String webUrl, Set<TaskId> activeTasks, Set<TaskId> standbyTasks,
        Map<TaskId, Long> positions, Leadership knownLeader) {

    /**
     * Copies the collections into sorted, unmodifiable ones.
     *
     * @throws IllegalArgumentException naming the bad value: an empty worker id or a negative position
     */
    public SubscriptionInfo {
        if (workerId.isEmpty()) {
            throw new IllegalArgumentException("SubscriptionInfo workerId is empty; expected a stable worker id");
        }
        activeTasks = sorted(activeTasks);
        standbyTasks = sorted(standbyTasks);
        positions.forEach((task, position) -> {
            if (position < 0) {
                throw new IllegalArgumentException("Position of task " + task + " is " + position
                        + "; expected 0 or more");
            }
        });
        positions = Collections.unmodifiableSortedMap(new TreeMap<>(positions));
    }

    /** A worker that has joined for the first time: no tasks, no local state, no leader known. */
    public static SubscriptionInfo fresh(String workerId, String webUrl) {
        return new SubscriptionInfo(workerId, webUrl, Set.of(), Set.of(), Map.of(), Leadership.NONE);
    }

    static SortedSet<TaskId> sorted(Set<TaskId> tasks) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(tasks));
    }

    static <V> SortedMap<TaskId, V> sorted(Map<TaskId, V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    static <V> SortedMap<String, V> sortedByKey(Map<String, V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}
