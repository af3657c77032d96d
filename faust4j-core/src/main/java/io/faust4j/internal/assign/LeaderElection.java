package io.faust4j.internal.assign;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Elects the member that runs the app's {@code on_leader} timers. The leader stays while its worker is in
 * the group: each member reports the leadership it was last told, and the newest report (highest epoch)
 * that names a worker still here wins. Without one (a new group, or the leader left) the worker with the
 * smallest id leads, in a new epoch. Ties go to the smaller worker id, then member id, so every run elects
 * the same member.
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
        Optional<Leadership> newest = members.stream()
                .map(m -> m.info().knownLeader())
                .filter(known -> members.stream().anyMatch(m -> m.workerId().equals(known.workerId())))
                .max(Comparator.comparingLong(Leadership::epoch)
                        .thenComparing(Leadership::workerId, Comparator.reverseOrder()));
        if (newest.isPresent()) {
            MemberSubscription leader = members.stream()
                    .filter(m -> m.workerId().equals(newest.get().workerId())).min(byWorker).orElseThrow();
            return new Elected(leader, newest.get());
        }
        long lastEpoch = members.stream().mapToLong(m -> m.info().knownLeader().epoch()).max().orElse(0);
        MemberSubscription leader = members.stream().min(byWorker).orElseThrow();
        return new Elected(leader, new Leadership(leader.workerId(), lastEpoch + 1));
    }
}
