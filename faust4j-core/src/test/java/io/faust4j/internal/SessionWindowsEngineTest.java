package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.App;
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
 * Session windows in the engine: random out-of-order streams through a real worker give the brute-force model's
 * sessions, closes and late events; the changelog holds tombstones for the sessions merged away, so replaying it
 * gives exactly the live sessions, and after a restart the sessions and the stream time come back; events that
 * fail after merging sessions are rolled back (retried or dead-lettered) and leave the sessions exact.
 */
class SessionWindowsEngineTest {
    record Visit(String user, long time, long clicks) {
    }

    private final String broker = "sessions-" + UUID.randomUUID();
    private final MemoryBroker memory = MemoryBroker.named(broker);

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private record Sessions(App app, Topic<String, Visit> visits, WindowedTable<String, Long> table,
                            List<SessionModel.Session> closes, Map<SessionModel.Session, Long> closedValues) {
    }

    private Sessions app(Windows windows) {
        App app = App.create("sessions", s -> s.broker("memory://" + broker).topicPartitions(1)
                .commitInterval(Duration.ofMillis(20)));
        Topic<String, Visit> visits = app.topic("visits", Visit.class);
        WindowedTable<String, Long> table = app.table("clicks", String.class, Long.class, 0L)
                .windowed(windows, Long::sum);
        List<SessionModel.Session> closes = Collections.synchronizedList(new ArrayList<>());
        Map<SessionModel.Session, Long> closedValues = Collections.synchronizedMap(new HashMap<>());
        table.onWindowClose((key, window, value) -> {
            SessionModel.Session session = new SessionModel.Session(key, window.start().toEpochMilli(),
                    window.end().toEpochMilli());
            closes.add(session);
            closedValues.put(session, value);
        });
        WindowedTable<String, Long> byField = table.relativeToField(Visit.class, v -> Instant.ofEpochMilli(v.time()));
        app.agent("count", visits, stream -> {
            for (Visit visit : stream) {
                byField.update(visit.user(), n -> n + visit.clicks());
            }
        });
        return new Sessions(app, visits, table, closes, closedValues);
    }

    private static Map<SessionModel.Session, Long> sessionsOf(WindowedTable<String, Long> table) {
        Map<SessionModel.Session, Long> seen = new HashMap<>();
        table.forEach((key, window, value) -> seen.put(new SessionModel.Session(key, window.start().toEpochMilli(),
                window.end().toEpochMilli()), value));
        return seen;
    }

    @Test
    void randomStreamsGiveTheModelsSessionsAndTheChangelogReplaysToThemAfterARestart() {
        for (long seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            long gap = 2 + random.nextInt(10);
            long grace = random.nextInt(15);
            long expires = grace + random.nextInt(60);
            Windows windows = Windows.session(Duration.ofMillis(gap)).grace(Duration.ofMillis(grace))
                    .expires(Duration.ofMillis(expires));
            SessionModel model = new SessionModel(gap, grace, expires);
            Sessions s = app(windows);
            String what = "seed " + seed + ", " + windows;
            long clock = 1_000;
            try (Worker worker = s.app().start()) {
                for (int i = 0; i < 150; i++) {
                    clock += random.nextInt(5);
                    long jitter = random.nextInt(4) == 0 ? random.nextInt(40) : 0;
                    Visit visit = new Visit("u" + random.nextInt(4), clock - jitter, 1 + random.nextInt(9));
                    model.event(visit.user(), visit.time(), visit.clicks(), i);
                    s.visits().send(visit.user(), visit);
                }
                assertThat(worker.awaitIdle(Duration.ofSeconds(20))).isTrue();
                worker.commit();
                assertThat(sessionsOf(s.table())).as(what).isEqualTo(model.sessions());
                assertThat(s.closes()).as(what + ": each session closes once").doesNotHaveDuplicates();
                assertThat(s.closedValues()).as(what).isEqualTo(model.fired);
                assertThat(s.table().lateEvents()).as(what).isEqualTo(model.late);
            }
            assertThat(replay(MemoryBroker.named(broker).read(new TopicPartition("sessions-clicks-changelog", 0), 0)))
                    .as("the changelog, compacted: " + what).isEqualTo(model.sessions());
            long lateBefore = s.table().lateEvents();
            try (Worker worker = s.app().start()) {
                assertThat(sessionsOf(s.table())).as("recovered: " + what).isEqualTo(model.sessions());
                // the stream time came back too: an event that would start a closed session is late
                long old = model.streamTime - grace - gap - 1;
                s.visits().send("u9", new Visit("u9", old, 100));
                assertThat(worker.awaitIdle(Duration.ofSeconds(20))).isTrue();
                assertThat(s.table().lateEvents()).as(what).isEqualTo(lateBefore + 1);
                assertThat(sessionsOf(s.table())).as(what).isEqualTo(model.sessions());
            }
            MemoryBroker.discard(broker);
        }
    }

