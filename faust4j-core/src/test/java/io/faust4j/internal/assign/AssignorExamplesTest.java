package io.faust4j.internal.assign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The documented cases of the assignor, one by one. */
class AssignorExamplesTest {
    private static final AssignorConfig NO_STANDBYS = new AssignorConfig(0, 100, 2);

    private static Set<TaskId> tasks(String group, int... partitions) {
        Set<TaskId> tasks = new TreeSet<>();
        for (int p : partitions) {
            tasks.add(new TaskId(group, p));
        }
        return tasks;
    }

    private static Map<TaskId, Long> ends(Set<TaskId> tasks, long end) {
        Map<TaskId, Long> ends = new HashMap<>();
        tasks.forEach(t -> ends.put(t, end));
        return ends;
    }

    private static MemberSubscription member(String worker, Set<TaskId> active, Set<TaskId> standby,
            Map<TaskId, Long> positions) {
        return new MemberSubscription("member-" + worker, new SubscriptionInfo(worker, "http://" + worker,
                active, standby, positions, Leadership.NONE));
    }

    private static MemberSubscription fresh(String worker) {
        return member(worker, Set.of(), Set.of(), Map.of());
    }

    @Test
    void newGroupSpreadsEveryTopicGroupEvenly() {
        Set<TaskId> all = new TreeSet<>(tasks("orders", 0, 1, 2, 3));
        all.addAll(tasks("payments", 0, 1, 2, 3));
        GroupAssignment result = Assignor.assign(GroupState.of(List.of(fresh("a"), fresh("b")), all, Map.of()),
                NO_STANDBYS);

        for (String member : List.of("member-a", "member-b")) {
            Set<TaskId> active = result.member(member).activeTasks();
            assertThat(active).hasSize(4);
            assertThat(active.stream().filter(t -> t.group().equals("orders"))).hasSize(2);
        }
        assertThat(result.followUpNeeded()).isFalse();
    }

    @Test
    void scaleOutWarmsTheNewWorkerUpBeforeAnyHandover() {
        Set<TaskId> all = tasks("counts", 0, 1, 2, 3, 4, 5);
        Map<TaskId, Long> ends = ends(all, 5_000);
        MemberSubscription a = member("a", tasks("counts", 0, 1, 2), Set.of(), ends);
        MemberSubscription b = member("b", tasks("counts", 3, 4, 5), Set.of(), ends);
        GroupAssignment result = Assignor.assign(GroupState.of(List.of(a, b, fresh("c")), all, ends), NO_STANDBYS);

        assertThat(result.member("member-a").activeTasks()).isEqualTo(a.info().activeTasks());
        assertThat(result.member("member-b").activeTasks()).isEqualTo(b.info().activeTasks());
        assertThat(result.member("member-c").activeTasks()).isEmpty();
        assertThat(result.member("member-c").warmupTasks()).hasSize(2)
                .isEqualTo(result.member("member-c").standbyTasks());
        assertThat(result.probingRebalance()).isTrue();
    }

    @Test
    void aCaughtUpWarmupIsRevokedFromItsOwnerFirstAndHandedOverInTheNextRound() {
        Set<TaskId> all = tasks("counts", 0, 1);
        Map<TaskId, Long> ends = ends(all, 5_000);
        MemberSubscription a = member("a", all, Set.of(), ends);
        MemberSubscription c = member("c", Set.of(), tasks("counts", 1), Map.of(new TaskId("counts", 1), 4_950L));
        GroupAssignment revoke = Assignor.assign(GroupState.of(List.of(a, c), all, ends), NO_STANDBYS);

        assertThat(revoke.member("member-a").activeTasks()).containsExactly(new TaskId("counts", 0));
        assertThat(revoke.member("member-c").activeTasks()).isEmpty();
        assertThat(revoke.member("member-c").standbyTasks()).containsExactly(new TaskId("counts", 1));
        assertThat(revoke.revocations()).isTrue();

        MemberSubscription aAfter = member("a", tasks("counts", 0), Set.of(), ends);
        GroupAssignment handOver = Assignor.assign(GroupState.of(List.of(aAfter, c), all, ends), NO_STANDBYS);
        assertThat(handOver.member("member-c").activeTasks()).containsExactly(new TaskId("counts", 1));
        assertThat(handOver.followUpNeeded()).isFalse();
    }

