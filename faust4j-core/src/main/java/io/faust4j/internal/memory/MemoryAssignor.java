package io.faust4j.internal.memory;

import io.faust4j.internal.assign.AssignmentInfo;
import io.faust4j.internal.assign.Assignor;
import io.faust4j.internal.assign.AssignorContext;
import io.faust4j.internal.assign.GroupAssignment;
import io.faust4j.internal.assign.GroupState;
import io.faust4j.internal.assign.MemberSubscription;
import io.faust4j.internal.assign.SubscriptionInfo;
import io.faust4j.internal.assign.TaskId;
import io.faust4j.spi.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The in-memory group's model of faust4j's assignor on Kafka: the members' subscriptions (what each worker
 * said when it revoked its partitions) go through the same pure {@link Assignor}, so memory:// workers get
 * the same balanced, co-partitioned assignment, standbys, warm-ups, leader and routes. The in-memory group
 * is eager: every member has revoked everything when this runs, so nothing is still owned.
 */
final class MemoryAssignor {
    private MemoryAssignor() {
    }

    /** One member's share: its partitions and what it learns of the round. */
    record Share(List<TopicPartition> partitions, AssignmentInfo info) {
    }

    /** One member as the group knows it. */
    record Member(String memberId, Set<String> topics, AssignorContext context, SubscriptionInfo subscription) {
    }

    /**
     * Assigns the tasks of the members' subscribed topics among {@code members} (each has a context and a
     * subscription), asking the first member's context for the changelogs' ends and the assignor's knobs.
     */
    static Map<String, Share> assign(MemoryBroker broker, List<Member> members) {
        Map<TaskId, Map<String, List<TopicPartition>>> partitionsOfTask = new HashMap<>();
        for (Member member : members) {
            for (String topic : member.topics()) {
                String group = member.context().topology().groupOf(topic);
                int count = broker.partitionCount(topic);
                for (int p = 0; p < count; p++) {
                    partitionsOfTask.computeIfAbsent(new TaskId(group, p), t -> new HashMap<>())
                            .computeIfAbsent(member.memberId(), m -> new ArrayList<>()).add(new TopicPartition(topic, p));
                }
            }
        }
        Set<TaskId> tasks = new TreeSet<>(partitionsOfTask.keySet());
        List<MemberSubscription> subscriptions = new ArrayList<>();
        for (Member member : members) {
            subscriptions.add(new MemberSubscription(member.memberId(), member.subscription(), Set.of()));
        }
        AssignorContext first = members.get(0).context();
        Map<TaskId, Long> ends = new HashMap<>(first.changelogEnds().endOffsets(tasks));
        ends.keySet().retainAll(tasks);
        GroupState state = GroupState.of(subscriptions, tasks, ends);
        GroupAssignment result = Assignor.assign(state, first.config());
        Map<String, Share> shares = new LinkedHashMap<>();
        for (Member member : members) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (TaskId task : result.member(member.memberId()).activeTasks()) {
                partitions.addAll(partitionsOfTask.get(task).getOrDefault(member.memberId(), List.of()));
            }
            shares.put(member.memberId(), new Share(partitions, AssignmentInfo.of(state, result, member.memberId())));
        }
        return shares;
    }
}
