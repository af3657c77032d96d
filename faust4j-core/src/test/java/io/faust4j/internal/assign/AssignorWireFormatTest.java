package io.faust4j.internal.assign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.TransportException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The subscription and assignment user data: round trips, the pinned layout, and malformed bytes. */
class AssignorWireFormatTest {
    private static final long SEED = 20261203L;

    private static final SubscriptionInfo SUBSCRIPTION = new SubscriptionInfo("worker-1", "http://wörker-1:6066",
            Set.of(new TaskId("orders", 0), new TaskId("orders", 7), new TaskId("pay", 300)),
            Set.of(new TaskId("orders", 3)),
            Map.of(new TaskId("orders", 3), 12_345_678_901L, new TaskId("orders", 0), 0L),
            new Leadership("worker-0", 9));

    private static final AssignmentInfo ASSIGNMENT = new AssignmentInfo(
            Set.of(new TaskId("orders", 3), new TaskId("orders", 4)), Set.of(new TaskId("orders", 4)), "m-0",
            new Leadership("worker-0", 9), true, false,
            List.of(new Route("m-0", "worker-0", "http://w0", Set.of(new TaskId("orders", 1))),
                    new Route("m-1", "worker-1", "", Set.of())));

    private static SubscriptionInfo subscription(byte[] bytes) {
        return SubscriptionCodec.decode(ByteBuffer.wrap(bytes));
    }

    private static AssignmentInfo assignment(byte[] bytes) {
        return AssignmentCodec.decode(ByteBuffer.wrap(bytes));
    }

    @Test
    void subscriptionRoundTrips() {
        assertThat(subscription(SubscriptionCodec.encode(SUBSCRIPTION))).isEqualTo(SUBSCRIPTION);
    }

    @Test
    void assignmentRoundTrips() {
        assertThat(assignment(AssignmentCodec.encode(ASSIGNMENT))).isEqualTo(ASSIGNMENT);
    }

    @Test
    void decodingLeavesTheBufferPositionAlone() {
        ByteBuffer buffer = ByteBuffer.wrap(SubscriptionCodec.encode(SUBSCRIPTION));
        SubscriptionCodec.decode(buffer);
        assertThat(buffer.position()).isZero();
    }

    @Test
    void theLayoutIsVersionThenFieldsInOrder() {
        SubscriptionInfo info = new SubscriptionInfo("w", "u", Set.of(new TaskId("g", 2), new TaskId("g", 5)),
                Set.of(), Map.of(new TaskId("g", 2), 300L), new Leadership("w", 1));
        assertThat(SubscriptionCodec.encode(info)).containsExactly(
                1,                      // version
                1, 'w', 1, 'u',         // worker id, web URL
                1, 'w', 1,              // known leader, its epoch
                1, 1, 'g', 2, 2, 3,     // active: one group "g", two tasks, partitions 2 and 2+3
                0,                      // standby: no groups
                1, 1, 'g', 1, 2, 0xAC, 0x02); // positions: group "g", one task, partition 2 at 300
    }

    @Test
    void randomInfosRoundTrip() {
        Random random = new Random(SEED);
        for (int i = 0; i < 500; i++) {
            SubscriptionInfo info = new SubscriptionInfo("w" + random.nextInt(1000), random.nextBoolean() ? "" : "http://x",
                    randomTasks(random), randomTasks(random), randomPositions(random),
                    new Leadership("w" + random.nextInt(3), random.nextLong(Long.MAX_VALUE)));
            assertThat(subscription(SubscriptionCodec.encode(info))).as("seed %d case %d", SEED, i).isEqualTo(info);
            Set<TaskId> standby = randomTasks(random);
            AssignmentInfo assigned = new AssignmentInfo(standby, standby.stream().filter(t -> random.nextBoolean())
                    .collect(java.util.stream.Collectors.toSet()), "m", new Leadership("w", i), random.nextBoolean(),
                    random.nextBoolean(), List.of(new Route("m", "w", "u", randomTasks(random))));
            assertThat(assignment(AssignmentCodec.encode(assigned))).as("seed %d case %d", SEED, i).isEqualTo(assigned);
        }
    }

    private static Set<TaskId> randomTasks(Random random) {
        Set<TaskId> tasks = new HashSet<>();
        for (int i = random.nextInt(20); i > 0; i--) {
            tasks.add(new TaskId("g" + random.nextInt(4), random.nextInt(random.nextBoolean() ? 10 : Integer.MAX_VALUE)));
        }
        return tasks;
    }

