package io.faust4j.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.ConfigurationException;
import io.faust4j.internal.assign.AssignmentCodec;
import io.faust4j.internal.assign.AssignmentInfo;
import io.faust4j.internal.assign.AssignorConfig;
import io.faust4j.internal.assign.AssignorContext;
import io.faust4j.internal.assign.Leadership;
import io.faust4j.internal.assign.LocalTasks;
import io.faust4j.internal.assign.SubscriptionCodec;
import io.faust4j.internal.assign.SubscriptionInfo;
import io.faust4j.internal.assign.TaskId;
import io.faust4j.internal.assign.TaskTopology;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.RebalanceProtocol;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The Kafka adapter, called directly with constructed subscriptions: no broker. */
class KafkaAssignorTest {
    static final TaskTopology TOPOLOGY = new TaskTopology(Map.of("orders", "count-orders",
            "app-count-orders-by-account-repartition", "count-orders"));
    static final List<String> TOPICS = List.of("orders", "app-count-orders-by-account-repartition", "clicks");

    private final AtomicReference<AssignmentInfo> told = new AtomicReference<>();
    private final AtomicReference<Set<TaskId>> toldActive = new AtomicReference<>();

    private KafkaAssignor assignor(String workerId, LocalTasks local, AssignorConfig config) {
        AssignorContext context = new AssignorContext(workerId, "http://" + workerId + ":6066", TOPOLOGY, config,
                () -> local, tasks -> Map.of(), (active, info) -> {
                    toldActive.set(active);
                    told.set(info);
                });
        return (KafkaAssignor) ConsumerPartitionAssignor.getAssignorInstances(
                List.of(KafkaAssignor.class.getName()), Map.of(AssignorContext.CONFIG_KEY, context)).get(0);
    }

