package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.AgentOptions;
import io.faust4j.App;
import io.faust4j.ConfigurationException;
import io.faust4j.ErrorPolicy;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each meter family of a worker shows what the worker did (docs/metrics.md). */
class WorkerMetricsTest {
    private final String broker = "metrics-" + UUID.randomUUID();

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private App app(String id, int partitions) {
        return App.create(id, s -> s.broker("memory://" + broker).topicPartitions(partitions)
                .commitInterval(Duration.ofMillis(50)));
    }

    private static double count(MeterRegistry registry, String name, String... tags) {
        FunctionCounter counter = registry.find(name).tags(tags).functionCounter();
        assertThat(counter).as(name + " " + List.of(tags)).isNotNull();
        return counter.count();
    }

    private static double gauge(MeterRegistry registry, String name, String... tags) {
        Gauge gauge = registry.find(name).tags(tags).gauge();
        assertThat(gauge).as(name + " " + List.of(tags)).isNotNull();
        return gauge.value();
    }

    private static FunctionTimer timer(MeterRegistry registry, String name, String... tags) {
        FunctionTimer timer = registry.find(name).tags(tags).functionTimer();
        assertThat(timer).as(name + " " + List.of(tags)).isNotNull();
        return timer;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("in time: " + what).isTrue();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void eventsMessagesTablesAndOffsetsShowWhatTheWorkerDid() {
        App app = app("counting", 4);
        Topic<String, String> words = app.topic("words", String.class);
        Table<String, Long> counts = app.table("counts", String.class, Long.class, 0L);
        app.agent("count", words.groupBy(w -> w), stream -> {
            for (String word : stream) {
                if (word.startsWith("del")) {
                    counts.remove(word);
                } else {
                    counts.update(word, n -> n + 1);
                }
            }
        });
        try (Worker worker = app.start()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            worker.meterRegistry().add(registry); // added after start: it still gets every meter
            for (int i = 0; i < 290; i++) {
                words.send("k" + i, "w" + (i % 17));
            }
            for (int i = 0; i < 10; i++) {
                words.send("d" + i, "del" + i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            String repartition = registry.find("faust4j.messages.received").meters().stream()
                    .map(m -> m.getId().getTag("topic")).filter(t -> t.endsWith("-repartition")).findFirst().orElseThrow();
            String forwarder = registry.find("faust4j.events").meters().stream()
                    .map(m -> m.getId().getTag("agent")).filter(a -> !a.equals("count")).findFirst().orElseThrow();

            assertThat(count(registry, "faust4j.events", "agent", "count")).isEqualTo(300);
            assertThat(count(registry, "faust4j.events", "agent", forwarder)).isEqualTo(300);
            assertThat(count(registry, "faust4j.messages.received", "topic", "words")).isEqualTo(300);
            assertThat(count(registry, "faust4j.messages.received", "topic", repartition)).isEqualTo(300);
            assertThat(count(registry, "faust4j.messages.sent", "topic", "words")).isEqualTo(300);
            assertThat(count(registry, "faust4j.messages.sent", "topic", repartition)).isEqualTo(300);
            assertThat(count(registry, "faust4j.send.errors", "topic", repartition)).isZero();
            assertThat(count(registry, "faust4j.table.puts", "table", "counts")).isEqualTo(290);
            assertThat(count(registry, "faust4j.table.deletes", "table", "counts")).isEqualTo(10);
            assertThat(count(registry, "faust4j.table.gets", "table", "counts")).isEqualTo(290);
            assertThat(counts.get("w3")).isEqualTo(17); // a read outside agents counts too
            assertThat(count(registry, "faust4j.table.gets", "table", "counts")).isEqualTo(291);

            worker.commit();
            assertThat(timer(registry, "faust4j.commit.latency").count()).isPositive();
            assertThat(count(registry, "faust4j.changelog.records")).isEqualTo(worker.stats().changelogRecords());
            for (int p = 0; p < 4; p++) {
                String[] tags = {"topic", "words", "partition", String.valueOf(p)};
                double end = gauge(registry, "faust4j.partition.end.offset", tags);
                assertThat(gauge(registry, "faust4j.partition.read.offset", tags)).isEqualTo(end);
                assertThat(gauge(registry, "faust4j.partition.committed.offset", tags)).isEqualTo(end);
                assertThat(gauge(registry, "faust4j.partition.lag", tags)).isZero();
            }
            double ends = 0;
            for (int p = 0; p < 4; p++) {
                ends += gauge(registry, "faust4j.partition.end.offset", "topic", "words", "partition", String.valueOf(p));
            }
            assertThat(ends).isEqualTo(300);
            assertThat(count(registry, "faust4j.rebalances")).as("joining the group").isEqualTo(1);
            assertThat(timer(registry, "faust4j.rebalance.duration").count()).isEqualTo(1);
            assertThat(registry.find("faust4j.events").tag("app", "counting").meters()).hasSize(2);
        }
    }

    @Test
    void lagShowsUnfinishedRecordsAndGoesToZeroOnceCommitted() throws Exception {
        App app = app("lagging", 1);
        Topic<String, String> words = app.topic("words", String.class);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        app.agent("slow", words, stream -> {
            for (String word : stream) {
                release.await();
            }
        });
        try (Worker worker = app.start()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            worker.meterRegistry().add(registry);
            for (int i = 0; i < 20; i++) {
                words.send("k", "w" + i);
            }
            String[] tags = {"topic", "words", "partition", "0"};
            await(() -> gauge(registry, "faust4j.partition.read.offset", tags) == 20, "all 20 read");
            Thread.sleep(1100); // end offsets are read at most once a second
            worker.commit();
            assertThat(gauge(registry, "faust4j.partition.end.offset", tags)).isEqualTo(20);
            assertThat(gauge(registry, "faust4j.partition.lag", tags)).as("the first event is not finished").isEqualTo(20);
            release.countDown();
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            assertThat(gauge(registry, "faust4j.partition.committed.offset", tags)).isEqualTo(20);
            assertThat(gauge(registry, "faust4j.partition.lag", tags)).isZero();
        }
    }

    @Test
    void oneEventInSixtyFourIsTimed() {
        App app = app("timed", 1);
        Topic<String, String> words = app.topic("words", String.class);
        app.agent("echo", words, stream -> stream.forEach(w -> { }));
        try (Worker worker = app.start()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            worker.meterRegistry().add(registry);
            for (int i = 0; i < 10 * WorkerMetrics.SAMPLE_EVERY + 5; i++) {
                words.send("k", "w" + i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(timer(registry, "faust4j.event.processing", "agent", "echo").count()).isEqualTo(10);
        }
    }

    @Test
    void aSecondWorkerJoiningIsARebalanceOfTheFirst() {
        App app = app("joining", 4);
        Topic<String, String> words = app.topic("words", String.class);
        app.agent("echo", words, stream -> stream.forEach(w -> { }));
        Worker first = app.start();
        Worker second = null;
        try {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            first.meterRegistry().add(registry);
            assertThat(count(registry, "faust4j.rebalances")).isEqualTo(1);
            for (int i = 0; i < 40; i++) {
                words.send("k" + i, "w" + i);
            }
            assertThat(first.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(count(registry, "faust4j.events", "agent", "echo")).isEqualTo(40);
            second = app.start();
            Worker joined = second;
            await(() -> first.assignedPartitions().size() == 2 && joined.assignedPartitions().size() == 2, "split");
            assertThat(count(registry, "faust4j.rebalances")).isEqualTo(2);
            assertThat(timer(registry, "faust4j.rebalance.duration").count()).isEqualTo(2);
            // the actors of the partitions that left are gone; what they counted stays
            assertThat(count(registry, "faust4j.events", "agent", "echo")).isEqualTo(40);
            SimpleMeterRegistry secondRegistry = new SimpleMeterRegistry();
            second.meterRegistry().add(secondRegistry);
            for (int i = 0; i < 100; i++) { // two workers in this JVM: send through one of them
                ((WorkerImpl) first).send((TopicImpl<String, String>) words, "k" + i, "w" + i, List.of());
            }
            assertThat(first.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(second.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(count(registry, "faust4j.events", "agent", "echo")
                    + count(secondRegistry, "faust4j.events", "agent", "echo")).isEqualTo(140);
            // the partitions that left have no gauges any more
            assertThat(registry.find("faust4j.partition.lag").gauges()).hasSize(2);
        } finally {
            first.stop();
            if (second != null) {
                second.stop();
            }
        }
    }

    @Test
    void deadLettersAreCountedPerAgent() {
        App app = app("letters", 1);
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        app.agent("picky", numbers, AgentOptions.defaults().onError(ErrorPolicy.DEAD_LETTER), stream -> {
            for (int n : stream) {
                if (n % 3 == 0) {
                    throw new IllegalStateException("no multiples of three");
                }
            }
        });
        try (Worker worker = app.start()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            worker.meterRegistry().add(registry);
            for (int i = 1; i <= 10; i++) {
                numbers.send("k", i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(count(registry, "faust4j.dead.letters", "agent", "picky")).isEqualTo(3);
            assertThat(count(registry, "faust4j.errors", "kind", "agent")).isEqualTo(3);
            assertThat(count(registry, "faust4j.messages.sent", "topic", "numbers-dlq")).isEqualTo(3);
        }
    }

    @Test
    void recoveryCountsTheReplayedChangelog() {
        App app = app("recovering", 2);
        Topic<String, String> words = app.topic("words", String.class);
        Table<String, Long> counts = app.table("counts", String.class, Long.class, 0L);
        app.agent("count", words.groupBy(w -> w), stream -> {
            for (String word : stream) {
                counts.update(word, n -> n + 1);
            }
        });
        long written;
        try (Worker worker = app.start()) {
            for (int i = 0; i < 50; i++) {
                words.send("k" + i, "w" + i);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            written = worker.stats().changelogRecords();
        }
        assertThat(written).isEqualTo(50);
        try (Worker again = app.start()) { // memory:// store: the table is rebuilt from its changelog
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            again.meterRegistry().add(registry);
            assertThat(count(registry, "faust4j.recovery.records")).isEqualTo(50);
            assertThat(timer(registry, "faust4j.recovery.duration").count()).isEqualTo(1);
            assertThat(gauge(registry, "faust4j.recovery.remaining")).isZero();
            assertThat(gauge(registry, "faust4j.recovery.partitions")).isZero();
        }
    }

    @Test
    void failedSendsAreCounted() {
        App app = app("failing", 1);
        Topic<String, String> words = app.topic("words", String.class);
        Topic<String, String> out = app.topic("out", String.class);
        app.agent("echo", words, stream -> stream.forEach(w -> { }));
        Worker worker = app.start();
        try {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            worker.meterRegistry().add(registry);
            MemoryBroker.named(broker).faults().failSends("out", "disk full");
            for (int i = 0; i < 5; i++) {
                try {
                    out.send("k", "v" + i);
                } catch (RuntimeException refused) {
                    // the worker may already have stopped on the first failure
                }
            }
            await(() -> count(registry, "faust4j.send.errors", "topic", "out") >= 1, "a send error counted");
            assertThat(count(registry, "faust4j.send.errors", "topic", "out"))
                    .isEqualTo(count(registry, "faust4j.messages.sent", "topic", "out"));
        } finally {
            MemoryBroker.named(broker).faults().clear();
            worker.stop();
        }
    }

    @Test
    void aRegistryPassedInCodeGetsTheMetersAndNoneWhenMetricsAreOff() {
        SimpleMeterRegistry mine = new SimpleMeterRegistry();
        App app = App.create("passed", s -> s.broker("memory://" + broker).topicPartitions(1).meterRegistry(mine));
        Topic<String, String> words = app.topic("words", String.class);
        app.agent("echo", words, stream -> stream.forEach(w -> { }));
        try (Worker worker = app.start()) {
            words.send("k", "w");
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(count(mine, "faust4j.events", "agent", "echo")).isEqualTo(1);
        }
        assertThat(mine.getMeters()).as("the stopped worker's meters are gone").isEmpty();
        assertThat(mine.isClosed()).as("a registry passed in code is the app's to close").isFalse();

        SimpleMeterRegistry off = new SimpleMeterRegistry();
        App quiet = App.create("quiet", s -> s.broker("memory://" + broker).topicPartitions(1).meterRegistry(off)
                .set("metrics_enabled", "false"));
        Topic<String, String> more = quiet.topic("more", String.class);
        quiet.agent("echo", more, stream -> stream.forEach(w -> { }));
        try (Worker worker = quiet.start()) {
            more.send("k", "w");
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            List<Meter> meters = worker.meterRegistry().getMeters();
            assertThat(meters).isEmpty();
            assertThat(off.getMeters()).isEmpty();
        }
    }

    @Test
    void aRegistryNotOnTheClassPathIsAClearError() {
        App app = App.create("unknown", s -> s.broker("memory://" + broker).set("metrics_registries", "prometheus"));
        assertThatThrownBy(app::start).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("metrics_registries").hasMessageContaining("faust4j-metrics");
        assertThatThrownBy(() -> App.create("both", s -> s.set("metrics_registries", "none,statsd")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("metrics_registries")
                .hasMessageContaining("none alone");
        assertThatThrownBy(() -> App.create("other", s -> s.set("metrics_registries", "graphite")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("prometheus, statsd");
    }
}