    private static Map<TaskId, Long> randomPositions(Random random) {
        Map<TaskId, Long> positions = new HashMap<>();
        randomTasks(random).forEach(t -> positions.put(t, random.nextLong(Long.MAX_VALUE)));
        return positions;
    }

    @Test
    void everyTruncationFailsNamingWhatIsMissing() {
        byte[] subscription = SubscriptionCodec.encode(SUBSCRIPTION);
        for (int length = 0; length < subscription.length; length++) {
            byte[] cut = Arrays.copyOf(subscription, length);
            assertThatThrownBy(() -> subscription(cut)).as("length %d", length)
                    .isInstanceOf(TransportException.class)
                    .hasMessageStartingWith("Invalid assignor subscription data (" + length + " bytes, at byte ");
        }
        byte[] assignment = AssignmentCodec.encode(ASSIGNMENT);
        for (int length = 0; length < assignment.length; length++) {
            byte[] cut = Arrays.copyOf(assignment, length);
            assertThatThrownBy(() -> assignment(cut)).as("length %d", length)
                    .isInstanceOf(TransportException.class)
                    .hasMessageStartingWith("Invalid assignor assignment data (" + length + " bytes");
        }
    }

    @Test
    void emptyDataAndUnknownVersionsFailClearly() {
        assertThatThrownBy(() -> subscription(new byte[0])).isInstanceOf(TransportException.class)
                .hasMessage("Invalid assignor subscription data (0 bytes, at byte 0): it ends before the version byte");
        assertThatThrownBy(() -> assignment(new byte[] {0})).isInstanceOf(TransportException.class)
                .hasMessage("Invalid assignor assignment data (1 bytes, at byte 1): version 0 does not exist;"
                        + " this worker reads versions 1 and up");
    }

    @Test
    void version1MustEndAfterItsLastFieldButALaterVersionMayAppendFields() {
        byte[] extended = Arrays.copyOf(SubscriptionCodec.encode(SUBSCRIPTION), SubscriptionCodec.encode(SUBSCRIPTION).length + 3);
        assertThatThrownBy(() -> subscription(extended)).isInstanceOf(TransportException.class)
                .hasMessageEndingWith("3 bytes follow the last field of version 1");
        extended[0] = 2;
        assertThat(subscription(extended)).isEqualTo(SUBSCRIPTION);
    }

    @Test
    void garbledFieldsFailWithoutHugeAllocations() {
        assertThatThrownBy(() -> subscription(new byte[] {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}))
                .isInstanceOf(TransportException.class).hasMessageContaining("workerId length is 268435455, more than the 0 bytes left");
        assertThatThrownBy(() -> subscription(new byte[] {1, 2, (byte) 0xC3, 0x28}))
                .isInstanceOf(TransportException.class).hasMessageEndingWith("workerId is not valid UTF-8");
        assertThatThrownBy(() -> subscription(new byte[] {1, 1, 'w', 0, 0, 0, 1, 1, 'g', 2, 4, 0, 0, 0}))
                .isInstanceOf(TransportException.class).hasMessageEndingWith("activeTasks lists task g-4 twice");
        assertThatThrownBy(() -> assignment(new byte[] {1, 8, 0, 0, 0, 0, 0, 0}))
                .isInstanceOf(TransportException.class).hasMessageEndingWith("flags 8 has bits version 1 does not define");
        byte[] longVarint = new byte[20];
        longVarint[0] = 1;
        Arrays.fill(longVarint, 1, 20, (byte) 0x80);
        assertThatThrownBy(() -> subscription(longVarint))
                .isInstanceOf(TransportException.class).hasMessageEndingWith("is a varint longer than 9 bytes");
    }

    @Test
    void everyMemberLearnsWhoOwnsEachTask() {
        Set<TaskId> all = new HashSet<>(List.of(new TaskId("g", 0), new TaskId("g", 1)));
        List<MemberSubscription> members = new ArrayList<>();
        members.add(new MemberSubscription("m-a", SubscriptionInfo.fresh("a", "http://a")));
        members.add(new MemberSubscription("m-b", SubscriptionInfo.fresh("b", "http://b")));
        GroupState group = GroupState.of(members, all, Map.of());
        GroupAssignment result = Assignor.assign(group, AssignorConfig.DEFAULT);

        AssignmentInfo info = assignment(AssignmentCodec.encode(AssignmentInfo.of(group, result, "m-b")));
        for (TaskId task : all) {
            String owner = result.activeOwner(task).orElseThrow();
            assertThat(info.ownerOf(task).orElseThrow().webUrl()).isEqualTo(owner.equals("m-a") ? "http://a" : "http://b");
        }
        assertThat(info.leads("a")).isTrue();
    }
}
