package io.faust4j.internal.assign;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Elects the member that runs the app's {@code on_leader} timers. The leader stays the same while its
 * worker is in the group: each member reports the leader it was last told, and the worker most members
 * name wins. Without one (a new group, or the leader left), the worker with the smallest id leads. Ties go
 * to the smaller worker id, then member id, so every run elects the same member.
 */
final class LeaderElection {
    private LeaderElection() {
    }

    static MemberSubscription elect(List<MemberSubscription> members) {
        Map<String, Integer> votes = new HashMap<>();
        for (MemberSubscription member : members) {
            String named = member.info().knownLeader();
            if (members.stream().anyMatch(m -> m.workerId().equals(named))) {
                votes.merge(named, 1, Integer::sum);
            }
        }
        Comparator<MemberSubscription> order = Comparator
                .comparingInt((MemberSubscription m) -> -votes.getOrDefault(m.workerId(), 0))
                .thenComparing(MemberSubscription::workerId)
                .thenComparing(Comparator.naturalOrder());
        return members.stream().min(order).orElseThrow();
    }
}