    @Test
    void aSessionMergedAwayLeavesATombstoneInTheChangelog() {
        Sessions s = app(Windows.session(Duration.ofMillis(10)).grace(Duration.ofMillis(20)));
        try (Worker worker = s.app().start()) {
            s.visits().send("a", new Visit("a", 100, 1));
            s.visits().send("a", new Visit("a", 120, 2));
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            s.visits().send("a", new Visit("a", 110, 4)); // bridges [100] and [120]
            assertThat(worker.awaitIdle(Duration.ofSeconds(10))).isTrue();
            worker.commit();
            assertThat(s.table().get("a").all()).hasSize(1).containsValue(7L);
        }
        List<ConsumedRecord> changelog = memory.read(new TopicPartition("sessions-clicks-changelog", 0), 0);
        WindowKeyCodec<String> codec = WindowKeyCodec.binary(io.faust4j.Codecs.raw(String.class));
        assertThat(changelog).extracting(r -> {
            WindowKey<String> key = codec.decode(r.key());
            return key.start() + ".." + key.end() + (r.value() == null ? "=tombstone" : "");
        }).containsExactlyInAnyOrder("100..101", "120..121", "100..101=tombstone", "120..121=tombstone", "100..121");
    }

    record FlakyVisit(String user, long time, long clicks, int id, boolean failOnce, boolean poison) {
    }

    @Test
    void failedEventsAreRolledBackAndTheSessionsStayExact() {
        App app = App.create("sessions", s -> s.broker("memory://" + broker).topicPartitions(1)
                .commitInterval(Duration.ofMillis(20)));
        Topic<String, FlakyVisit> visits = app.topic("visits", FlakyVisit.class);
        WindowedTable<String, Long> table = app.table("clicks", String.class, Long.class, 0L)
                .windowed(Windows.session(Duration.ofMillis(6)).grace(Duration.ofMillis(10)), Long::sum)
                .relativeToField(FlakyVisit.class, v -> Instant.ofEpochMilli(v.time()));
        Map<Integer, Integer> attempts = new java.util.concurrent.ConcurrentHashMap<>();
        app.agent("count", visits, io.faust4j.AgentOptions.defaults().retries(2, Duration.ofMillis(1),
                Duration.ofMillis(1)), stream -> {
            for (FlakyVisit visit : stream) {
                table.update(visit.user(), n -> n + visit.clicks()); // merges sessions, then fails: rolled back
                if (visit.poison() || (visit.failOnce() && attempts.merge(visit.id(), 1, Integer::sum) == 1)) {
                    throw new IllegalStateException("injected failure of visit " + visit.id());
                }
            }
        });
        Random random = new Random(11);
        SessionModel model = new SessionModel(6, 10, -1);
        long clock = 1_000;
        try (Worker worker = app.start()) {
            for (int i = 0; i < 200; i++) {
                clock += random.nextInt(4);
                int kind = random.nextInt(12);
                FlakyVisit visit = new FlakyVisit("u" + random.nextInt(3), clock - random.nextInt(12),
                        1 + random.nextInt(9), i, kind == 0, kind == 1);
                if (!visit.poison()) {
                    model.event(visit.user(), visit.time(), visit.clicks(), i);
                }
                visits.send(visit.user(), visit);
            }
            assertThat(worker.awaitIdle(Duration.ofSeconds(20))).isTrue();
            worker.commit();
            assertThat(sessionsOf(table)).isEqualTo(model.sessions());
        }
        assertThat(replay(memory.read(new TopicPartition("sessions-clicks-changelog", 0), 0)))
                .isEqualTo(model.sessions());
    }

    private static Map<SessionModel.Session, Long> replay(List<ConsumedRecord> changelog) {
        WindowKeyCodec<String> codec = WindowKeyCodec.binary(io.faust4j.Codecs.raw(String.class));
        io.faust4j.Codec<Long> values = io.faust4j.Codecs.json(Long.class);
        Map<SessionModel.Session, Long> table = new HashMap<>();
        for (ConsumedRecord record : changelog) {
            WindowKey<String> key = codec.decode(record.key());
            SessionModel.Session session = new SessionModel.Session(key.key(), key.start(), key.end());
            if (record.value() == null) {
                table.remove(session);
            } else {
                table.put(session, values.decode(record.value()));
            }
        }
        return table;
    }
}
