package io.faust4j.internal.assign;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one member learns from an assignment round beyond its active partitions: its standbys and
 * warm-ups, who leads, whether a follow-up rebalance is due, and every member's routes. Encoded into the
 * assignment's user data by {@link AssignmentCodec}.
 *
 * @param standbyTasks the tasks this member keeps standby copies of, warm-ups included
 * @param warmupTasks the standbys that are warm-ups (this member takes them over once caught up)
 * @param leaderMemberId the member that runs the {@code on_leader} timers
 * @param leader that member's worker id and the epoch it was elected in
 * @param probingRebalance warm-ups were placed: the leader rebalances again after the probing interval
 * @param revocations tasks were only revoked this round; the next round hands them over
 * @param routes every member's worker id, web URL and active tasks, in member id order
 */
public record AssignmentInfo(Set<TaskId> standbyTasks, Set<TaskId> warmupTasks, String leaderMemberId,
        Leadership leader, boolean probingRebalance, boolean revocations, List<Route> routes) {

    /** Copies the collections. */
    public AssignmentInfo {
        standbyTasks = SubscriptionInfo.sorted(standbyTasks);
        warmupTasks = SubscriptionInfo.sorted(warmupTasks);
        routes = List.copyOf(routes);
    }

    /** What {@code memberId} is told of the round {@code assignment} decided for {@code group}. */
    public static AssignmentInfo of(GroupState group, GroupAssignment assignment, String memberId) {
        List<Route> routes = new ArrayList<>();
        for (MemberSubscription member : group.members()) {
            routes.add(new Route(member.memberId(), member.workerId(), member.info().webUrl(),
                    assignment.member(member.memberId()).activeTasks()));
        }
        MemberAssignment share = assignment.member(memberId);
        return new AssignmentInfo(share.standbyTasks(), share.warmupTasks(), assignment.leaderMemberId(),
                assignment.leader(), assignment.probingRebalance(), assignment.revocations(), routes);
    }

    /** The route of the member that runs {@code task}; empty while the task is being handed over. */
    public Optional<Route> ownerOf(TaskId task) {
        return routes.stream().filter(r -> r.activeTasks().contains(task)).findFirst();
    }

    /** Whether {@code workerId} is the leader. */
    public boolean leads(String workerId) {
        return leader.workerId().equals(workerId);
    }
}
