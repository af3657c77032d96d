package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.AgentOptions;
import io.faust4j.App;
import io.faust4j.ErrorPolicy;
import io.faust4j.KeyValue;
import io.faust4j.ProcessingGuarantee;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Agents with {@code concurrency(N)} and {@code keyOrdered(N)}: several events of a partition at once. */
class ConcurrentAgentsTest {
    private final String broker = "lanes-" + UUID.randomUUID();
    private final MemoryBroker memory = MemoryBroker.named(broker);

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private App app(String id) {
        return App.create(id, s -> s.broker("memory://" + broker).topicPartitions(1)
                .commitInterval(Duration.ofMillis(10)));
    }

    /** Tracks how many events run at once, overall and per key. */
    private static final class Overlap {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final Set<String> keysRunning = ConcurrentHashMap.newKeySet();
        final List<String> sameKeyOverlaps = new CopyOnWriteArrayList<>();

        void enter(String key) {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            if (!keysRunning.add(key)) {
                sameKeyOverlaps.add(key);
            }
        }

        void leave(String key) {
            keysRunning.remove(key);
            running.decrementAndGet();
        }
    }

    @Test
    void keyOrderedRunsDifferentKeysAtOnceAndEachKeyInOrder() throws Exception {
        App app = app("ordered");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Topic<String, Integer> out = app.topic("out", Integer.class);
        Overlap overlap = new Overlap();
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        app.agent("calls", numbers, AgentOptions.defaults().keyOrdered(8), stream -> {
            for (KeyValue<String, Integer> kv : stream.items()) {
                overlap.enter(kv.key());
                Thread.sleep(2); // a slow call
                seen.computeIfAbsent(kv.key(), k -> new CopyOnWriteArrayList<>()).add(kv.value());
                out.send(kv.key(), kv.value());
                overlap.leave(kv.key());
            }
        });
        int keys = 8;
        int perKey = 25;
        try (Worker worker = app.start()) {
            for (int i = 0; i < perKey; i++) {
                for (int k = 0; k < keys; k++) {
                    numbers.send("key-" + k, i);
                }
                Thread.sleep(1); // a key's next event often arrives while its previous one runs
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(20))).isTrue();
            worker.commit();
            assertThat(memory.committed("ordered", new TopicPartition("numbers", 0))).hasValue(keys * perKey);
        }
        assertThat(overlap.sameKeyOverlaps).as("two events of one key never run at once").isEmpty();
        assertThat(overlap.maxRunning.get()).as("events of different keys run at once").isGreaterThan(1);
        List<Integer> inOrder = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            inOrder.add(i);
        }
        assertThat(seen).hasSize(keys);
        seen.values().forEach(values -> assertThat(values).as("one key's events in offset order").isEqualTo(inOrder));
        assertThat(memory.read(new TopicPartition("out", 0), 0)).as("every event's send").hasSize(keys * perKey);
    }

    @Test
    void keyOrderedNeverCommitsPastAnUnfinishedEventWhileLaterKeysFinish() throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        App app = app("ordered-commit");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        AtomicInteger done = new AtomicInteger();
        app.agent("slow", numbers, AgentOptions.defaults().keyOrdered(4), stream -> {
            for (KeyValue<String, Integer> kv : stream.items()) {
                if (kv.key().equals("slow")) {
                    reached.countDown();
                    release.await();
                }
                done.incrementAndGet();
            }
        });
        TopicPartition tp = new TopicPartition("numbers", 0);
        try (Worker worker = app.start()) {
            numbers.send("a", 0);
            numbers.send("b", 1);
            numbers.send("slow", 2);
            for (int i = 3; i < 10; i++) {
                numbers.send("k" + i, i);
            }
            assertThat(reached.await(5, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (done.get() < 9 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(done.get()).as("every other event finished meanwhile").isEqualTo(9);
            for (int i = 0; i < 3; i++) {
                worker.commit();
                Thread.sleep(20);
            }
            assertThat(memory.committed("ordered-commit", tp).orElseThrow())
                    .as("offsets 3-9 are finished, but offset 2 is not").isEqualTo(2);
            release.countDown();
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
            worker.commit();
            assertThat(memory.committed("ordered-commit", tp).orElseThrow()).isEqualTo(10);
        }
    }

    @Test
    void concurrencyTakesEventsOfOneKeyAtOnceAndCommitsBelowTheLowestUnfinished() throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        App app = app("tasks");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Overlap overlap = new Overlap();
        Set<Integer> finished = ConcurrentHashMap.newKeySet();
        app.agent("work", numbers, AgentOptions.defaults().concurrency(4), stream -> {
            for (int n : stream) {
                overlap.enter("k" + n);
                if (n == 3) {
                    reached.countDown();
                    release.await();
                } else {
                    Thread.sleep(2);
                }
                finished.add(n);
                overlap.leave("k" + n);
            }
        });
        TopicPartition tp = new TopicPartition("numbers", 0);
        try (Worker worker = app.start()) {
            for (int i = 0; i < 40; i++) {
                numbers.send("same-key", i);
            }
            assertThat(reached.await(5, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (finished.size() < 39 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(finished).as("the other events of the same key went on").hasSize(39);
            worker.commit();
            assertThat(memory.committed("tasks", tp).orElseThrow()).as("offset 3 is unfinished").isEqualTo(3);
            release.countDown();
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
            worker.commit();
            assertThat(memory.committed("tasks", tp).orElseThrow()).isEqualTo(40);
        }
        assertThat(overlap.maxRunning.get()).as("unordered: events of one key at once").isGreaterThan(1);
    }

    @Test
    void tablesCannotBeWrittenFromAConcurrentAgent() {
        App app = app("readonly");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Table<String, Integer> table = app.table("t", String.class, Integer.class, 0);
        List<String> errors = new CopyOnWriteArrayList<>();
        app.agent("writer", numbers, AgentOptions.defaults().concurrency(2), stream -> {
            for (int n : stream) {
                assertThat(table.get("k")).isZero(); // reading is fine
                try {
                    table.put("k", n);
                } catch (RuntimeException e) {
                    errors.add(e.getMessage());
                }
            }
        });
        try (Worker worker = app.start()) {
            numbers.send("k", 1);
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(errors).singleElement().asString()
                .contains("Table 't' cannot be written", "concurrency or keyOrdered", "plain agent");
    }

    @Test
    void windowedTablesCannotBeWrittenFromAConcurrentAgentEither() {
        App app = app("readonly-windows");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        io.faust4j.WindowedTable<String, Integer> table = app.table("w", String.class, Integer.class, 0)
                .windowed(io.faust4j.Windows.tumbling(Duration.ofMinutes(1)));
        List<String> errors = new CopyOnWriteArrayList<>();
        app.agent("writer", numbers, AgentOptions.defaults().keyOrdered(2), stream -> {
            for (int n : stream) {
                try {
                    table.update("k", old -> old + n);
                } catch (RuntimeException e) {
                    errors.add(e.getMessage());
                }
            }
        });
        try (Worker worker = app.start()) {
            numbers.send("k", 1);
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(table.keys()).isEmpty();
        }
        assertThat(errors).singleElement().asString()
                .contains("Windowed table 'w' cannot be written", "concurrency or keyOrdered", "plain agent");
    }

    @Test
    void aFailingEventIsRetriedThenDeadLetteredWhileTheOtherLanesGoOn() {
        App app = app("lane-failure");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Set<Integer> processed = ConcurrentHashMap.newKeySet();
        AtomicInteger attempts = new AtomicInteger();
        app.agent("fragile", numbers, AgentOptions.defaults().keyOrdered(3).retries(3, Duration.ofMillis(1), Duration.ofMillis(1)), stream -> {
            for (int n : stream) {
                if (n == 5) {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("bad " + n);
                }
                processed.add(n);
            }
        });
        try (Worker worker = app.start()) {
            for (int i = 0; i < 20; i++) {
                numbers.send("k" + (i % 4), i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            assertThat(memory.committed("lane-failure", new TopicPartition("numbers", 0))).hasValue(20);
            assertThat(worker.stats().deadLetters()).isEqualTo(1);
        }
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(processed).hasSize(19).doesNotContain(5);
        List<ConsumedRecord> letters = memory.read(new TopicPartition("numbers-dlq", 0), 0);
        assertThat(letters).singleElement().satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8))
                .isEqualTo("5"));
    }

    @Test
    void keyOrderedOutputsAreExactlyOnceWhenTransactionsAbort() {
        App app = App.create("lanes-eos", s -> s.broker("memory://" + broker).topicPartitions(2)
                .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).commitInterval(Duration.ofMillis(15)));
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Topic<String, Integer> out = app.topic("out", Integer.class);
        app.agent("copy", numbers, AgentOptions.defaults().keyOrdered(16), stream -> {
            for (KeyValue<String, Integer> kv : stream.items()) {
                if (kv.value() % 7 == 0) {
                    Thread.sleep(1);
                }
                out.send(kv.key(), kv.value());
            }
        });
        AtomicInteger commits = new AtomicInteger();
        memory.faults().failTransactionCommits(id -> {
            int n = commits.incrementAndGet();
            return n % 3 == 0 && n < 60;
        });
        int total = 2_000;
        try (Worker worker = app.start()) {
            for (int i = 0; i < total; i++) {
                numbers.send("k" + (i % 37), i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            memory.faults().clear();
            worker.commit();
            assertThat(worker.stats().aborts()).as("transactions were aborted and replayed").isPositive();
        }
        List<Integer> values = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            for (ConsumedRecord r : memory.read(new TopicPartition("out", p), 0)) {
                values.add(Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8)));
            }
        }
        assertThat(new HashSet<>(values)).as("every event's output").hasSize(total);
        assertThat(values).as("each output once, though aborted work was redone").hasSize(total);
    }

    @Test
    void invalidConcurrencyIsRefusedWithTheRange() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentOptions.defaults().keyOrdered(0))
                .hasMessageContaining("Invalid concurrency 0").hasMessageContaining("1 to 10000");
    }

    @Test
    void takeIsRefusedInAConcurrentAgent() {
        App app = app("no-take");
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        List<String> errors = new CopyOnWriteArrayList<>();
        app.agent("batcher", numbers, AgentOptions.defaults().concurrency(2).onError(ErrorPolicy.SKIP), stream -> {
            try {
                stream.take(10, Duration.ofSeconds(1));
            } catch (IllegalStateException e) {
                errors.add(e.getMessage());
            }
            for (int n : stream) {
                // drain
            }
        });
        try (Worker worker = app.start()) {
            numbers.send("k", 1);
            assertThat(worker.awaitIdle(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(errors).hasSize(2).allSatisfy(m -> assertThat(m).contains("take(max, within) is not available"));
    }
}
