package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.App;
import io.faust4j.ConfigurationException;
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
 * Sliding windows in the engine: random out-of-order streams through a real worker give the brute-force model's
 * windows, closes, late events and reads (inside the agent and outside), and all of it, with each window's newest
 * event time, comes back from the changelogs after a restart; expired windows leave tombstones in both changelogs.
 */
class SlidingWindowsEngineTest {
    record Sale(String key, long time, long amount) {
    }

    private final String broker = "sliding-" + UUID.randomUUID();
    private final MemoryBroker memory = MemoryBroker.named(broker);

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private record Sums(App app, Topic<String, Sale> sales, WindowedTable<String, Long> sums, List<String> closes,
                        List<Long> seen) {
    }

    private Sums app(Windows windows) {
        App app = App.create("sliding", s -> s.broker("memory://" + broker).topicPartitions(1)
                .commitInterval(Duration.ofMillis(20)));
        Topic<String, Sale> sales = app.topic("sales", Sale.class);
        WindowedTable<String, Long> sums = app.table("sums", String.class, Long.class, 0L).windowed(windows);
        List<String> closes = Collections.synchronizedList(new ArrayList<>());
        sums.onWindowClose((key, window, value) -> closes.add(key + "@" + window.start().toEpochMilli() + "="
                + value));
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        WindowedTable<String, Long> byField = sums.relativeToField(Sale.class, sale -> Instant.ofEpochMilli(sale.time()));
        app.agent("sum", sales, stream -> {
            for (Sale sale : stream) {
                long written = byField.update(sale.key(), total -> total + sale.amount());
                long read = byField.get(sale.key()).value();
                seen.add(written == read ? written : -1);
            }
        });
        return new Sums(app, sales, sums, closes, seen);
    }

    private static Map<WindowModel.Win, Long> windowsOf(WindowedTable<String, Long> table) {
        Map<WindowModel.Win, Long> seen = new HashMap<>();
        table.forEach((key, window, value) -> seen.put(new WindowModel.Win(key, window.start().toEpochMilli(),
                window.end().toEpochMilli()), value));
        return seen;
    }

    private static void assertReads(WindowedTable<String, Long> table, SlidingWindowModel model, long expires,
                                    String what) {
        long d = model.difference;
        for (long at = model.finalStreamTime - expires + d; at <= model.finalStreamTime + d; at++) {
            for (String key : List.of("k0", "k1", "k2")) {
                assertThat(table.get(key).at(Instant.ofEpochMilli(at))).as("%s at %d: %s", key, at, what)
                        .isEqualTo(SlidingWindowModel.sum(model.accepted, key, at - d, at));
            }
        }
    }

    @Test
    void randomOutOfOrderStreamsGiveTheModelsWindowsClosesAndReadsAndComeBackAfterARestart() {
        for (long seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            long difference = 5 + random.nextInt(30);
            long grace = random.nextInt(15);
            long expires = grace + difference + random.nextInt(40);
            Windows windows = Windows.sliding(Duration.ofMillis(difference)).grace(Duration.ofMillis(grace))
                    .expires(Duration.ofMillis(expires));
            List<WindowModel.Event> events = new ArrayList<>();
            long clock = 1_000;
            for (int i = 0; i < 150; i++) {
                clock += random.nextInt(5);
                long jitter = random.nextInt(4) == 0 ? random.nextInt(50) : 0;
                events.add(new WindowModel.Event("k" + random.nextInt(3), clock - jitter, 1 + random.nextInt(9)));
            }
            SlidingWindowModel model = new SlidingWindowModel(events, difference, grace, expires);
            List<Long> expectedSeen = new ArrayList<>();
            List<WindowModel.Event> accepted = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                WindowModel.Event e = events.get(i);
                if (!model.lateFlags.get(i)) {
                    accepted.add(e);
                    expectedSeen.add(SlidingWindowModel.sum(accepted, e.key(), e.time() - difference, e.time()));
                }
            }
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
                List<Long> seenAccepted = new ArrayList<>();
                for (int i = 0; i < events.size(); i++) {
                    if (!model.lateFlags.get(i)) {
                        seenAccepted.add(s.seen().get(i));
                    }
                }
                assertThat(seenAccepted).as("update() and value() inside the agent: " + what).isEqualTo(expectedSeen);
                assertReads(s.sums(), model, expires, what);
            }
            long lateBefore = s.sums().lateEvents();
            try (Worker worker = s.app().start()) {
                assertThat(windowsOf(s.sums())).as("recovered: " + what).isEqualTo(model.stored);
                assertReads(s.sums(), model, expires, "recovered: " + what);
                long old = model.finalStreamTime - grace - 1; // older than the recovered watermark: late
                s.sales().send("k0", new Sale("k0", old, 100));
                assertThat(worker.awaitIdle(Duration.ofSeconds(20))).isTrue();
                assertThat(s.sums().lateEvents()).as(what).isEqualTo(lateBefore + 1);
                assertThat(windowsOf(s.sums())).as(what).isEqualTo(model.stored);
                // a new event builds its window from the recovered windows and newest event times
                long next = model.finalStreamTime + 1;
                s.sales().send("k1", new Sale("k1", next, 1000));
                assertThat(worker.awaitIdle(Duration.ofSeconds(20))).isTrue();
                assertThat(s.sums().get("k1").at(Instant.ofEpochMilli(next))).as(what)
                        .isEqualTo(SlidingWindowModel.sum(model.accepted, "k1", next - difference, next) + 1000);
            }
            MemoryBroker.discard(broker);
        }
    }

    @Test
    void expiredWindowsAreDeletedFromBothChangelogsWithTombstones() {
        Sums s = app(Windows.sliding(Duration.ofMillis(10)).expires(Duration.ofMillis(10)));
        try (Worker worker = s.app().start()) {
            s.sales().send("a", new Sale("a", 5, 1));
            s.sales().send("a", new Sale("a", 7, 2));
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            // [-5,5] holds 5; [-3,7] holds 5 and 7; [6,16] (5's right window) holds 7
            assertThat(s.sums().get("a").all()).hasSize(3).containsValues(1L, 3L, 2L);
            s.sales().send("a", new Sale("a", 40, 4)); // stream time 40: every window ended 10 before it
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            assertThat(s.sums().get("a").all()).hasSize(1).containsValue(4L);
            assertThat(s.closes()).containsExactlyInAnyOrder("a@-5=1", "a@-3=3", "a@6=2");
        }
        WindowKeyCodec<String> codec = WindowKeyCodec.binary(io.faust4j.Codecs.raw(String.class));
        for (String topic : List.of("sliding-sums-changelog", "sliding-sums-newest-event-changelog")) {
            List<ConsumedRecord> changelog = memory.read(new TopicPartition(topic, 0), 0);
            assertThat(changelog).as(topic).extracting(r -> codec.decode(r.key()).start() + (r.value() == null
                    ? "=tombstone" : "")).containsExactlyInAnyOrder("-5", "-3", "6", "30", "-5=tombstone",
                    "-3=tombstone", "6=tombstone");
        }
    }

    @Test
    void slidingWindowsRefuseFaustsKeyLayout() {
        App app = App.create("sliding", s -> s.broker("memory://" + broker).faustCompat(true));
        assertThatThrownBy(() -> app.table("sums", String.class, Long.class, 0L)
                .sliding(Duration.ofMinutes(5), Duration.ofMinutes(10)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("faust_compat");
    }
}
