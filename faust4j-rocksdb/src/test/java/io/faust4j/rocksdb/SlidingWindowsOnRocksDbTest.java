package io.faust4j.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
import io.faust4j.Topic;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sliding windows on {@code rocksdb://} (memory transport): the windows, their values and the newest event times
 * new windows are built from survive a restart on the same data directory (read from RocksDB, nothing replayed)
 * and on an empty one (rebuilt from the changelogs), and the aggregates go on exactly.
 */
class SlidingWindowsOnRocksDbTest {
    private static final long D = 50;

    record Sale(String key, long time, long amount) {}

    record Win(String key, long start, long end) {}

    @TempDir
    Path temp;

    private final String broker = "sliding-rocks-" + UUID.randomUUID();
    private final Random random = new Random(7);
    private final List<Sale> sent = new ArrayList<>();
    private long clock = 10_000;

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private record Sums(App app, Topic<String, Sale> sales, WindowedTable<String, Long> sums) {}

    private Sums app() {
        App app = App.create("sliding-rocks", s -> s.broker("memory://" + broker).topicPartitions(4)
                .store("rocksdb://").commitInterval(Duration.ofMillis(20)));
        Topic<String, Sale> sales = app.topic("sales", Sale.class);
        WindowedTable<String, Long> sums = app.table("sums", String.class, Long.class, 0L)
                .windowed(Windows.sliding(Duration.ofMillis(D)).grace(Duration.ofMillis(30)));
        WindowedTable<String, Long> byField = sums.relativeToField(Sale.class, sale -> Instant.ofEpochMilli(sale.time()));
        app.agent("sum", sales, stream -> {
            for (Sale sale : stream) {
                byField.update(sale.key(), total -> total + sale.amount());
            }
        });
        return new Sums(app, sales, sums);
    }

    /** Sends {@code n} sales, a few out of order but all within the grace, so none is late. */
    private void send(Sums s, int n) {
        for (int i = 0; i < n; i++) {
            clock += random.nextInt(6);
            long time = clock - (random.nextInt(4) == 0 ? random.nextInt(20) : 0);
            Sale sale = new Sale("k" + random.nextInt(10), time, 1 + random.nextInt(9));
            s.sales().send(sale.key(), sale);
            sent.add(sale);
        }
    }

    private long sum(String key, long from, long to) {
        return sent.stream().filter(e -> e.key().equals(key) && e.time() >= from && e.time() <= to)
                .mapToLong(Sale::amount).sum();
    }

    /** Kafka Streams' sliding windows of the sales sent, from the definition. */
    private Map<Win, Long> expectedWindows() {
        Map<Win, Long> windows = new HashMap<>();
        for (Sale e : sent) {
            windows.put(new Win(e.key(), e.time() - D, e.time() + 1), sum(e.key(), e.time() - D, e.time()));
            boolean laterInRight = sent.stream().anyMatch(l -> l.key().equals(e.key()) && l.time() > e.time()
                    && l.time() <= e.time() + 1 + D);
            if (laterInRight) {
                windows.put(new Win(e.key(), e.time() + 1, e.time() + 2 + D), sum(e.key(), e.time() + 1, e.time() + 1 + D));
            }
        }
        return windows;
    }

    private void check(Sums s, String what) {
        Map<Win, Long> seen = new HashMap<>();
        s.sums().forEach((key, window, value) -> seen.put(new Win(key, window.start().toEpochMilli(),
                window.end().toEpochMilli()), value));
        assertThat(seen).as(what).isEqualTo(expectedWindows());
        for (int i = 0; i < 200; i++) {
            long at = 10_000 - D + random.nextInt((int) (clock - 10_000 + 2 * D));
            String key = "k" + random.nextInt(10);
            assertThat(s.sums().get(key).at(Instant.ofEpochMilli(at))).as("%s at %d: %s", key, at, what)
                    .isEqualTo(sum(key, at - D, at));
        }
    }

    @Test
    void slidingWindowsSurviveRestartsOnTheSameAndOnAnEmptyDataDirectory() {
        Sums s = app();
        Path first = temp.resolve("first");
        try (Worker worker = s.app().start(b -> b.datadir(first))) {
            send(s, 300);
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            check(s, "first run");
        }
        try (Worker worker = s.app().start(b -> b.datadir(first))) {
            assertThat(worker.stats().recoveredRecords()).as("read from RocksDB, nothing replayed").isZero();
            check(s, "restarted on intact state");
            send(s, 200);
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            check(s, "went on after a restart on intact state");
        }
        try (Worker worker = s.app().start(b -> b.datadir(temp.resolve("second")))) {
            assertThat(worker.stats().recoveredRecords()).as("rebuilt from the changelogs").isPositive();
            check(s, "rebuilt");
            send(s, 200);
            assertThat(worker.awaitIdle(Duration.ofSeconds(30))).isTrue();
            check(s, "went on after a rebuild");
        }
    }
}