    @Test
    void aCrashedOwnersTasksGoToTheCaughtUpStandbyNotToAFreshMember() {
        Set<TaskId> all = tasks("counts", 0, 1, 2);
        Map<TaskId, Long> ends = ends(all, 5_000);
        MemberSubscription b = member("b", tasks("counts", 1), tasks("counts", 0), ends);
        MemberSubscription c = member("c", tasks("counts", 2), Set.of(), ends);
        GroupAssignment result = Assignor.assign(GroupState.of(List.of(b, c, fresh("d")), all, ends), NO_STANDBYS);

        assertThat(result.member("member-b").activeTasks()).contains(new TaskId("counts", 0));
        assertThat(result.member("member-d").warmupTasks()).containsExactly(new TaskId("counts", 0));
    }

    @Test
    void aFreedTaskGoesToACaughtUpMemberWithRoomSoNoWarmupIsNeeded() {
        Set<TaskId> all = tasks("counts", 0, 1);
        Map<TaskId, Long> ends = ends(all, 5_000);
        MemberSubscription a = member("a", Set.of(), tasks("counts", 1), Map.of(new TaskId("counts", 1), 4_990L));
        MemberSubscription b = member("b", Set.of(), tasks("counts", 0), Map.of(new TaskId("counts", 0), 4_990L));
        GroupAssignment result = Assignor.assign(GroupState.of(List.of(a, b), all, ends), NO_STANDBYS);

        assertThat(result.member("member-b").activeTasks()).containsExactly(new TaskId("counts", 0));
        assertThat(result.member("member-a").activeTasks()).containsExactly(new TaskId("counts", 1));
        assertThat(result.probingRebalance()).isFalse();
    }

    @Test
    void whenNobodyIsCaughtUpTheBalancedTargetRestores() {
        Set<TaskId> all = tasks("counts", 0, 1);
        Map<TaskId, Long> ends = ends(all, 5_000);
        MemberSubscription a = member("a", Set.of(), Set.of(), ends(all, 3_000));
        GroupAssignment result = Assignor.assign(GroupState.of(List.of(a, fresh("b")), all, ends), NO_STANDBYS);

        assertThat(result.member("member-a").activeTasks()).containsExactly(new TaskId("counts", 0));
        assertThat(result.member("member-b").activeTasks()).containsExactly(new TaskId("counts", 1));
        assertThat(result.probingRebalance()).isFalse();
    }

    @Test
    void statelessTasksMoveWithoutWarmupButStillRevokeFirst() {
        Set<TaskId> all = tasks("clicks", 0, 1, 2, 3);
        MemberSubscription a = member("a", all, Set.of(), Map.of());
        GroupAssignment result = Assignor.assign(GroupState.of(List.of(a, fresh("b")), all, Map.of()), NO_STANDBYS);

        assertThat(result.member("member-a").activeTasks()).hasSize(2);
        assertThat(result.member("member-b").activeTasks()).isEmpty();
        assertThat(result.member("member-b").standbyTasks()).isEmpty();
        assertThat(result.revocations()).isTrue();
        assertThat(result.probingRebalance()).isFalse();
    }

    @Test
    void standbysGoToOtherWorkersAsManyAsThereAreOthers() {
        Set<TaskId> all = tasks("counts", 0, 1, 2, 3);
        GroupState group = GroupState.of(List.of(fresh("a"), fresh("b")), all, ends(all, 0));
        GroupAssignment result = Assignor.assign(group, new AssignorConfig(2, 100, 2));

        for (String member : List.of("member-a", "member-b")) {
            MemberAssignment share = result.member(member);
            assertThat(share.standbyTasks()).hasSize(2).doesNotContainAnyElementsOf(share.activeTasks());
        }
    }

