package io.faust4j.internal.assign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Step two (KIP-441's task movements): each task runs on its balanced target when the target is caught up
 * on it. When it is not, the task stays on a member that is: its owner if the owner is still here, else the
 * least behind caught-up member; and the target gets a warm-up replica to catch up on, up to
 * {@code maxWarmupReplicas} in the whole group (the targets furthest along first). When no member is
 * caught up, the target takes the task and restores it.
 */
final class ActivePlacement {
    private ActivePlacement() {
    }

    static void place(Plan plan, SortedMap<TaskId, MemberSubscription> targets, int maxWarmupReplicas) {
        List<TaskId> waiting = new ArrayList<>();
        for (Map.Entry<TaskId, MemberSubscription> entry : targets.entrySet()) {
            TaskId task = entry.getKey();
            MemberSubscription target = entry.getValue();
            MemberSubscription runner = plan.lags.caughtUp(target, task)
                    ? target : caughtUpStandIn(plan, task).orElse(target);
            plan.active.put(task, runner);
            if (!runner.same(target)) {
                waiting.add(task);
            }
        }
        waiting.sort(Comparator.comparingLong((TaskId t) -> plan.lags.lag(targets.get(t), t))
                .thenComparing(Comparator.naturalOrder()));
        waiting.removeIf(t -> targets.get(t).workerId().equals(plan.active.get(t).workerId()));
        for (TaskId task : waiting.subList(0, Math.min(maxWarmupReplicas, waiting.size()))) {
            plan.warmups.put(task, targets.get(task));
        }
    }

    /** Who runs a task while its target warms up: the owner, else the caught-up member least behind. */
    private static Optional<MemberSubscription> caughtUpStandIn(Plan plan, TaskId task) {
        MemberSubscription owner = plan.owners.get(task);
        if (owner != null) {
            return Optional.of(owner);
        }
        return plan.group.members().stream()
                .filter(m -> plan.lags.caughtUp(m, task))
                .min(Comparator.comparingLong((MemberSubscription m) -> plan.lags.lag(m, task))
                        .thenComparingInt(plan::activeCount)
                        .thenComparing(Comparator.naturalOrder()));
    }
}
