package io.faust4j.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.TimerOptions;
import io.faust4j.Topic;
import io.faust4j.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An on-leader timer runs on exactly one of the workers of a group; a plain one on each. */
class LeaderTimerTest {
    @Test
    void anOnLeaderTimerRunsOnExactlyOneOfTwoWorkersSharingABroker() throws Exception {
        ManualClock clock = ManualClock.create();
        String broker = "memory://leader-" + UUID.randomUUID();
        App app = App.create("leader", s -> s.broker(broker).clock(clock).topicPartitions(2));
        Topic<String, String> in = app.topic("in", String.class);
        app.agent("drain", in, stream -> {
            for (String ignored : stream) {
                // consumes, so the workers split the partitions
            }
        });
        List<String> onLeader = Collections.synchronizedList(new ArrayList<>());
        List<String> everywhere = Collections.synchronizedList(new ArrayList<>());
        app.timer(Duration.ofSeconds(1), TimerOptions.defaults().named("report").onLeader(),
                tick -> onLeader.add(Thread.currentThread().getName()));
        app.timer(Duration.ofSeconds(1), TimerOptions.defaults().named("local"),
                tick -> everywhere.add(Thread.currentThread().getName()));
        try (Worker first = app.start(); Worker second = app.start()) {
            awaitSplit(first, second);
            for (int i = 0; i < 4; i++) {
                clock.advance(Duration.ofSeconds(1));
                assertThat(first.awaitIdle(Duration.ofSeconds(10))).isTrue();
                assertThat(second.awaitIdle(Duration.ofSeconds(10))).isTrue();
            }
            assertThat(everywhere).as("a plain timer runs on both workers").hasSize(8);
            assertThat(new HashSet<>(everywhere)).hasSize(2);
            assertThat(onLeader).as("an on-leader timer runs once per tick in the group").hasSize(4);
            assertThat(new HashSet<>(onLeader)).as("always on the same worker").hasSize(1);
        }
    }

    private static void awaitSplit(Worker first, Worker second) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Set<Integer> a = first.assignedPartitions();
            Set<Integer> b = second.assignedPartitions();
            if (a.size() == 1 && b.size() == 1 && !a.equals(b)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the two workers did not split the partitions: " + first.assignedPartitions() + " and "
                + second.assignedPartitions());
    }
}
