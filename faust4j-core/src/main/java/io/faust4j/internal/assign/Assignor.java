package io.faust4j.internal.assign;

import java.util.SortedMap;

/**
 * The partition assignor's decision, free of any Kafka type: which member runs each task, which keep
 * standby copies and warm-ups, whether a follow-up rebalance is due, and who leads. Deterministic: the same
 * group state always gives the same assignment.
 *
 * <p>The steps, in the spirit of Kafka Streams' {@code HighAvailabilityTaskAssignor} (KIP-441):
 * {@link BalancedTargets} (a balanced, sticky owner for every task), {@link ActivePlacement} (a task only
 * moves to a caught-up member; a target that is not gets a warm-up), {@link StandbyPlacement} (standbys on
 * other workers), {@link CooperativeAdjustment} (a moving task is revoked before it is handed over) and
 * {@link LeaderElection}.
 */
public final class Assignor {
    private Assignor() {
    }

    /** Assigns every task of the group to its members. */
    public static GroupAssignment assign(GroupState group, AssignorConfig config) {
        Plan plan = new Plan(group, config.acceptableRecoveryLag());
        SortedMap<TaskId, MemberSubscription> targets = BalancedTargets.compute(plan);
        ActivePlacement.place(plan, targets, config.maxWarmupReplicas());
        StandbyPlacement.place(plan, config.standbyReplicas());
        CooperativeAdjustment.apply(plan);
        LeaderElection.Elected leader = LeaderElection.elect(group.members());
        return new GroupAssignment(SubscriptionInfo.sortedByKey(plan.shares()), leader.member().memberId(),
                leader.leadership(), !plan.warmups.isEmpty(), plan.revocations);
    }
}
