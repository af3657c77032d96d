package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.App;
import io.faust4j.ConfigurationException;
import io.faust4j.Faust4jException;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.WindowedTable;
import io.faust4j.Windows;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.TopicPartition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Windowed tables in the engine: random out-of-order streams through a real worker give the brute-force model's
 * windows and closes, the windows and the stream time come back from the changelog after a restart, and
 * expired windows leave tombstones in the changelog.
 */
class WindowedTableEngineTest {
    record Sale(String key, long time, long amount) {
    }

    private final String broker = "windows-" + UUID.randomUUID();
    private final MemoryBroker memory = MemoryBroker.named(broker);

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private record Sums(App app, Topic<String, Sale> sales, WindowedTable<String, Long> sums,
                        List<String> closes) {
    }

    private Sums app(Windows windows) {
        App app = App.create("windows", s -> s.broker("memory://" + broker).topicPartitions(1)
                .commitInterval(Duration.ofMillis(20)));
        Topic<String, Sale> sales = app.topic("sales", Sale.class);
        WindowedTable<String, Long> sums = app.table("sums", String.class, Long.class, 0L).windowed(windows);
        List<String> closes = Collections.synchronizedList(new ArrayList<>());
        sums.onWindowClose((key, window, value) -> closes.add(key + "@" + window.start().toEpochMilli() + "="
                + value));
        WindowedTable<String, Long> byField = sums.relativeToField(Sale.class, sale -> Instant.ofEpochMilli(sale.time()));
        app.agent("sum", sales, stream -> {
            for (Sale sale : stream) {
                byField.update(sale.key(), total -> total + sale.amount());
            }
        });
        return new Sums(app, sales, sums, closes);
    }

    private static Map<WindowModel.Win, Long> windowsOf(WindowedTable<String, Long> table) {
        Map<WindowModel.Win, Long> seen = new HashMap<>();
        table.forEach((key, window, value) -> seen.put(new WindowModel.Win(key, window.start().toEpochMilli(),
                window.end().toEpochMilli()), value));
        return seen;
    }

    @Test
    void randomOutOfOrderStreamsGiveTheModelsWindowsAndClosesAndComeBackAfterARestart() {
        for (long seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            long size = 5 + random.nextInt(30);
            long step = random.nextBoolean() ? size : 1 + random.nextInt((int) size);
            long grace = random.nextInt(15);
            long expires = grace + random.nextInt(40);
            Windows windows = Windows.hopping(Duration.ofMillis(size), Duration.ofMillis(step))
                    .grace(Duration.ofMillis(grace)).expires(Duration.ofMillis(expires));
            List<WindowModel.Event> events = new ArrayList<>();
            long clock = 1_000;
            for (int i = 0; i < 150; i++) {
                clock += random.nextInt(5);
                long jitter = random.nextInt(4) == 0 ? random.nextInt(50) : 0;
                events.add(new WindowModel.Event("k" + random.nextInt(4), clock - jitter, 1 + random.nextInt(9)));
            }
            WindowModel model = new WindowModel(events, size, step, grace, expires);
            Sums s = app(windows);
            String what = "seed " + seed + ", " + windows;
            try (Worker worker = s.app().start()) {
                events.forEach(e -> s.sales().send(e.key(), new Sale(e.key(), e.time(), e.amount())));
                assertThat(worker.awaitIdle(Duration.ofSeconds(20))).isTrue();
                worker.commit();
                assertThat(windowsOf(s.sums())).as(what).isEqualTo(model.stored);
                List<String> expected = new ArrayList<>();
                model.closeIndex.keySet().forEach(w -> expected.add(w.key() + "@" + w.start() + "=" + model.sums.get(w)));
                assertThat(s.closes()).as(what).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(s.sums().lateEvents()).as(what).isEqualTo(model.lateEvents);
            }
            long lateBefore = s.sums().lateEvents();
            try (Worker worker = s.app().start()) {
                assertThat(windowsOf(s.sums())).as("recovered: " + what).isEqualTo(model.stored);
                // the stream time came back too: an event older than the watermark is late, not merged
                long old = model.finalStreamTime - grace - size - 1;
                s.sales().send("k0", new Sale("k0", old, 100));
                assertThat(worker.awaitIdle(Duration.ofSeconds(20))).isTrue();
                assertThat(s.sums().lateEvents()).as(what).isEqualTo(lateBefore + 1);
                assertThat(windowsOf(s.sums())).as(what).isEqualTo(model.stored);
            }
            MemoryBroker.discard(broker);
        }
    }

    @Test
    void expiredWindowsAreDeletedFromTheChangelogWithTombstones() {
        Sums s = app(Windows.tumbling(Duration.ofMillis(10)).expires(Duration.ofMillis(20)));
        try (Worker worker = s.app().start()) {
            s.sales().send("a", new Sale("a", 5, 1));
            s.sales().send("a", new Sale("a", 7, 2));
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            assertThat(s.sums().get("a").all()).hasSize(1).containsValue(3L);
            s.sales().send("a", new Sale("a", 31, 4)); // stream time 31: [0,10) ends 21 before it, so it goes
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            assertThat(s.sums().get("a").all()).hasSize(1).containsValue(4L);
            assertThat(s.closes()).containsExactly("a@0=3");
        }
        List<ConsumedRecord> changelog = memory.read(new TopicPartition("windows-sums-changelog", 0), 0);
        WindowKeyCodec<String> codec = WindowKeyCodec.binary(io.faust4j.Codecs.raw(String.class));
        List<String> written = new ArrayList<>();
        for (ConsumedRecord r : changelog) {
            String entry = codec.decode(r.key()).start() + (r.value() == null ? "=tombstone" : "");
            if (written.isEmpty() || !written.get(written.size() - 1).equals(entry)) {
                written.add(entry); // a periodic checkpoint between the first two events writes window 0 twice
            }
        }
        assertThat(written).containsExactly("0", "30", "0=tombstone");
        assertThat(memory.read(new TopicPartition("windows-sums-stream-time-changelog", 0), 0)).isNotEmpty();
    }

    @Test
    void declarationMistakesFailWithClearMessages() {
        App app = App.create("windows", s -> s.broker("memory://" + broker));
        Table<String, Long> plain = app.table("counts", String.class, Long.class, 0L);
        WindowedTable<String, Long> windowed = plain.tumbling(Duration.ofMinutes(1), Duration.ofHours(1));
        assertThat(app.tables()).extracting(Table::name).containsExactly("counts");
        assertThatThrownBy(() -> plain.tumbling(Duration.ofMinutes(1), Duration.ofHours(1)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("already windowed");
        assertThatThrownBy(() -> plain.get("a")).isInstanceOf(Faust4jException.class)
                .hasMessageContaining("use the WindowedTable");
        assertThatThrownBy(() -> Windows.tumbling(Duration.ofHours(1)).grace(Duration.ofHours(2))
                .expires(Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least the grace");
        assertThatThrownBy(() -> Windows.hopping(Duration.ofMinutes(1), Duration.ofMinutes(2)))
                .hasMessageContaining("leave gaps");
        assertThatThrownBy(() -> app.globalTable("g", String.class, Long.class, 0L).tumbling(Duration.ofMinutes(1),
                Duration.ofHours(1))).isInstanceOf(ConfigurationException.class).hasMessageContaining("cannot be windowed");
        assertThat(windowed.name()).isEqualTo("counts");
    }
}
