package io.faust4j.internal.assign;

import java.util.Map;
import java.util.Set;

/** Asked by the group leader's assignor how far the changelogs of the stateful tasks reach. */
@FunctionalInterface
public interface ChangelogEnds {
    /**
     * For each stateful task among {@code tasks}, the sum of the end offsets of its changelog partitions;
     * stateless tasks are left out. Called on the consumer's polling thread (a platform thread), during a
     * rebalance: it may ask the broker, and should answer within the rebalance timeout.
     */
    Map<TaskId, Long> endOffsets(Set<TaskId> tasks);
}
