package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.AgentOptions;
import io.faust4j.App;
import io.faust4j.ErrorPolicy;
import io.faust4j.Faust4jException;
import io.faust4j.OffsetReset;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The at-least-once commit path under faults the memory transport injects as Kafka would produce them:
 * slow flushes, failed sends, refused commits, members dropped from their group.
 */
class CommitPathTest {
    private final String broker = "commitpath-" + UUID.randomUUID();
    private final MemoryBroker memory = MemoryBroker.named(broker);

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private App app(String id, int partitions) {
        return App.create(id, s -> s.broker("memory://" + broker).topicPartitions(partitions)
                .commitInterval(Duration.ofHours(1)).commitEvery(Long.MAX_VALUE).stopTimeout(Duration.ofSeconds(2)));
    }

    private List<ConsumedRecord> read(String topic, int partition) {
        return memory.read(new TopicPartition(topic, partition), 0);
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(10, TimeUnit.SECONDS)).as("reached in time").isTrue();
    }

    @Test
    void aCommitCoversOnlyEventsFinishedBeforeItsFlushStarted() throws Exception {
        App app = app("snapshot", 1);
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Topic<String, Integer> out = app.topic("out", Integer.class);
        CountDownLatch second = new CountDownLatch(2);
        app.agent("copy", numbers, stream -> {
            for (int n : stream) {
                out.send("k", n);
                second.countDown();
            }
        });
        CountDownLatch inFlush = new CountDownLatch(1);
        CountDownLatch leaveFlush = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        memory.faults().holdSends(true).onFlush(() -> {
            if (first.compareAndSet(true, false)) {
                inFlush.countDown();
                try {
                    leaveFlush.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try (Worker worker = app.start()) {
            memory.append(new TopicPartition("numbers", 0), "k".getBytes(), "0".getBytes(), 0, List.of());
            CompletableFuture<Void> commit = CompletableFuture.runAsync(worker::commit);
            await(inFlush);  // the flush stored out(0) and is still running
            memory.append(new TopicPartition("numbers", 0), "k".getBytes(), "1".getBytes(), 0, List.of());
            await(second);   // event 1 is processed now; its out(1) is held, not flushed
            Thread.sleep(50); // and finished: the loop asked for the next event
            leaveFlush.countDown();
            commit.get(10, TimeUnit.SECONDS);
            long committed = memory.committed("snapshot", new TopicPartition("numbers", 0)).orElse(0);
            assertThat(read("out", 0)).as("only out(0) was flushed").hasSize(1);
            assertThat(committed).as("the commit must not cover event 1, whose output was never flushed").isEqualTo(1);
            memory.faults().clear();
        }
    }

    @Test
    void aFailedSendIsNeverCommittedPastAndStopsTheWorker() throws Exception {
        App app = app("sticky", 1);
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Topic<String, Integer> out = app.topic("out", Integer.class);
        app.agent("copy", numbers, stream -> {
            for (int n : stream) {
                out.send("k", n);
            }
        });
        Worker worker = app.start();
        try {
            memory.faults().failSends("out", "broker said no");
            for (int i = 0; i < 5; i++) {
                numbers.send("k", i);
            }
            assertThatThrownBy(worker::commit).isInstanceOf(Faust4jException.class).hasMessageContaining("broker said no");
            memory.faults().healSends("out");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (worker.isRunning() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(worker.isRunning()).as("a failed send stops the worker").isFalse();
            assertThat(((WorkerImpl) worker).failure()).hasMessageContaining("broker said no");
            assertThat(memory.committed("sticky", new TopicPartition("numbers", 0)))
                    .as("nothing committed past the failed send, not even while stopping").isEmpty();
        } finally {
            worker.stop();
            memory.faults().clear();
        }
    }

    @Test
    void lostPartitionsAreDroppedWithoutWritingAndTheirZombieActorIsFenced() throws Exception {
        App app = app("lost", 1);
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Topic<String, String> out = app.topic("out", String.class);
        Table<String, String> last = app.table("last", String.class, String.class, "");
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean zombie = new AtomicBoolean(true);
        app.agent("stubborn", numbers, stream -> {
            for (int n : stream) {
                if (n == 3 && zombie.getAndSet(false)) {
                    stuck.countDown();
                    while (wake.getCount() > 0) { // ignores interrupts, as code stuck in a library may
                        try {
                            wake.await();
                        } catch (InterruptedException ignored) {
                            // keep waiting
                        }
                    }
                    try {
                        last.put("k", "zombie");
                    } catch (Faust4jException e) {
                        refused.incrementAndGet();
                    }
                    try {
                        out.send("k", "zombie");
                    } catch (Faust4jException e) {
                        refused.incrementAndGet();
                    }
                    throw new IllegalStateException("the zombie gives up");
                }
                last.put("k", "v" + n);
                out.send("k", "v" + n);
            }
        });
        try (Worker worker = app.start()) {
            for (int i = 0; i < 6; i++) {
                numbers.send("k", i);
            }
            await(stuck);
            memory.faults().expelMembers("lost");
            Thread.sleep(300); // the loop finds out at its next poll, fences the actor and joins again
            wake.countDown();
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(refused.get()).as("the zombie's table write and send are refused").isEqualTo(2);
            assertThat(read("out", 0)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .doesNotContain("\"zombie\"").contains("\"v5\"");
            assertThat(read("lost-last-changelog", 0)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .doesNotContain("\"zombie\"");
            worker.commit();
            assertThat(last.get("k")).isEqualTo("v5");
        }
    }

    @Test
    void aCommitTheTransportRefusedIsNotCountedAndPurgesNothing() throws Exception {
        App app = app("refused", 1);
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        AtomicInteger seen = new AtomicInteger();
        app.agent("count", numbers.groupBy("one", String.class, n -> "k"), stream -> {
            for (int n : stream) {
                seen.incrementAndGet();
            }
        });
        TopicPartition repartition = new TopicPartition("refused-count-one-repartition", 0);
        try (Worker worker = app.start()) {
            for (int i = 0; i < 5000; i++) {
                numbers.send("k", i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            memory.faults().refuseCommits(1);
            worker.commit();
            assertThat(memory.committed("refused", repartition)).as("refused: nothing committed").isEmpty();
            assertThat(memory.startOffset(repartition)).as("nothing purged below a commit that did not happen").isZero();
            worker.commit();
            assertThat(memory.committed("refused", repartition)).hasValue(5000);
            assertThat(memory.startOffset(repartition)).as("purged once committed").isEqualTo(4096);
        }
    }

    @Test
    void internalTopicsStartAtTheirBeginningWhateverTheResetSetting() {
        App app = App.create("reset", s -> s.broker("memory://" + broker).topicPartitions(1)
                .consumerAutoOffsetReset(OffsetReset.LATEST));
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        AtomicInteger seen = new AtomicInteger();
        app.agent("count", numbers.groupBy("one", String.class, n -> "k"), stream -> {
            for (int n : stream) {
                seen.incrementAndGet();
            }
        });
        // a worker that crashed after forwarding these, before its agent committed anything on the repartition topic
        memory.createTopic(new TopicSpec("reset-count-one-repartition", 1, 1, false, true, Map.of()));
        for (int i = 0; i < 7; i++) {
            memory.append(new TopicPartition("reset-count-one-repartition", 0), "k".getBytes(), "1".getBytes(), 0,
                    List.of());
        }
        try (Worker worker = app.start()) {
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(seen.get()).as("forwarded records are never skipped").isEqualTo(7);
        }
    }

    /** A value Jackson cannot encode (an empty bean). */
    record Opaque(Object inside) {
    }

    @Test
    void aTableValueThatCannotBeEncodedFailsTheEventThatWroteItNotTheCheckpoint() {
        App app = app("encode", 1);
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Table<String, Opaque> table = app.table("opaque", String.class, Opaque.class);
        app.agent("writer", numbers, AgentOptions.defaults().onError(ErrorPolicy.SKIP), stream -> {
            for (int n : stream) {
                table.put("k" + n, new Opaque(n == 2 ? new Object() : "fine"));
            }
        });
        try (Worker worker = app.start()) {
            for (int i = 0; i < 5; i++) {
                numbers.send("k", i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            assertThat(worker.stats().skipped()).isEqualTo(1);
            assertThat(memory.committed("encode", new TopicPartition("numbers", 0))).as("the partition goes on").hasValue(5);
            assertThat(read("encode-opaque-changelog", 0)).hasSize(4);
        }
    }

    @Test
    void stuckAgentsAreStoppedAgainstOneSharedDeadline() throws Exception {
        App app = App.create("stuck", s -> s.broker("memory://" + broker).topicPartitions(4)
                .stopTimeout(Duration.ofMillis(800)));
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        CountDownLatch allStuck = new CountDownLatch(4);
        app.agent("sleepy", numbers, stream -> {
            for (int n : stream) {
                allStuck.countDown();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < until) { // busy in user code that ignores interrupts
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ignored) {
                        // keep sleeping
                    }
                }
            }
        });
        Worker worker = app.start();
        for (int p = 0; p < 4; p++) {
            memory.append(new TopicPartition("numbers", p), "k".getBytes(), "1".getBytes(), 0, List.of());
        }
        await(allStuck);
        long started = System.nanoTime();
        worker.stop();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(millis).as("four stuck agents share one 800 ms deadline").isLessThan(3_000);
        assertThat(memory.committed("stuck", new TopicPartition("numbers", 0)).orElse(0))
                .as("the unfinished event is not committed").isZero();
    }

    @Test
    void anAgentThatReturnsIsStartedAgainAndItsPartitionKeepsFlowing() {
        App app = app("returns", 1);
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        app.agent("quitter", numbers, stream -> {
            for (int n : stream) {
                seen.add(n);
                if (n % 3 == 0) {
                    return;
                }
            }
        });
        try (Worker worker = app.start()) {
            for (int i = 0; i < 10; i++) {
                numbers.send("k", i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(worker.stats().agentRestarts()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aFatalErrorStopsTheWholeWorkerFailsPendingCommitsAndRunThrows() throws Exception {
        App app = app("fatal", 1);
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Topic<String, Integer> local = app.channel("local", Integer.class);
        app.agent("strict", numbers, AgentOptions.defaults().onError(ErrorPolicy.STOP_WORKER), stream -> {
            for (int n : stream) {
                if (n == 3) {
                    throw new IllegalStateException("three is fatal");
                }
            }
        });
        app.agent("local", local, stream -> stream.forEach(n -> { }));
        CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
            try {
                app.run();
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                numbers.send("k", 3);
                break;
            } catch (Faust4jException notStartedYet) {
                Thread.sleep(20);
            }
        }
        Throwable thrown = run.get(20, TimeUnit.SECONDS);
        assertThat(thrown).isInstanceOf(Faust4jException.class).hasMessageContaining("three is fatal");
        assertThat(memory.committed("fatal", new TopicPartition("numbers", 0)).orElse(0))
                .as("the failing event is not committed").isZero();
        Thread.sleep(200);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .as("no loop of the worker is left running").noneMatch(name -> name.startsWith("faust4j-poll-"));
    }

    @Test
    void tombstonesAreCountedAndVisibleToEventViewsOnly() {
        App app = app("tombs", 1);
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Topic<String, Integer> numbers2 = app.topic("numbers2", Integer.class);
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Integer> values = new java.util.concurrent.CopyOnWriteArrayList<>();
        app.agent("events", numbers, stream -> {
            for (var event : stream.events()) {
                events.add(event.key().orElse("?") + "=" + event.value());
            }
        });
        app.agent("values", numbers2, stream -> stream.forEach(values::add));
        try (Worker worker = app.start()) {
            for (String topic : List.of("numbers", "numbers2")) {
                TopicPartition tp = new TopicPartition(topic, 0);
                memory.append(tp, "a".getBytes(), "1".getBytes(), 0, List.of());
                memory.append(tp, "a".getBytes(), null, 0, List.of());
                memory.append(tp, "b".getBytes(), "2".getBytes(), 0, List.of());
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(events).containsExactly("a=1", "a=null", "b=2");
            assertThat(values).containsExactly(1, 2);
            assertThat(worker.stats().tombstones()).isEqualTo(2);
        }
    }

    @Test
    void aSourceTopicWhosePartitionsDifferFromTheTablesStopsTheStart() {
        memory.createTopic(new TopicSpec("wide", 12, 1, false, false, Map.of()));
        App app = App.create("mismatch", s -> s.broker("memory://" + broker).topicPartitions(8));
        Topic<String, Integer> wide = app.topic("wide", Integer.class);
        Table<String, Long> sums = app.table("sums", String.class, Long.class, 0L);
        app.agent("sum", wide, stream -> {
            for (int n : stream) {
                sums.update("k", s -> s + n);
            }
        });
        assertThatThrownBy(app::start).isInstanceOf(io.faust4j.ConfigurationException.class)
                .hasMessageContaining("tables have 8 partitions")
                .hasMessageContaining("topic 'wide' (consumed by agent 'sum') has 12 partitions")
                .hasMessageContaining("topic_partitions");
    }

    @Test
    void aChannelsRecordsAreDroppedOnceCommittedPast() {
        App app = App.create("trim", s -> s.broker("memory://" + broker).topicPartitions(1)
                .commitInterval(Duration.ofMillis(10)));
        Topic<String, Integer> local = app.channel("local", Integer.class);
        AtomicInteger seen = new AtomicInteger();
        app.agent("local", local, stream -> stream.forEach(n -> seen.incrementAndGet()));
        try (Worker worker = app.start()) {
            for (int i = 0; i < 10_000; i++) {
                local.send("k", i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            assertThat(seen.get()).isEqualTo(10_000);
            assertThat(((WorkerImpl) worker).channelBroker().startOffset(new TopicPartition("local", 0)))
                    .as("whole chunks below the commit are gone").isEqualTo(8192);
        }
    }

    @Test
    void aCommitWaitingForABusyActorDoesNotHoldUpTheOtherPartitions() throws Exception {
        App app = App.create("busy", s -> s.broker("memory://" + broker).topicPartitions(2)
                .commitInterval(Duration.ofSeconds(5)).commitEvery(Long.MAX_VALUE));
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        app.agent("work", numbers, stream -> {
            for (int n : stream) {
                if (n < 0) {
                    stuck.countDown();
                    release.await();
                }
                done.incrementAndGet();
            }
        });
        try (Worker worker = app.start()) {
            memory.append(new TopicPartition("numbers", 0), "k".getBytes(), "-1".getBytes(), 0, List.of());
            await(stuck);
            CompletableFuture<Void> commit = CompletableFuture.runAsync(worker::commit);
            Thread.sleep(100); // the commit round is waiting for the stuck actor (up to commit_interval, 5 s)
            for (int i = 0; i < 100; i++) {
                memory.append(new TopicPartition("numbers", 1), "k".getBytes(), Integer.toString(i).getBytes(), 0,
                        List.of());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (done.get() < 100 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(done.get()).as("partition 1 is dispatched and processed while the commit waits").isEqualTo(100);
            release.countDown();
            commit.get(10, TimeUnit.SECONDS);
        }
    }
}
