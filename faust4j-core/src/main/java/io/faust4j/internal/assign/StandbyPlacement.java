package io.faust4j.internal.assign;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.Collectors;

/**
 * Step three: standby copies of each stateful task on {@code min(standbyReplicas, workers - 1)} distinct
 * workers other than the one running it. A task's warm-up counts as one of its standbys. Members that held
 * the task before are chosen first (sticky, and their state is already there), then the least behind, while
 * no member gets more than its even share unless nobody else can take one.
 */
final class StandbyPlacement {
    private final Plan plan;
    private final Map<String, Integer> load = new HashMap<>();
    private final int cap;

    private StandbyPlacement(Plan plan, int perTask) {
        this.plan = plan;
        long total = plan.group.endOffsets().size() * (long) perTask + plan.warmups.size();
        int members = plan.group.members().size();
        this.cap = (int) ((total + members - 1) / members);
    }

    static void place(Plan plan, int standbyReplicas) {
        long workers = plan.group.members().stream().map(MemberSubscription::workerId).distinct().count();
        int perTask = (int) Math.min(standbyReplicas, workers - 1);
        new StandbyPlacement(plan, perTask).run(perTask);
    }

    private void run(int perTask) {
        plan.warmups.forEach(this::add);
        for (TaskId task : plan.group.endOffsets().keySet()) {
            while (plan.standbysOf(task).size() < perTask) {
                Optional<MemberSubscription> next = next(task);
                if (next.isEmpty()) {
                    break;
                }
                add(task, next.get());
            }
        }
    }

    private void add(TaskId task, MemberSubscription member) {
        plan.standbysOf(task).add(member);
        load.merge(member.memberId(), 1, Integer::sum);
    }

    private Optional<MemberSubscription> next(TaskId task) {
        SortedSet<MemberSubscription> chosen = plan.standbysOf(task);
        Set<String> taken = chosen.stream().map(MemberSubscription::workerId).collect(Collectors.toSet());
        taken.add(plan.active.get(task).workerId());
        Comparator<MemberSubscription> order = Comparator
                .comparing((MemberSubscription m) -> load(m) >= cap)
                .thenComparing(m -> !heldBefore(m, task))
                .thenComparing(m -> !plan.lags.caughtUp(m, task))
                .thenComparingLong(m -> plan.lags.lag(m, task))
                .thenComparingInt(this::load)
                .thenComparing(Comparator.naturalOrder());
        return plan.group.members().stream().filter(m -> !taken.contains(m.workerId())).min(order);
    }

    private int load(MemberSubscription member) {
        return load.getOrDefault(member.memberId(), 0);
    }

    private static boolean heldBefore(MemberSubscription member, TaskId task) {
        return member.info().standbyTasks().contains(task) || member.ran(task);
    }
}
