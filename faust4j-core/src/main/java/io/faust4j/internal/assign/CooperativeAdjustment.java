package io.faust4j.internal.assign;

import java.util.Iterator;
import java.util.Map;

/**
 * Step four, for Kafka's cooperative protocol: a task that moves from one member to another is only taken
 * away this round (the member that ran it revokes it and rejoins), and given to its new owner in the next
 * one, so no task is ever owned by two members at once. Meanwhile the new owner keeps a standby copy of a
 * stateful task, so it stays caught up.
 */
final class CooperativeAdjustment {
    private CooperativeAdjustment() {
    }

    static void apply(Plan plan) {
        Iterator<Map.Entry<TaskId, MemberSubscription>> entries = plan.active.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<TaskId, MemberSubscription> entry = entries.next();
            TaskId task = entry.getKey();
            MemberSubscription next = entry.getValue();
            if (ownedByAnother(plan, task, next)) {
                entries.remove();
                plan.revocations = true;
                plan.warmups.remove(task);
                if (plan.group.stateful(task)) {
                    plan.standbysOf(task).add(next);
                }
            }
        }
    }

    private static boolean ownedByAnother(Plan plan, TaskId task, MemberSubscription next) {
        return plan.group.members().stream()
                .anyMatch(m -> !m.same(next) && m.ownedTasks().contains(task));
    }
}