    static Cluster cluster(Map<String, Integer> partitions) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = new ArrayList<>();
        partitions.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                infos.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
            }
        });
        return new Cluster("cluster", List.of(node), infos, Set.of(), Set.of());
    }

    static Subscription subscription(String workerId, Set<TaskId> active, List<TopicPartition> owned) {
        SubscriptionInfo info = new SubscriptionInfo(workerId, "http://" + workerId, active, Set.of(), Map.of(),
                Leadership.NONE);
        Subscription subscription = new Subscription(TOPICS, ByteBuffer.wrap(SubscriptionCodec.encode(info)), owned);
        subscription.setGroupInstanceId(Optional.of(workerId));
        return subscription;
    }

    private static final Cluster CLUSTER = cluster(Map.of("orders", 4, "app-count-orders-by-account-repartition", 4,
            "clicks", 2));

    @Test
    void kafkaMakesItByNameAndHandsItTheContext() {
        KafkaAssignor assignor = assignor("w1", LocalTasks.NONE, AssignorConfig.DEFAULT);
        assertThat(assignor.name()).isEqualTo("faust4j");
        assertThat(assignor.supportedProtocols()).contains(RebalanceProtocol.COOPERATIVE, RebalanceProtocol.EAGER);
    }

    @Test
    void configureFailsNamingThePropertyWhenTheContextIsMissing() {
        assertThatThrownBy(() -> new KafkaAssignor().configure(Map.of(AssignorContext.CONFIG_KEY, "oops")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Consumer property 'faust4j.assignor.context' is a java.lang.String; the faust4j"
                        + " assignor needs the worker's AssignorContext object there");
        assertThatThrownBy(() -> new KafkaAssignor().configure(Map.of())).hasMessageContaining("is missing");
    }

    @Test
    void subscriptionCarriesTheWorkersTasksPositionsAndUrl() {
        TaskId task = new TaskId("count-orders", 2);
        LocalTasks local = new LocalTasks(Set.of(task), Set.of(new TaskId("count-orders", 0)), Map.of(task, 42L));
        ByteBuffer data = assignor("w1", local, AssignorConfig.DEFAULT).subscriptionUserData(Set.copyOf(TOPICS));

        assertThat(SubscriptionCodec.decode(data)).isEqualTo(new SubscriptionInfo("w1", "http://w1:6066",
                Set.of(task), Set.of(new TaskId("count-orders", 0)), Map.of(task, 42L), Leadership.NONE));
    }

    @Test
    void coPartitionedTopicsGoToTheSameMemberAndEveryoneLearnsTheRoutes() {
        KafkaAssignor assignor = assignor("w1", LocalTasks.NONE, AssignorConfig.DEFAULT);
        Map<String, Subscription> members = Map.of("m1", subscription("w1", Set.of(), List.of()),
                "m2", subscription("w2", Set.of(), List.of()));
        Map<String, Assignment> result = assignor.assign(CLUSTER, new GroupSubscription(members)).groupAssignment();

        for (Assignment assignment : result.values()) {
            List<TopicPartition> partitions = assignment.partitions();
            for (TopicPartition tp : partitions) {
                if (tp.topic().equals("orders")) {
                    assertThat(partitions).contains(new TopicPartition("app-count-orders-by-account-repartition",
                            tp.partition()));
                }
            }
            assertThat(partitions).hasSize(5);
            AssignmentInfo info = AssignmentCodec.decode(assignment.userData());
            assertThat(info.ownerOf(new TaskId("clicks", 1)).orElseThrow().webUrl()).startsWith("http://w");
            assertThat(info.routes()).hasSize(2);
        }
    }

    @Test
    void aPartitionOwnedByAnotherMemberIsOnlyRevokedInThisRound() {
        KafkaAssignor assignor = assignor("w1", LocalTasks.NONE, AssignorConfig.DEFAULT);
        List<TopicPartition> all = new ArrayList<>();
        CLUSTER.topics().forEach(t -> CLUSTER.partitionsForTopic(t).forEach(p -> all.add(
                new TopicPartition(t, p.partition()))));
        Map<String, Subscription> members = Map.of("m1", subscription("w1", Set.of(), all),
                "m2", subscription("w2", Set.of(), List.of()));
        Map<String, Assignment> result = assignor.assign(CLUSTER, new GroupSubscription(members)).groupAssignment();

        AssignmentInfo info = AssignmentCodec.decode(result.get("m2").userData());
        assertThat(info.routes().get(0).activeTasks()).hasSize(3);
        assertThat(result.get("m1").partitions()).hasSize(4).isSubsetOf(all);
        assertThat(result.get("m2").partitions()).isEmpty();
        assertThat(info.revocations()).isTrue();
    }

    @Test
    void onAssignmentTellsTheWorkerAndTheNextSubscriptionNamesTheLeader() {
        KafkaAssignor assignor = assignor("w1", LocalTasks.NONE, AssignorConfig.DEFAULT);
        Map<String, Subscription> members = Map.of("m1", subscription("w1", Set.of(), List.of()));
        Assignment mine = assignor.assign(CLUSTER, new GroupSubscription(members)).groupAssignment().get("m1");
        assignor.onAssignment(mine, new ConsumerGroupMetadata("group", 1, "m1", Optional.of("w1")));

        assertThat(toldActive.get()).hasSize(6).contains(new TaskId("count-orders", 3), new TaskId("clicks", 0));
        assertThat(told.get().leads("w1")).isTrue();
        assertThat(SubscriptionCodec.decode(assignor.subscriptionUserData(Set.copyOf(TOPICS))).knownLeader())
                .isEqualTo(told.get().leader());
    }

    @Test
    void aMemberWithoutUserDataJoinsAsAFreshWorker() {
        KafkaAssignor assignor = assignor("w1", LocalTasks.NONE, AssignorConfig.DEFAULT);
        Map<String, Subscription> members = new HashMap<>();
        members.put("m1", subscription("w1", Set.of(), List.of()));
        Subscription withoutData = new Subscription(TOPICS, null, List.of());
        withoutData.setGroupInstanceId(Optional.of("w2"));
        members.put("m2", withoutData);
        Map<String, Assignment> result = assignor.assign(CLUSTER, new GroupSubscription(members)).groupAssignment();

        assertThat(result.get("m2").partitions()).hasSize(5);
        assertThat(AssignmentCodec.decode(result.get("m2").userData()).routes())
                .anySatisfy(route -> assertThat(route.workerId()).isEqualTo("w2"));
    }

    @Test
    void whenChangelogEndsCannotBeReadTheFurthestPositionStandsInAndAnotherRoundIsAsked() {
        AssignorContext context = new AssignorContext("w1", "", TOPOLOGY, new AssignorConfig(0, 10, 2),
                () -> LocalTasks.NONE, tasks -> {
                    throw new IllegalStateException("broker away");
                }, (active, info) -> { });
        KafkaAssignor assignor = new KafkaAssignor();
        assignor.configure(Map.of(AssignorContext.CONFIG_KEY, context));
        TaskId task = new TaskId("count-orders", 0);
        SubscriptionInfo behind = new SubscriptionInfo("w1", "", Set.of(), Set.of(), Map.of(task, 500L), Leadership.NONE);
        SubscriptionInfo ahead = new SubscriptionInfo("w2", "", Set.of(), Set.of(), Map.of(task, 900L), Leadership.NONE);
        Map<String, Subscription> members = Map.of(
                "m1", new Subscription(TOPICS, ByteBuffer.wrap(SubscriptionCodec.encode(behind)), List.of()),
                "m2", new Subscription(TOPICS, ByteBuffer.wrap(SubscriptionCodec.encode(ahead)), List.of()));
        Map<String, Assignment> result = assignor.assign(CLUSTER, new GroupSubscription(members)).groupAssignment();

        assertThat(result.get("m2").partitions()).contains(new TopicPartition("orders", 0));
        assertThat(AssignmentCodec.decode(result.get("m1").userData()).probingRebalance()).isTrue();
    }

    @Test
    void aSubscriptionThatCannotBeReadFailsTheRoundNamingTheMember() {
        KafkaAssignor assignor = assignor("w1", LocalTasks.NONE, AssignorConfig.DEFAULT);
        Subscription garbled = new Subscription(TOPICS, ByteBuffer.wrap(new byte[] {9, 9}), List.of());
        garbled.setGroupInstanceId(Optional.of("other-app-1"));
        GroupSubscription group = new GroupSubscription(Map.of("m1", subscription("w1", Set.of(), List.of()),
                "m2", garbled));

        assertThatThrownBy(() -> assignor.assign(CLUSTER, group))
                .isInstanceOf(io.faust4j.TransportException.class)
                .hasMessage("Group member 'm2' (instance other-app-1) sent a subscription this worker cannot read:"
                        + " Invalid assignor subscription data (2 bytes, at byte 2): workerId length is 9, more than"
                        + " the 0 bytes left");
    }

    @Test
    void aKafkaConsumerTakesItFromItsPropertiesWithTheContextObject() {
        AssignorContext context = new AssignorContext("w1", "", TOPOLOGY, AssignorConfig.DEFAULT,
                () -> LocalTasks.NONE, tasks -> Map.of(), (active, info) -> { });
        Map<String, Object> props = new HashMap<>(Map.of(
                "bootstrap.servers", "localhost:1", "group.id", "app", "group.protocol", "classic",
                "group.instance.id", "app-w1",
                "key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
                "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
                "partition.assignment.strategy", KafkaAssignor.class.getName()));
        props.put(AssignorContext.CONFIG_KEY, context);
        new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(props).close();

        props.remove(AssignorContext.CONFIG_KEY);
        assertThatThrownBy(() -> new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(props))
                .hasRootCauseInstanceOf(ConfigurationException.class);
    }
}
