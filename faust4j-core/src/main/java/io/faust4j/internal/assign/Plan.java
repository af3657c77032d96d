package io.faust4j.internal.assign;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The working state of one assignment round: who owned what before, and who runs, warms up and keeps a
 * standby copy of each task after. Filled in step by step by {@link BalancedTargets},
 * {@link ActivePlacement}, {@link StandbyPlacement} and {@link CooperativeAdjustment}.
 */
final class Plan {
    final GroupState group;
    final Lags lags;
    /** The member that ran each task before this round (the first by member id, should two claim it). */
    final SortedMap<TaskId, MemberSubscription> owners = new TreeMap<>();
    final SortedMap<TaskId, MemberSubscription> active = new TreeMap<>();
    final SortedMap<TaskId, MemberSubscription> warmups = new TreeMap<>();
    final SortedMap<TaskId, SortedSet<MemberSubscription>> standbys = new TreeMap<>();
    boolean revocations;

    Plan(GroupState group, long acceptableRecoveryLag) {
        this.group = group;
        this.lags = new Lags(group, acceptableRecoveryLag);
        for (MemberSubscription member : group.members()) {
            for (TaskId task : group.tasks()) {
                if (member.ran(task)) {
                    owners.putIfAbsent(task, member);
                }
            }
        }
    }

    int activeCount(MemberSubscription member) {
        return (int) active.values().stream().filter(member::same).count();
    }

    SortedSet<MemberSubscription> standbysOf(TaskId task) {
        return standbys.computeIfAbsent(task, t -> new TreeSet<>());
    }

    /** Each member's share, in member id order. */
    Map<String, MemberAssignment> shares() {
        Map<String, MemberAssignment> shares = new LinkedHashMap<>();
        for (MemberSubscription member : group.members()) {
            SortedSet<TaskId> activeTasks = new TreeSet<>();
            SortedSet<TaskId> standbyTasks = new TreeSet<>();
            SortedSet<TaskId> warmupTasks = new TreeSet<>();
            active.forEach((task, owner) -> add(activeTasks, task, owner, member));
            warmups.forEach((task, target) -> add(warmupTasks, task, target, member));
            standbys.forEach((task, holders) -> {
                if (holders.contains(member)) {
                    standbyTasks.add(task);
                }
            });
            shares.put(member.memberId(), new MemberAssignment(activeTasks, standbyTasks, warmupTasks));
        }
        return shares;
    }

    private static void add(SortedSet<TaskId> tasks, TaskId task, MemberSubscription holder, MemberSubscription member) {
        if (holder.same(member)) {
            tasks.add(task);
        }
    }
}
