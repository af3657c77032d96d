package io.faust4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.TimerOptions;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** On Kafka, an on-leader timer runs on one worker of the group, a plain timer on every worker. */
class KafkaLeaderTimerTest {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The worker a timer body runs on: the last part of its thread's name (the worker's client id). */
    private static String worker() {
        String thread = Thread.currentThread().getName();
        return thread.substring(thread.lastIndexOf('-') + 1);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void anOnLeaderTimerRunsOnOneOfTwoWorkers() throws Exception {
        String id = "leader-" + UUID.randomUUID().toString().substring(0, 8);
        App app = App.create(id, s -> s.broker(kafka.brokerUrl()).topicPartitions(2));
        Topic<String, String> in = app.topic("in", String.class);
        app.agent("drain", in, stream -> {
            for (String ignored : stream) {
                // consumes, so the two workers split the partitions
            }
        });
        List<String> onLeader = Collections.synchronizedList(new ArrayList<>());
        List<String> everywhere = Collections.synchronizedList(new ArrayList<>());
        app.timer(Duration.ofMillis(100), TimerOptions.defaults().named("report").onLeader(),
                tick -> onLeader.add(worker()));
        app.timer(Duration.ofMillis(100), TimerOptions.defaults().named("local"),
                tick -> everywhere.add(worker()));
        try (Worker first = app.start(); Worker second = app.start()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(first.assignedPartitions().size() == 1 && second.assignedPartitions().size() == 1
                    && !first.assignedPartitions().equals(second.assignedPartitions()))) {
                assertThat(System.nanoTime()).as("the workers split the partitions").isLessThan(deadline);
                Thread.sleep(20);
            }
            Thread.sleep(500); // a rebalance that just ended may have let a tick run on both
            onLeader.clear();
            everywhere.clear();
            long started = System.nanoTime();
            Thread.sleep(2_000);
            long windowMillis = (System.nanoTime() - started) / 1_000_000;
            List<String> leaderRuns = List.copyOf(onLeader);
            Set<String> all = new HashSet<>(everywhere);

            assertThat(new HashSet<>(leaderRuns)).as("one worker runs the on-leader timer").hasSize(1);
            assertThat(leaderRuns.size()).isBetween(5, (int) (windowMillis / 100) + 2);
            assertThat(all).as("both workers run the plain timer").hasSize(2);
            assertThat(all).contains(leaderRuns.getFirst());
        }
    }
}
