package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.Windows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded randomized property test of the session-window rules: random streams of several keys with out-of-order
 * timestamps (some very late), idle moves of the stream time and failed events whose writes are rolled back, for
 * random gaps, grace periods and expiries. After every step the stored sessions and their values, the late count
 * and the stream time equal the brute-force {@link SessionModel}; every session fires exactly once, at the same
 * step and with the same value as in the model, and merged-away sessions never fire.
 */
class SessionWindowPartitionPropertyTest {
    private static final int CASES = 500;

    /** A partition's storage in plain maps, with a snapshot to roll a failed event back. */
    private static final class MapStorage implements SessionWindowPartition.Storage<String, Long> {
        Map<WindowKey<String>, Long> data = new HashMap<>();
        long streamTime = WindowPartition.NONE;
        long sequence;

        @Override
        public Long get(WindowKey<String> key) {
            return data.get(key);
        }

        @Override
        public void put(WindowKey<String> key, Long value) {
            data.put(key, value);
        }

        @Override
        public void remove(WindowKey<String> key) {
            data.remove(key);
        }

        @Override
        public long streamTime() {
            return streamTime;
        }

        @Override
        public void streamTime(long time) {
            streamTime = time;
        }

        @Override
        public long sequence() {
            return sequence;
        }

        @Override
        public void sequence(long sequence) {
            this.sequence = sequence;
        }

        @Override
        public void forEachWindow(java.util.function.Consumer<WindowKey<String>> visitor) {
            List.copyOf(data.keySet()).forEach(visitor);
        }

        Runnable snapshot() {
            Map<WindowKey<String>, Long> savedData = new HashMap<>(data);
            long savedTime = streamTime;
            long savedSequence = sequence;
            return () -> {
                data = savedData;
                streamTime = savedTime;
                sequence = savedSequence;
            };
        }
    }

    @Test
    void sessionsClosesLateEventsAndExpiryMatchTheBruteForceModelAfterEveryEvent() throws Exception {
        for (long seed = 1; seed <= CASES; seed++) {
            Random random = new Random(seed);
            long gap = 1 + random.nextInt(20);
            long grace = random.nextInt(3) == 0 ? 0 : random.nextInt(30);
            long expires = random.nextInt(4) == 0 ? -1 : grace + random.nextInt(60);
            Windows windows = Windows.session(Duration.ofMillis(gap)).grace(Duration.ofMillis(grace));
            if (expires >= 0) {
                windows = windows.expires(Duration.ofMillis(expires));
            }
            check(seed, random, windows, new SessionModel(gap, grace, expires));
        }
    }

    private static void check(long seed, Random random, Windows windows, SessionModel model) throws Exception {
        SessionWindowPartition<String, Long> partition = new SessionWindowPartition<>(windows);
        MapStorage storage = new MapStorage();
        Map<SessionModel.Session, Long> fired = new HashMap<>();
        Map<SessionModel.Session, Integer> firedAt = new HashMap<>();
        List<String> steps = new ArrayList<>();
        int[] index = {0};
        WindowPartition.Closer<String, Long> closer = (w, value) -> {
            SessionModel.Session session = new SessionModel.Session(w.key(), w.start(), w.end());
            assertThat(fired.put(session, value)).as("seed %d: %s fired twice, steps %s", seed, session, steps).isNull();
            firedAt.put(session, index[0]);
        };
        int late = 0;
        long clock = random.nextInt(50) - 20; // negative times too
        int count = 1 + random.nextInt(120);
        for (int i = 0; i < count; i++, index[0]++) {
            clock += random.nextInt(6);
            int kind = random.nextInt(20);
            if (kind == 0) { // a quiet partition's stream time follows the clock
                long to = clock + random.nextInt(30);
                steps.add("move " + to);
                partition.moveTo(storage, to, closer);
                model.moveTo(to, index[0]);
            } else {
                long jitter = random.nextInt(4) == 0 ? random.nextInt(60) : 0; // out of order, some very late
                String key = "k" + random.nextInt(3);
                long time = clock - jitter;
                long amount = 1 + random.nextInt(9);
                if (kind == 1) { // the event fails (its close callback throws, or later) and is rolled back
                    steps.add("failed " + key + "@" + time);
                    Runnable rollBack = storage.snapshot();
                    try {
                        partition.write(storage, key, time, old -> (old == null ? 0 : old) + amount, Long::sum,
                                (w, value) -> {
                                    throw new IllegalStateException("handler fails");
                                });
                    } catch (IllegalStateException expected) {
                        // rolled back below, as the actor does
                    }
                    rollBack.run();
                } else {
                    steps.add(key + "@" + time + "+" + amount);
                    WindowPartition.Written<Long> written = partition.write(storage, key, time,
                            old -> (old == null ? 0 : old) + amount, Long::sum, closer);
                    late += written.late() ? 1 : 0;
                    boolean modelLate = model.event(key, time, amount, index[0]);
                    if (!modelLate) {
                        assertThat(written.value()).as("seed %d, the value written, steps %s", seed, steps)
                                .isEqualTo(valueHolding(model, key, time));
                    }
                }
            }
            Map<SessionModel.Session, Long> stored = new HashMap<>();
            storage.data.forEach((k, v) -> stored.put(new SessionModel.Session(k.key(), k.start(), k.end()), v));
            Map<SessionModel.Session, Long> expected = model.sessions();
            if (!stored.equals(expected) || late != model.late || storage.streamTime != model.streamTime
                    || !fired.equals(model.fired) || !firedAt.equals(model.firedAt)) { // described only when it fails
                String what = "seed " + seed + ", " + windows + ", steps " + steps;
                assertThat(stored).as(what).isEqualTo(expected);
                assertThat(late).as(what).isEqualTo(model.late);
                assertThat(storage.streamTime).as(what).isEqualTo(model.streamTime);
                assertThat(fired).as(what).isEqualTo(model.fired);
                assertThat(firedAt).as(what).isEqualTo(model.firedAt);
            }
            if (!steps.get(steps.size() - 1).startsWith("failed")) {
                // the index holds exactly the stored sessions (none left behind by merges or expiry)
                assertThat(partition.indexed()).as("seed %d, steps %s", seed, steps).isEqualTo(storage.data.size());
            }
        }
    }

    private static Long valueHolding(SessionModel model, String key, long time) {
        return model.sessions().entrySet().stream()
                .filter(e -> e.getKey().key().equals(key) && e.getKey().start() <= time && time < e.getKey().end())
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