    @Test
    void twoMembersOfOneWorkerNeverHoldTheActiveAndAStandbyOfOneTask() {
        Set<TaskId> all = tasks("counts", 0, 1);
        MemberSubscription zombie = new MemberSubscription("member-a-old", SubscriptionInfo.fresh("a", ""));
        GroupState group = GroupState.of(List.of(fresh("a"), zombie, fresh("b")), all, ends(all, 0));
        GroupAssignment result = Assignor.assign(group, new AssignorConfig(2, 100, 2));

        for (TaskId task : all) {
            String owner = result.activeOwner(task).orElseThrow();
            long onOwnersWorker = result.members().entrySet().stream()
                    .filter(e -> e.getValue().standbyTasks().contains(task))
                    .filter(e -> e.getKey().startsWith(owner.substring(0, "member-a".length()))).count();
            assertThat(onOwnersWorker).as(task.toString()).isZero();
        }
    }

    @Test
    void theLeaderStaysWhileItsWorkerStaysAndTheSmallestWorkerIdTakesOverAfter() {
        Leadership bLeads = new Leadership("b", 4);
        MemberSubscription a = new MemberSubscription("m-a", new SubscriptionInfo("a", "", Set.of(), Set.of(),
                Map.of(), new Leadership("a", 3)));
        MemberSubscription b = new MemberSubscription("m-b", new SubscriptionInfo("b", "", Set.of(), Set.of(),
                Map.of(), bLeads));
        Set<TaskId> all = tasks("t", 0);

        assertThat(Assignor.assign(GroupState.of(List.of(a, b), all, Map.of()), NO_STANDBYS).leader())
                .isEqualTo(bLeads);
        MemberSubscription c = new MemberSubscription("m-c", new SubscriptionInfo("c", "", Set.of(), Set.of(),
                Map.of(), bLeads));
        GroupAssignment without = Assignor.assign(GroupState.of(List.of(a, c), all, Map.of()), NO_STANDBYS);
        assertThat(without.leader()).isEqualTo(new Leadership("a", 5));
        assertThat(without.leaderMemberId()).isEqualTo("m-a");
    }

    @Test
    void sameGroupStateGivesTheSameAssignment() {
        Set<TaskId> all = tasks("counts", 0, 1, 2, 3, 4);
        Map<TaskId, Long> ends = ends(all, 700);
        GroupState group = GroupState.of(List.of(member("a", tasks("counts", 0, 1), Set.of(), ends), fresh("b"),
                fresh("c")), all, ends);
        AssignorConfig config = new AssignorConfig(1, 100, 1);

        assertThat(Assignor.assign(group, config)).isEqualTo(Assignor.assign(group, config));
    }

    @Test
    void assignsALargeGroupEvenly() {
        Set<TaskId> all = new TreeSet<>();
        for (int g = 0; g < 20; g++) {
            all.addAll(tasks("g" + g, java.util.stream.IntStream.range(0, 50).toArray()));
        }
        List<MemberSubscription> members = new java.util.ArrayList<>();
        for (int w = 0; w < 40; w++) {
            members.add(fresh("w" + w));
        }
        GroupAssignment result = Assignor.assign(GroupState.of(members, all, ends(all, 0)),
                new AssignorConfig(2, 100, 2));

        IntSummaryStatistics standbys = result.members().values().stream()
                .mapToInt(share -> share.standbyTasks().size()).summaryStatistics();
        assertThat(result.members().values()).allSatisfy(share -> assertThat(share.activeTasks()).hasSize(25));
        assertThat(standbys.getSum()).isEqualTo(2_000);
        assertThat(standbys.getMax() - standbys.getMin()).isLessThanOrEqualTo(2);
    }

    @Test
    void aGroupWithoutTasksStillElectsALeaderAndALoneMemberGetsNoStandbys() {
        GroupAssignment empty = Assignor.assign(GroupState.of(List.of(fresh("a"), fresh("b")), Set.of(), Map.of()),
                new AssignorConfig(1, 100, 2));
        assertThat(empty.members().values()).containsOnly(MemberAssignment.EMPTY);
        assertThat(empty.leader()).isEqualTo(new Leadership("a", 1));

        Set<TaskId> all = tasks("counts", 0, 1);
        GroupAssignment alone = Assignor.assign(GroupState.of(List.of(fresh("a")), all, ends(all, 50)),
                new AssignorConfig(2, 100, 2));
        assertThat(alone.member("member-a")).isEqualTo(new MemberAssignment(all, Set.of(), Set.of()));
    }
}
