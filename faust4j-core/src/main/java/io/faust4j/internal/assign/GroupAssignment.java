package io.faust4j.internal.assign;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The outcome of one assignment round.
 *
 * @param members each member's share, by member id; every member of the group has one
 * @param leaderMemberId the member elected to run the app's {@code on_leader} timers
 * @param leader that member's worker id and the epoch it was elected in
 * @param probingRebalance warm-ups were placed: rebalance again once they may have caught up (Kafka
 *        Streams' probing rebalance), so the tasks can be handed over to their balanced owners
 * @param revocations some tasks were only taken away this round, because another member still owned
 *        them (the cooperative protocol): the members that gave them up rejoin at once, and the next
 *        round gives the tasks to their new owners
 */
public record GroupAssignment(SortedMap<String, MemberAssignment> members, String leaderMemberId,
        Leadership leader, boolean probingRebalance, boolean revocations) {

    /** Copies the map into a sorted, unmodifiable one. */
    public GroupAssignment {
        members = SubscriptionInfo.sortedByKey(members);
    }

    /** The member's share; an empty one for a member this round did not know. */
    public MemberAssignment member(String memberId) {
        return members.getOrDefault(memberId, MemberAssignment.EMPTY);
    }

    /** The member that runs {@code task} after this round, if any (none while it is being handed over). */
    public Optional<String> activeOwner(TaskId task) {
        for (Map.Entry<String, MemberAssignment> entry : members.entrySet()) {
            if (entry.getValue().activeTasks().contains(task)) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }

    /** Whether another round must follow soon: tasks wait for a handover or warm-ups to be checked. */
    public boolean followUpNeeded() {
        return probingRebalance || revocations;
    }
}
