package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.Windows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Seeded randomized property test of sliding windows: for random streams of several keys with out-of-order
 * timestamps (near and before the epoch too) and random time differences, grace periods and expiries, every
 * window, its value and newest event time, every close, every late event, the value after each event and the value
 * at random instants equal the brute-force {@link SlidingWindowModel}.
 */
class SlidingWindowPartitionPropertyTest {
    private static final int CASES = 500;

    /** A partition's storage in plain maps, as the engine's shards hold it. */
    private static final class MapStorage implements SlidingWindowPartition.Storage<String, Long> {
        final Map<WindowKey<String>, Long> data = new HashMap<>();
        final Map<WindowKey<String>, Long> newest = new HashMap<>();
        SlidingWindowPartition<String, Long> sliding;
        long streamTime = WindowPartition.NONE;

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
            newest.remove(key);
            sliding.forget(key);
        }

        @Override
        public long newest(WindowKey<String> key) {
            return newest.getOrDefault(key, WindowPartition.NONE);
        }

        @Override
        public void newest(WindowKey<String> key, long time) {
            newest.put(key, time);
        }

        @Override
        public long streamTime() {
            return streamTime;
        }

        @Override
        public void streamTime(long time) {
            streamTime = time;
        }
    }

    @Test
    void everyWindowCloseLateEventAndReadMatchesTheBruteForceModel() throws Exception {
        for (long seed = 1; seed <= CASES; seed++) {
            Random random = new Random(seed);
            long difference = 1 + random.nextInt(30);
            long grace = random.nextInt(3) == 0 ? 0 : random.nextInt(30);
            long expires = random.nextInt(4) == 0 ? -1 : grace + difference + random.nextInt(40);
            Windows windows = Windows.sliding(Duration.ofMillis(difference)).grace(Duration.ofMillis(grace));
            if (expires >= 0) {
                windows = windows.expires(Duration.ofMillis(expires));
            }
            List<WindowModel.Event> events = events(random);
            check(seed, random, windows, events, new SlidingWindowModel(events, difference, grace, expires), expires);
        }
    }

    private static List<WindowModel.Event> events(Random random) {
        List<WindowModel.Event> events = new ArrayList<>();
        long clock = random.nextInt(50) - 20; // near and before the epoch too
        int count = 1 + random.nextInt(100);
        int keys = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            clock += random.nextInt(random.nextInt(4) == 0 ? 25 : 5);
            long jitter = random.nextInt(3) == 0 ? random.nextInt(45) : 0; // out of order, some very late
            events.add(new WindowModel.Event("k" + random.nextInt(keys), clock - jitter, 1 + random.nextInt(9)));
        }
        return events;
    }

    private static void check(long seed, Random random, Windows windows, List<WindowModel.Event> events,
                              SlidingWindowModel model, long expires) throws Exception {
        long d = windows.size().toMillis();
        WindowPartition<String, Long> rules = new WindowPartition<>(windows);
        SlidingWindowPartition<String, Long> sliding = new SlidingWindowPartition<>(rules, d);
        MapStorage storage = new MapStorage();
        storage.sliding = sliding;
        Map<WindowModel.Win, Long> closedValues = new HashMap<>();
        Map<WindowModel.Win, Integer> closedAt = new HashMap<>();
        int[] index = {0};
        WindowPartition.Closer<String, Long> closer = (w, value) -> {
            WindowModel.Win win = new WindowModel.Win(w.key(), w.start(), w.end());
            assertThat(closedValues.put(win, value)).as("seed %d: %s closed twice", seed, win).isNull();
            closedAt.put(win, index[0]);
        };
        String what = "seed " + seed + ", " + windows + ", events " + events;
        List<WindowModel.Event> acceptedSoFar = new ArrayList<>();
        int late = 0;
        for (WindowModel.Event e : events) {
            WindowPartition.Written<Long> written = sliding.write(storage, e.key(), e.time(),
                    old -> (old == null ? 0 : old) + e.amount(), closer);
            boolean expectLate = model.lateFlags.get(index[0]);
            assertThat(written.late()).as("late, event %d: %s", index[0], what).isEqualTo(expectLate);
            late += written.late() ? 1 : 0;
            if (!expectLate) {
                acceptedSoFar.add(e);
                long expected = SlidingWindowModel.sum(acceptedSoFar, e.key(), e.time() - d, e.time());
                assertThat(written.value()).as("written, event %d: %s", index[0], what).isEqualTo(expected);
                assertThat(sliding.valueAt(storage, e.key(), e.time())).as("current, event %d: %s", index[0], what)
                        .isEqualTo(expected);
            }
            index[0]++;
        }
        Map<WindowModel.Win, Long> stored = new HashMap<>();
        storage.data.forEach((k, v) -> stored.put(new WindowModel.Win(k.key(), k.start(), k.end()), v));
        assertThat(stored).as(what).isEqualTo(model.stored);
        Map<WindowModel.Win, Long> newest = new HashMap<>();
        storage.newest.forEach((k, v) -> newest.put(new WindowModel.Win(k.key(), k.start(), k.end()), v));
        assertThat(newest).as(what).isEqualTo(model.storedNewest);
        Map<WindowModel.Win, Long> expectedClosed = new HashMap<>();
        model.closeIndex.keySet().forEach(w -> expectedClosed.put(w, model.sums.get(w)));
        assertThat(closedValues).as(what).isEqualTo(expectedClosed);
        assertThat(closedAt).as(what).isEqualTo(model.closeIndex);
        assertThat(late).as(what).isEqualTo(model.lateEvents);
        assertThat(storage.streamTime).as(what).isEqualTo(model.finalStreamTime);
        checkReadsAtRandomInstants(random, storage, sliding, model, expires, what);
    }

    /** Reads from the writer's index and from the stored windows alone (a scan) give the brute-force sums. */
    private static void checkReadsAtRandomInstants(Random random, MapStorage storage,
                                                   SlidingWindowPartition<String, Long> sliding,
                                                   SlidingWindowModel model, long expires, String what) {
        long d = model.difference;
        long low = model.accepted.stream().mapToLong(WindowModel.Event::time).min().orElse(0) - 2 * d;
        long high = model.finalStreamTime + 2 * d;
        for (int i = 0; i < 40; i++) {
            long at = low + random.nextInt((int) (high - low + 1));
            for (String key : List.of("k0", "k1", "k2")) {
                long expected = SlidingWindowModel.sum(model.accepted, key, at - d, at);
                NavigableSet<Long> scanned = new TreeSet<>();
                storage.data.keySet().stream().filter(w -> w.key().equals(key)).forEach(w -> scanned.add(w.start()));
                Long fromIndex = sliding.valueAt(storage, key, at);
                Long fromScan = SlidingWindowPartition.span(scanned, storage, key, at - d, d).value();
                assertThat(fromScan).as("scan at %d, %s: %s", at, key, what).isEqualTo(fromIndex);
                boolean kept = expires < 0 || at >= model.finalStreamTime - expires + d;
                if (kept || fromIndex != null) {
                    assertThat(fromIndex == null ? 0 : fromIndex).as("at %d, %s: %s", at, key, what).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void slidingWindowsMustBeKeptLongEnoughToSeedLaterWindows() {
        assertThatThrownBy(() -> Windows.sliding(Duration.ofMinutes(5)).grace(Duration.ofMinutes(1))
                .expires(Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("make expires at least PT6M");
        assertThat(Windows.sliding(Duration.ofMinutes(5)).expires(Duration.ofMinutes(5)).isSliding()).isTrue();
        assertThat(Windows.sliding(Duration.ofMinutes(5)).toString()).isEqualTo("sliding(PT5M)");
        assertThatThrownBy(() -> Windows.sliding(Duration.ZERO)).hasMessageContaining("timeDifference");
    }
}
