package io.faust4j.internal.kafka;

import io.faust4j.ConfigurationException;
import io.faust4j.TransportException;
import io.faust4j.internal.assign.AssignmentCodec;
import io.faust4j.internal.assign.AssignmentInfo;
import io.faust4j.internal.assign.Assignor;
import io.faust4j.internal.assign.AssignorContext;
import io.faust4j.internal.assign.GroupAssignment;
import io.faust4j.internal.assign.GroupState;
import io.faust4j.internal.assign.Leadership;
import io.faust4j.internal.assign.LocalTasks;
import io.faust4j.internal.assign.MemberSubscription;
import io.faust4j.internal.assign.SubscriptionCodec;
import io.faust4j.internal.assign.SubscriptionInfo;
import io.faust4j.internal.assign.TaskId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * faust4j's partition assignor for Kafka's classic group protocol, cooperative (and eager): it turns the
 * subscribed topics into tasks (partition {@code p} of every topic in a co-partitioned group is one task),
 * runs the pure {@link Assignor} and carries its standbys, leader and routes in the assignment user data.
 *
 * <p>Kafka's consumer creates it from its class name in {@code partition.assignment.strategy} and hands it
 * the consumer's properties in {@link #configure}: the worker puts its {@link AssignorContext} (a Java
 * object) there under {@link AssignorContext#CONFIG_KEY}. Through it the assignor asks the worker what it
 * runs and holds when it joins, asks for changelog end offsets when it leads the round, and tells it each
 * round's outcome. All calls come on the consumer's polling thread.
 *
 * <p>The leader elected here (for {@code on_leader} timers) is not Kafka's group leader, the member that
 * happens to run {@link #assign}: it stays put across rounds while its worker stays.
 */
public final class KafkaAssignor implements ConsumerPartitionAssignor, Configurable {
    /** The assignor's name in the group protocol. */
    public static final String NAME = "faust4j";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAssignor.class);

    private AssignorContext context;
    private volatile Leadership knownLeader = Leadership.NONE;

    /** Made by Kafka's consumer, by reflection; {@link #configure} follows at once. */
    public KafkaAssignor() {
    }

    /**
     * Picks up the worker's {@link AssignorContext}.
     *
     * @throws ConfigurationException when the consumer's properties hold none under {@link AssignorContext#CONFIG_KEY}
     */
    @Override
    public void configure(Map<String, ?> configs) {
        Object value = configs.get(AssignorContext.CONFIG_KEY);
        if (!(value instanceof AssignorContext given)) {
            throw new ConfigurationException("Consumer property '" + AssignorContext.CONFIG_KEY + "' is "
                    + (value == null ? "missing" : "a " + value.getClass().getName())
                    + "; the faust4j assignor needs the worker's AssignorContext object there");
        }
        this.context = given;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.COOPERATIVE, RebalanceProtocol.EAGER);
    }

    /** This worker's id, web URL, tasks, local positions and the leadership it last heard of. */
    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        LocalTasks local = context.localState().localTasks();
        SubscriptionInfo info = new SubscriptionInfo(context.workerId(), context.webUrl(), local.activeTasks(),
                local.standbyTasks(), local.positions(), knownLeader);
        return ByteBuffer.wrap(SubscriptionCodec.encode(info));
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        TaskPartitions tasks = TaskPartitions.of(context.topology(), metadata, groupSubscription);
        List<MemberSubscription> members = new ArrayList<>();
        groupSubscription.groupSubscription().forEach((memberId, subscription) ->
                members.add(member(memberId, subscription, tasks)));
        Optional<Map<TaskId, Long>> ends = changelogEnds(tasks.all());
        GroupState group = GroupState.of(members, tasks.all(),
                ends.orElseGet(() -> furthestPositions(members, tasks.all())));
        io.faust4j.internal.assign.GroupAssignment result = decide(group, ends.isPresent());
        Map<String, Assignment> assignments = new TreeMap<>();
        groupSubscription.groupSubscription().forEach((memberId, subscription) -> {
            List<TopicPartition> partitions = tasks.partitions(result.member(memberId).activeTasks(),
                    new HashSet<>(subscription.topics()));
            byte[] data = AssignmentCodec.encode(AssignmentInfo.of(group, result, memberId));
            assignments.put(memberId, new Assignment(partitions, ByteBuffer.wrap(data)));
        });
        return new GroupAssignment(assignments);
    }

    /** Runs the assignor; without the real changelog ends, asks for another round to redo it with them. */
    private io.faust4j.internal.assign.GroupAssignment decide(GroupState group, boolean endsKnown) {
        io.faust4j.internal.assign.GroupAssignment result = Assignor.assign(group, context.config());
        return endsKnown ? result : new io.faust4j.internal.assign.GroupAssignment(result.members(),
                result.leaderMemberId(), result.leader(), true, result.revocations());
    }

    private Optional<Map<TaskId, Long>> changelogEnds(Set<TaskId> tasks) {
        try {
            Map<TaskId, Long> ends = new HashMap<>(context.changelogEnds().endOffsets(tasks));
            ends.keySet().retainAll(tasks);
            return Optional.of(ends);
        } catch (RuntimeException e) {
            LOG.warn("Could not read the changelogs' end offsets for this rebalance ({}): assigning as if the"
                    + " furthest position a member reported were each end, and asking for another round", e.toString());
            return Optional.empty();
        }
    }

    /**
     * The stand-in for unknown changelog ends: the furthest position any member reported. The members that
     * reported it count as caught up; a task nobody reported a position of counts as stateless this round.
     */
    private static Map<TaskId, Long> furthestPositions(List<MemberSubscription> members, Set<TaskId> tasks) {
        Map<TaskId, Long> furthest = new HashMap<>();
        for (MemberSubscription member : members) {
            member.info().positions().forEach((task, position) -> furthest.merge(task, position, Math::max));
        }
        furthest.keySet().retainAll(tasks);
        return furthest;
    }

    /**
     * The member as the assignor sees it: what it said, plus the tasks of the partitions it still owns
     * (Kafka's word, which the cooperative protocol holds the assignment to). A member that sent no user
     * data joins as a fresh worker named after its instance or member id; one whose data cannot be read
     * fails the round, naming it (a worker of an incompatible version, or another app in the same group).
     */
    private static MemberSubscription member(String memberId, Subscription subscription, TaskPartitions tasks) {
        ByteBuffer data = subscription.userData();
        SubscriptionInfo info;
        try {
            info = data == null || !data.hasRemaining()
                    ? SubscriptionInfo.fresh(subscription.groupInstanceId().orElse(memberId), "")
                    : SubscriptionCodec.decode(data);
        } catch (TransportException e) {
            throw new TransportException("Group member '" + memberId + "' (instance "
                    + subscription.groupInstanceId().orElse("none") + ") sent a subscription this worker cannot"
                    + " read: " + e.getMessage(), e);
        }
        Set<TaskId> owned = new TreeSet<>(tasks.tasksOf(subscription.ownedPartitions()));
        return new MemberSubscription(memberId, info, owned);
    }

    /** Decodes this worker's share and tells the worker; remembers the leadership for the next join. */
    @Override
    public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
        AssignmentInfo info = AssignmentCodec.decode(assignment.userData());
        knownLeader = info.leader();
        Set<TaskId> active = new TreeSet<>();
        for (TopicPartition partition : assignment.partitions()) {
            active.add(new TaskId(context.topology().groupOf(partition.topic()), partition.partition()));
        }
        context.listener().assigned(active, info);
    }
}
