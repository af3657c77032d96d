package io.faust4j.internal.assign;

import java.util.Set;

/**
 * One member of the group as the assignor sees it: the group's id for this membership, what the worker
 * said about itself, and what the group protocol says it still owns.
 *
 * @param memberId the group coordinator's id of this member (Kafka's member id)
 * @param info what the worker sent in its subscription
 * @param ownedTasks the tasks it still owns under the cooperative protocol (Kafka's owned partitions),
 *        which no other member may be given this round; empty under the eager protocol, where every member
 *        has given up everything before a round
 */
public record MemberSubscription(String memberId, SubscriptionInfo info, Set<TaskId> ownedTasks)
        implements Comparable<MemberSubscription> {
    /**
     * @throws IllegalArgumentException when the member id is empty
     */
    public MemberSubscription {
        if (memberId.isEmpty()) {
            throw new IllegalArgumentException("MemberSubscription memberId is empty");
        }
        ownedTasks = SubscriptionInfo.sorted(ownedTasks);
    }

    /** A member under the cooperative protocol: it owns the tasks it says it runs. */
    public MemberSubscription(String memberId, SubscriptionInfo info) {
        this(memberId, info, info.activeTasks());
    }

    String workerId() {
        return info.workerId();
    }

    /** Whether this is the same member: a group has each member id once, so the id tells. */
    boolean same(MemberSubscription other) {
        return memberId.equals(other.memberId);
    }

    /** Whether it ran the task before this round, by its own word or the protocol's. */
    boolean ran(TaskId task) {
        return info.activeTasks().contains(task) || ownedTasks.contains(task);
    }

    @Override
    public int compareTo(MemberSubscription other) {
        return memberId.compareTo(other.memberId);
    }
}
