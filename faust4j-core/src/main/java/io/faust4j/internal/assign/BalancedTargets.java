package io.faust4j.internal.assign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Step one: where each task should run once every move is done, ignoring for now how long a move would
 * take. Active counts differ by at most one; the members that ran most keep the larger quotas, each member
 * keeps as many of its tasks as its quota allows (so only the excess moves, the fewest moves balance
 * allows), and the tasks set free go to members with room, the most caught up first.
 */
final class BalancedTargets {
    private final Plan plan;
    private final Map<String, Integer> quotas = new HashMap<>();
    private final Map<String, List<TaskId>> targets = new HashMap<>();

    private BalancedTargets(Plan plan) {
        this.plan = plan;
    }

    /** The balanced owner of every task. */
    static SortedMap<TaskId, MemberSubscription> compute(Plan plan) {
        return new BalancedTargets(plan).run();
    }

    private SortedMap<TaskId, MemberSubscription> run() {
        List<MemberSubscription> members = plan.group.members();
        Map<String, List<TaskId>> owned = new HashMap<>();
        members.forEach(m -> owned.put(m.memberId(), new ArrayList<>()));
        plan.owners.forEach((task, owner) -> owned.get(owner.memberId()).add(task));
        assignQuotas(members, owned);
        List<TaskId> free = new ArrayList<>(plan.group.tasks());
        free.removeAll(plan.owners.keySet());
        for (MemberSubscription member : members) {
            free.addAll(keepUpToQuota(member, owned.get(member.memberId())));
        }
        Map<TaskId, Long> caughtUp = new HashMap<>();
        free.forEach(task -> caughtUp.put(task, caughtUpMembers(task)));
        free.sort(Comparator.comparingLong((TaskId t) -> caughtUp.get(t)).thenComparing(Comparator.naturalOrder()));
        free.forEach(task -> targets.get(bestWithRoom(task).memberId()).add(task));
        SortedMap<TaskId, MemberSubscription> result = new TreeMap<>();
        for (MemberSubscription member : members) {
            targets.get(member.memberId()).forEach(task -> result.put(task, member));
        }
        return result;
    }

    /**
     * Keeps the member's tasks up to its quota and returns the rest. It lets go first of the tasks another
     * member is closest to taking over (a warm-up's), so successive probing rounds release the same tasks.
     */
    private List<TaskId> keepUpToQuota(MemberSubscription member, List<TaskId> mine) {
        Map<TaskId, Long> alternative = new HashMap<>();
        mine.forEach(task -> alternative.put(task, bestAlternativeLag(task, member)));
        mine.sort(Comparator.comparingLong((TaskId t) -> -alternative.get(t)).thenComparing(Comparator.naturalOrder()));
        int keep = Math.min(quotas.get(member.memberId()), mine.size());
        targets.put(member.memberId(), new ArrayList<>(mine.subList(0, keep)));
        return mine.subList(keep, mine.size());
    }

    /** The larger quotas (one more task) go to the members that ran the most tasks. */
    private void assignQuotas(List<MemberSubscription> members, Map<String, List<TaskId>> owned) {
        int tasks = plan.group.tasks().size();
        int base = tasks / members.size();
        int larger = tasks % members.size();
        List<MemberSubscription> byOwned = new ArrayList<>(members);
        byOwned.sort(Comparator.comparingInt((MemberSubscription m) -> -owned.get(m.memberId()).size())
                .thenComparing(Comparator.naturalOrder()));
        for (int i = 0; i < byOwned.size(); i++) {
            quotas.put(byOwned.get(i).memberId(), base + (i < larger ? 1 : 0));
        }
    }

    /** How close another member is to taking the task over: the lower, the sooner the owner lets it go. */
    private long bestAlternativeLag(TaskId task, MemberSubscription owner) {
        long best = Long.MAX_VALUE;
        for (MemberSubscription member : plan.group.members()) {
            if (!member.same(owner)) {
                best = Math.min(best, plan.lags.lag(member, task));
            }
        }
        return best;
    }

    private long caughtUpMembers(TaskId task) {
        return plan.group.members().stream().filter(m -> plan.lags.caughtUp(m, task)).count();
    }

    /** Among the members below their quota: caught up, then least behind, then fewest of the task's group. */
    private MemberSubscription bestWithRoom(TaskId task) {
        Comparator<MemberSubscription> order = Comparator
                .comparing((MemberSubscription m) -> !plan.lags.caughtUp(m, task))
                .thenComparingLong(m -> plan.lags.lag(m, task))
                .thenComparingLong(m -> sameGroup(m, task))
                .thenComparingInt(m -> targets.get(m.memberId()).size())
                .thenComparing(Comparator.naturalOrder());
        return plan.group.members().stream()
                .filter(m -> room(m) > 0)
                .min(order)
                .orElseThrow();
    }

    private long sameGroup(MemberSubscription member, TaskId task) {
        return targets.get(member.memberId()).stream().filter(t -> t.group().equals(task.group())).count();
    }

    private int room(MemberSubscription member) {
        return quotas.get(member.memberId()) - targets.get(member.memberId()).size();
    }
}
