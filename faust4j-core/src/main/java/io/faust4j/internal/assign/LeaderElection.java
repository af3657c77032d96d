package io.faust4j.internal.assign;

import java.util.Comparator;
import java.util.List;

/**
 * Elects the member that runs the app's {@code on_leader} timers. The leader stays while its worker is in
 * the group: each member reports the leadership it was last told, and the newest report (highest epoch)
 * stands if it names a worker still here. Otherwise (a new group, or the leader left) the worker with the
 * smallest id leads, in the next epoch; older reports never count, so a member back with stale news cannot
 * bring back a former leader. Ties go to the smaller worker id, then member id, so every run elects the
 * same member.
 */
final class LeaderElection {
    private LeaderElection() {
    }

    /** The leading member and the leadership it holds. */
    record Elected(MemberSubscription member, Leadership leadership) {
    }

    static Elected elect(List<MemberSubscription> members) {
        Comparator<MemberSubscription> byWorker = Comparator.comparing(MemberSubscription::workerId)
                .thenComparing(Comparator.naturalOrder());
        Leadership newest = members.stream()
                .map(m -> m.info().knownLeader())
                .max(Comparator.comparingLong(Leadership::epoch)
                        .thenComparing(Leadership::workerId, Comparator.reverseOrder()))
                .orElseThrow();
        return members.stream()
                .filter(m -> m.workerId().equals(newest.workerId()))
                .min(byWorker)
                .map(m -> new Elected(m, newest))
                .orElseGet(() -> {
                    MemberSubscription leader = members.stream().min(byWorker).orElseThrow();
                    return new Elected(leader, new Leadership(leader.workerId(), newest.epoch() + 1));
                });
    }
}
