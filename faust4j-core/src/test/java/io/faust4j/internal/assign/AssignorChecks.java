package io.faust4j.internal.assign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The assignor's properties, judged from outside: the lags are computed here again from the subscriptions,
 * not taken from the assignor. {@link #round} holds for every round, {@link #stable} once no follow-up
 * rebalance is due. Every message starts with {@link #where}, which names the seed, epoch and round.
 */
final class AssignorChecks {
    private final AssignorSimulation sim;
    String where = "";

    AssignorChecks(AssignorSimulation sim) {
        this.sim = sim;
    }

    void round(GroupState state, GroupAssignment assignment) {
        assertThat(assignment.members().keySet()).as("%s: members with a share", where)
                .containsExactlyInAnyOrderElementsOf(state.members().stream().map(MemberSubscription::memberId).toList());
        Map<TaskId, String> owners = cooperativeSafety(state, assignment);
        standbyPlacement(state, assignment, owners);
        onlyCaughtUpTakeOver(state, owners);
        assertThat(revokedFromOwners(state, assignment)).as("%s: tasks taken from their owners", where)
                .isLessThanOrEqualTo(minimumMoves(state));
    }

    /** No task is given to a member while another still owns it, and no task has two active owners. */
    private Map<TaskId, String> cooperativeSafety(GroupState state, GroupAssignment assignment) {
        Map<TaskId, String> owners = new HashMap<>();
        assignment.members().forEach((memberId, share) -> {
            for (TaskId task : share.activeTasks()) {
                assertThat(owners.put(task, memberId)).as("%s: second active owner of %s", where, task).isNull();
                for (MemberSubscription other : state.members()) {
                    assertThat(!other.memberId().equals(memberId) && other.ownedTasks().contains(task))
                            .as("%s: %s given to %s while %s still owns it", where, task, memberId, other.memberId())
                            .isFalse();
                }
            }
        });
        return owners;
    }

    private void standbyPlacement(GroupState state, GroupAssignment assignment, Map<TaskId, String> owners) {
        Map<TaskId, Set<String>> holders = new HashMap<>();
        int warmups = 0;
        for (MemberSubscription member : state.members()) {
            MemberAssignment share = assignment.member(member.memberId());
            warmups += share.warmupTasks().size();
            for (TaskId task : share.standbyTasks()) {
                assertThat(state.endOffsets()).as("%s: standby of stateless %s", where, task).containsKey(task);
                assertThat(holders.computeIfAbsent(task, t -> new HashSet<>()).add(member.workerId()))
                        .as("%s: two standbys of %s on worker %s", where, task, member.workerId()).isTrue();
                String owner = owners.get(task);
                assertThat(owner != null && worker(state, owner).equals(member.workerId()))
                        .as("%s: standby of %s beside its active copy on %s", where, task, member.workerId()).isFalse();
            }
        }
        assertThat(warmups).as("%s: warm-ups in the group", where).isLessThanOrEqualTo(sim.config.maxWarmupReplicas());
    }

    /** A task only goes to a member that did not run it when that member is caught up, or nobody is. */
    private void onlyCaughtUpTakeOver(GroupState state, Map<TaskId, String> owners) {
        owners.forEach((task, memberId) -> {
            MemberSubscription member = member(state, memberId);
            boolean anyCaughtUp = state.members().stream().anyMatch(m -> caughtUp(state, m, task));
            assertThat(caughtUp(state, member, task) || !anyCaughtUp)
                    .as("%s: %s moved to %s, %d behind, while another member was caught up", where, task,
                            memberId, lag(state, member, task))
                    .isTrue();
        });
    }

    private int revokedFromOwners(GroupState state, GroupAssignment assignment) {
        int revoked = 0;
        for (MemberSubscription member : state.members()) {
            Set<TaskId> kept = assignment.member(member.memberId()).activeTasks();
            revoked += (int) member.info().activeTasks().stream().filter(t -> !kept.contains(t)).count();
        }
        return revoked;
    }

    /** The fewest tasks balance forces away from members: the larger quotas go to those that own most. */
    static int minimumMoves(GroupState state) {
        List<Integer> owned = new ArrayList<>();
        state.members().forEach(m -> owned.add(m.info().activeTasks().size()));
        owned.sort(Comparator.reverseOrder());
        int base = state.tasks().size() / owned.size();
        int larger = state.tasks().size() % owned.size();
        int moves = 0;
        for (int i = 0; i < owned.size(); i++) {
            moves += Math.max(0, owned.get(i) - base - (i < larger ? 1 : 0));
        }
        return moves;
    }

    /** Once no follow-up is due: one owner per task, balance, the full count of standbys, no warm-ups. */
    void stable(GroupState state, GroupAssignment assignment) {
        Map<TaskId, Integer> activeCount = new HashMap<>();
        Map<TaskId, Integer> standbyCount = new HashMap<>();
        int most = 0;
        int fewest = Integer.MAX_VALUE;
        for (MemberAssignment share : assignment.members().values()) {
            share.activeTasks().forEach(t -> activeCount.merge(t, 1, Integer::sum));
            share.standbyTasks().forEach(t -> standbyCount.merge(t, 1, Integer::sum));
            most = Math.max(most, share.activeTasks().size());
            fewest = Math.min(fewest, share.activeTasks().size());
            assertThat(share.warmupTasks()).as("%s: warm-ups when stable", where).isEmpty();
        }
        for (TaskId task : state.tasks()) {
            assertThat(activeCount.getOrDefault(task, 0)).as("%s: active owners of %s", where, task).isEqualTo(1);
            int expected = state.endOffsets().containsKey(task)
                    ? Math.min(sim.config.standbyReplicas(), state.members().size() - 1) : 0;
            assertThat(standbyCount.getOrDefault(task, 0)).as("%s: standbys of %s", where, task).isEqualTo(expected);
        }
        assertThat(most - fewest).as("%s: active counts %d..%d", where, fewest, most).isLessThanOrEqualTo(1);
    }

    private boolean caughtUp(GroupState state, MemberSubscription member, TaskId task) {
        return lag(state, member, task) <= sim.config.acceptableRecoveryLag();
    }

    private static long lag(GroupState state, MemberSubscription member, TaskId task) {
        Long end = state.endOffsets().get(task);
        if (end == null || member.info().activeTasks().contains(task)) {
            return 0;
        }
        return end - member.info().positions().getOrDefault(task, 0L);
    }

    private static MemberSubscription member(GroupState state, String memberId) {
        return state.members().stream().filter(m -> m.memberId().equals(memberId)).findFirst().orElseThrow();
    }

    private static String worker(GroupState state, String memberId) {
        return member(state, memberId).workerId();
    }
}
