package io.faust4j.internal.assign;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Everything the assignor decides from: the members with their subscriptions, the tasks to assign and,
 * for each stateful task, the end of its changelogs.
 *
 * @param members the group's members, at least one, with distinct member ids
 * @param tasks every task of the topology
 * @param endOffsets for each stateful task (one with tables), the sum of the end offsets of its changelog
 *        partitions; a task missing here is stateless: it has no standbys and every member is caught up on it
 */
public record GroupState(List<MemberSubscription> members, SortedSet<TaskId> tasks, SortedMap<TaskId, Long> endOffsets) {
    /**
     * Sorts the members by member id and copies everything.
     *
     * @throws IllegalArgumentException naming the bad value: no members, a member id twice, or an end
     *         offset for a task that is not in {@code tasks}
     */
    public GroupState {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("GroupState has no members; expected at least the leader");
        }
        members = members.stream().sorted().toList();
        Set<String> ids = new HashSet<>();
        for (MemberSubscription member : members) {
            if (!ids.add(member.memberId())) {
                throw new IllegalArgumentException("Member id '" + member.memberId() + "' appears twice");
            }
        }
        tasks = SubscriptionInfo.sorted(tasks);
        endOffsets = SubscriptionInfo.sorted(endOffsets);
        for (TaskId task : endOffsets.keySet()) {
            if (!tasks.contains(task)) {
                throw new IllegalArgumentException("End offset given for task " + task + ", which is not a task");
            }
        }
    }

    /** A group state from plain collections. */
    public static GroupState of(List<MemberSubscription> members, Set<TaskId> tasks, Map<TaskId, Long> endOffsets) {
        return new GroupState(members, SubscriptionInfo.sorted(tasks), SubscriptionInfo.sorted(endOffsets));
    }

    boolean stateful(TaskId task) {
        return endOffsets.containsKey(task);
    }
}
