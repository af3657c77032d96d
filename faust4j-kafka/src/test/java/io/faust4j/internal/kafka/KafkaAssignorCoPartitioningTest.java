package io.faust4j.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.internal.assign.AssignorConfig;
import io.faust4j.internal.assign.AssignorContext;
import io.faust4j.internal.assign.LocalTasks;
import io.faust4j.internal.assign.SubscriptionCodec;
import io.faust4j.internal.assign.SubscriptionInfo;
import io.faust4j.internal.assign.TaskTopology;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Seeded randomized check of the adapter over random topologies: every partition is assigned exactly once,
 * and partition {@code p} of all topics of a co-partitioned group goes to one member.
 */
class KafkaAssignorCoPartitioningTest {
    private static final long[] SEEDS = {11, 22, 33, 44, 55, 66, 77, 88, 99, 110};

    @Test
    void partitionsOfOneTaskAlwaysGoTogether() {
        for (long seed : SEEDS) {
            Random random = new Random(seed);
            Map<String, String> groups = new HashMap<>();
            Map<String, Integer> partitions = new HashMap<>();
            for (int g = 0; g < 1 + random.nextInt(4); g++) {
                int count = 1 + random.nextInt(12);
                for (int t = 0; t < 1 + random.nextInt(3); t++) {
                    groups.put("topic-" + g + "-" + t, "group-" + g);
                    partitions.put("topic-" + g + "-" + t, count);
                }
            }
            Map<String, Assignment> result = assign(random, groups, partitions);
            check(seed, groups, partitions, result);
        }
    }

    private static Map<String, Assignment> assign(Random random, Map<String, String> groups,
            Map<String, Integer> partitions) {
        TaskTopology topology = new TaskTopology(groups);
        AssignorContext context = new AssignorContext("w0", "", topology, new AssignorConfig(1, 100, 2),
                () -> LocalTasks.NONE, tasks -> Map.of(), (active, info) -> { });
        KafkaAssignor assignor = new KafkaAssignor();
        assignor.configure(Map.of(AssignorContext.CONFIG_KEY, context));
        Map<String, Subscription> members = new HashMap<>();
        for (int m = 0; m < 1 + random.nextInt(6); m++) {
            byte[] data = SubscriptionCodec.encode(SubscriptionInfo.fresh("w" + m, ""));
            members.put("member-" + m, new Subscription(new ArrayList<>(partitions.keySet()), ByteBuffer.wrap(data),
                    List.of(), 1, Optional.empty()));
        }
        Cluster cluster = KafkaAssignorTest.cluster(partitions);
        return assignor.assign(cluster, new GroupSubscription(members)).groupAssignment();
    }

    private static void check(long seed, Map<String, String> groups, Map<String, Integer> partitions,
            Map<String, Assignment> result) {
        Map<TopicPartition, String> owner = new HashMap<>();
        result.forEach((member, assignment) -> assignment.partitions().forEach(tp ->
                assertThat(owner.put(tp, member)).as("seed %d: %s assigned twice", seed, tp).isNull()));
        int total = partitions.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(owner).as("seed %d: partitions assigned", seed).hasSize(total);
        owner.forEach((tp, member) -> groups.forEach((topic, group) -> {
            if (group.equals(groups.get(tp.topic()))) {
                assertThat(owner.get(new TopicPartition(topic, tp.partition())))
                        .as("seed %d: %s-%d beside %s", seed, topic, tp.partition(), tp).isEqualTo(member);
            }
        }));
    }
}
