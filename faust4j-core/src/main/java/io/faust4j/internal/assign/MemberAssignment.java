package io.faust4j.internal.assign;

import java.util.Set;

/**
 * One member's share of an assignment round.
 *
 * @param activeTasks the tasks it runs
 * @param standbyTasks the tasks it keeps standby copies of, warm-ups included
 * @param warmupTasks the standby tasks that are warm-ups: it is to take them over once caught up
 */
public record MemberAssignment(Set<TaskId> activeTasks, Set<TaskId> standbyTasks, Set<TaskId> warmupTasks) {
    /**
     * Copies the sets into sorted, unmodifiable ones.
     *
     * @throws IllegalArgumentException when a task is both active and standby, or a warm-up is not a standby
     */
    public MemberAssignment {
        activeTasks = SubscriptionInfo.sorted(activeTasks);
        standbyTasks = SubscriptionInfo.sorted(standbyTasks);
        warmupTasks = SubscriptionInfo.sorted(warmupTasks);
        for (TaskId task : activeTasks) {
            if (standbyTasks.contains(task)) {
                throw new IllegalArgumentException("Task " + task + " is both active and standby on one member");
            }
        }
        if (!standbyTasks.containsAll(warmupTasks)) {
            throw new IllegalArgumentException("Warm-ups " + warmupTasks + " are not all among the standbys "
                    + standbyTasks);
        }
    }

    /** Nothing to run, nothing to keep. */
    public static final MemberAssignment EMPTY = new MemberAssignment(Set.of(), Set.of(), Set.of());
}
