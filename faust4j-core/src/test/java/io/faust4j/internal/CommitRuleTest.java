package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.TopicPartition;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ack rule: a commit never covers an event whose processing has not finished. */
class CommitRuleTest {
    private final String broker = "commit-" + UUID.randomUUID();

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    @Test
    void neverCommitsPastAnUnfinishedEvent() throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        App app = App.create("rule", s -> s.broker("memory://" + broker).topicPartitions(1)
                .commitInterval(Duration.ofMillis(10)));
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        app.agent("slow", numbers, stream -> {
            for (int n : stream) {
                if (n == 5) {
                    reached.countDown();
                    release.await();
                }
            }
        });
        TopicPartition tp = new TopicPartition("numbers", 0);
        MemoryBroker memory = MemoryBroker.named(broker);
        try (Worker worker = app.start()) {
            for (int i = 0; i < 10; i++) {
                numbers.send("k", i);
            }
            assertThat(reached.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 5; i++) {
                worker.commit();
                Thread.sleep(20);
            }
            assertThat(memory.committed("rule", tp).orElseThrow())
                    .as("events 0-4 are finished; event 5 is still being processed")
                    .isEqualTo(5);
            release.countDown();
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
            worker.commit();
            assertThat(memory.committed("rule", tp).orElseThrow()).isEqualTo(10);
        }
    }

    @Test
    void batchesAreCommittedOnlyWhenTheLoopAsksForTheNextBatch() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        App app = App.create("batches", s -> s.broker("memory://" + broker).topicPartitions(1));
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        app.agent("batcher", numbers, stream -> {
            for (List<Integer> batch : stream.take(4, Duration.ofMillis(50))) {
                if (batch.contains(5)) {
                    holding.countDown();
                    release.await();
                }
            }
        });
        TopicPartition tp = new TopicPartition("numbers", 0);
        MemoryBroker memory = MemoryBroker.named(broker);
        try (Worker worker = app.start()) {
            for (int i = 0; i < 8; i++) {
                numbers.send("k", i);
            }
            assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
            worker.commit();
            assertThat(memory.committed("batches", tp).orElseThrow()).as("the batch [4..7] is unfinished").isEqualTo(4);
            release.countDown();
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
            worker.commit();
            assertThat(memory.committed("batches", tp).orElseThrow()).isEqualTo(8);
        }
    }

    @Test
    void commitsAfterCommitEveryFinishedEventsWithoutWaitingForTheInterval() {
        App app = App.create("every", s -> s.broker("memory://" + broker).topicPartitions(1)
                .commitInterval(Duration.ofHours(1)).commitEvery(10));
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        app.agent("grouped", numbers.groupBy(n -> "k"), stream -> stream.forEach(n -> { }));
        TopicPartition tp = new TopicPartition("numbers", 0);
        MemoryBroker memory = MemoryBroker.named(broker);
        try (Worker worker = app.start()) {
            for (int i = 0; i < 25; i++) {
                numbers.send("k", i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (memory.committed("every", tp).orElse(0) < 20 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(memory.committed("every", tp).orElse(0)).isGreaterThanOrEqualTo(20);
        }
    }

    @Test
    void tableChangesReachTheChangelogBeforeTheirOffsetsAreCommitted() {
        App app = App.create("durable", s -> s.broker("memory://" + broker).topicPartitions(1)
                .commitInterval(Duration.ofMillis(5)));
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Table<String, Integer> last = app.table("last", String.class, Integer.class, -1);
        app.agent("remember", numbers, stream -> {
            for (int n : stream) {
                last.put("k", n);
            }
        });
        MemoryBroker memory = MemoryBroker.named(broker);
        TopicPartition source = new TopicPartition("numbers", 0);
        TopicPartition changelog = new TopicPartition("durable-last-changelog", 0);
        try (Worker worker = app.start()) {
            for (int i = 0; i < 2000; i++) {
                numbers.send("k", i);
                if (i % 100 == 0) {
                    long committed = memory.committed("durable", source).orElse(0);
                    var records = memory.read(changelog, 0);
                    int lastLogged = records.isEmpty() ? -1
                            : Integer.parseInt(new String(records.get(records.size() - 1).value()));
                    assertThat(lastLogged).as("changelog covers every committed event").isGreaterThanOrEqualTo((int) committed - 1);
                }
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
        }
    }
}
