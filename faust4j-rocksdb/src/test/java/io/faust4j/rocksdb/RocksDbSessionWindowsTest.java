package io.faust4j.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.ProcessingGuarantee;
import io.faust4j.Topic;
import io.faust4j.Window;
import io.faust4j.WindowedTable;
import io.faust4j.Windows;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session windows on {@code rocksdb://} (memory transport): merged sessions stay deleted across restarts on the
 * same data directory and on an empty one (the changelog's tombstones), and stay exact under exactly-once with
 * aborted transactions.
 */
class RocksDbSessionWindowsTest {
    private static final long GAP = 10;

    record Click(String user, long time) {}

    @TempDir
    Path temp;

    private final String broker = "rocks-sessions-" + UUID.randomUUID();
    private final MemoryBroker memory = MemoryBroker.named(broker);
    private final Map<String, List<Long>> clicks = new HashMap<>();
    private final Random random = new Random(7);
    private long clock = 10_000;

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private record Visits(App app, Topic<String, Click> topic, WindowedTable<String, Long> sessions) {}

    private Visits app(ProcessingGuarantee guarantee) {
        App app = App.create("rocks", s -> s.broker("memory://" + broker).topicPartitions(2).store("rocksdb://")
                .processingGuarantee(guarantee).commitInterval(Duration.ofMillis(20)));
        Topic<String, Click> topic = app.topic("clicks", Click.class);
        WindowedTable<String, Long> sessions = app.table("visits", String.class, Long.class, 0L)
                .windowed(Windows.session(Duration.ofMillis(GAP)).grace(Duration.ofHours(1)), Long::sum)
                .relativeToField(Click.class, c -> Instant.ofEpochMilli(c.time()));
        app.agent("count", topic, stream -> {
            for (Click click : stream) {
                sessions.update(click.user(), n -> n + 1);
            }
        });
        return new Visits(app, topic, sessions);
    }

    /** Out-of-order clicks, within the grace: every one counts, and many bridge two sessions. */
    private void send(Visits v, int n) {
        for (int i = 0; i < n; i++) {
            String user = "u" + random.nextInt(5);
            clock += random.nextInt(8);
            long time = clock - random.nextInt(30);
            v.topic().send(user, new Click(user, time));
            clicks.computeIfAbsent(user, u -> new ArrayList<>()).add(time);
        }
    }

    /** The sessions of every user, computed from all clicks. */
    private Map<String, Map<Window, Long>> expected() {
        Map<String, Map<Window, Long>> out = new TreeMap<>();
        clicks.forEach((user, times) -> {
            List<Long> sorted = new ArrayList<>(times);
            sorted.sort(null);
            Map<Window, Long> sessions = new java.util.LinkedHashMap<>();
            int i = 0;
            while (i < sorted.size()) {
                int j = i + 1;
                while (j < sorted.size() && sorted.get(j) - sorted.get(j - 1) <= GAP) {
                    j++;
                }
                sessions.put(Window.ofMillis(sorted.get(i), sorted.get(j - 1) + 1), (long) (j - i));
                i = j;
            }
            out.put(user, sessions);
        });
        return out;
    }

    private static Map<String, Map<Window, Long>> actual(Visits v) {
        Map<String, Map<Window, Long>> out = new TreeMap<>();
        for (String user : v.sessions().keys()) {
            out.put(user, v.sessions().get(user).all());
        }
        return out;
    }

    @Test
    void mergedSessionsStayDeletedAfterRestartsOnTheSameAndOnAnEmptyDataDirectory() {
        Visits v = app(ProcessingGuarantee.AT_LEAST_ONCE);
        Path first = temp.resolve("first");
        try (Worker worker = v.app().start(s -> s.datadir(first))) {
            send(v, 600);
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(actual(v)).isEqualTo(expected());
        }
        try (Worker worker = v.app().start(s -> s.datadir(first))) {
            assertThat(actual(v)).as("same data directory").isEqualTo(expected());
            send(v, 200);
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
        }
        try (Worker worker = v.app().start(s -> s.datadir(temp.resolve("empty")))) {
            assertThat(worker.stats().recoveredRecords()).isPositive();
            assertThat(actual(v)).as("replayed from the changelog").isEqualTo(expected());
        }
    }

    @Test
    void sessionsStayExactUnderExactlyOnceWithAbortedTransactions() {
        Visits v = app(ProcessingGuarantee.EXACTLY_ONCE);
        Path datadir = temp.resolve("data");
        AtomicInteger commits = new AtomicInteger();
        memory.faults().failTransactionCommits(id -> { int n = commits.incrementAndGet(); return n % 3 == 0 && n < 40; });
        try (Worker worker = v.app().start(s -> s.datadir(datadir))) {
            send(v, 800);
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(worker.stats().aborts()).as("transactions were aborted and replayed").isPositive();
            assertThat(actual(v)).isEqualTo(expected());
        }
        memory.faults().clear();
        try (Worker worker = v.app().start(s -> s.datadir(datadir))) {
            assertThat(actual(v)).as("the store never held a write of an aborted transaction").isEqualTo(expected());
            send(v, 100);
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(actual(v)).isEqualTo(expected());
        }
    }
}
