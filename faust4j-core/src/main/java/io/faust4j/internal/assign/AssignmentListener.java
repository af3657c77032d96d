package io.faust4j.internal.assign;

import java.util.Set;

/** Told by the assignor what its worker got in a completed rebalance round. */
@FunctionalInterface
public interface AssignmentListener {
    /**
     * The round's outcome for this worker: the tasks it runs, and its standbys, warm-ups, the leader,
     * whether a follow-up rebalance is due and every member's routes. Called on the consumer's polling
     * thread, before the consumer's rebalance callbacks of the same round.
     */
    void assigned(Set<TaskId> activeTasks, AssignmentInfo info);
}
