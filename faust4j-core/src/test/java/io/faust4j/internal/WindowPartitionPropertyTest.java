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
 * Seeded randomized property test of the window rules: for random streams with out-of-order timestamps and
 * random window definitions, every window's value, every close (which window, with which value, at which
 * event), every late event and every expiry equal the brute-force {@link WindowModel}.
 */
class WindowPartitionPropertyTest {
    private static final int CASES = 400;

    /** A partition's storage in plain maps, as the engine's shards hold it. */
    private static final class MapStorage implements WindowPartition.Storage<String, Long> {
        final Map<WindowKey<String>, Long> data = new HashMap<>();
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
    void everyWindowCloseLateEventAndExpiryMatchesTheBruteForceModel() throws Exception {
        for (long seed = 1; seed <= CASES; seed++) {
            Random random = new Random(seed);
            long size = 1 + random.nextInt(40);
            long step = random.nextBoolean() ? size : 1 + random.nextInt((int) size);
            long grace = random.nextInt(3) == 0 ? 0 : random.nextInt(30);
            long expires = random.nextInt(4) == 0 ? -1 : grace + random.nextInt(60);
            Windows windows = Windows.hopping(Duration.ofMillis(size), Duration.ofMillis(step))
                    .grace(Duration.ofMillis(grace));
            if (expires >= 0) {
                windows = windows.expires(Duration.ofMillis(expires));
            }
            List<WindowModel.Event> events = events(random);
            check(seed, windows, events, new WindowModel(events, size, step, grace, expires));
        }
    }

    private static List<WindowModel.Event> events(Random random) {
        List<WindowModel.Event> events = new ArrayList<>();
        long clock = random.nextInt(50) - 20; // negative times too
        int count = 1 + random.nextInt(120);
        for (int i = 0; i < count; i++) {
            clock += random.nextInt(6);
            long jitter = random.nextInt(4) == 0 ? random.nextInt(60) : 0; // out of order, some very late
            events.add(new WindowModel.Event("k" + random.nextInt(3), clock - jitter, 1 + random.nextInt(9)));
        }
        return events;
    }

    private static void check(long seed, Windows windows, List<WindowModel.Event> events, WindowModel model)
            throws Exception {
        WindowPartition<String, Long> partition = new WindowPartition<>(windows);
        MapStorage storage = new MapStorage();
        Map<WindowModel.Win, Long> closedValues = new HashMap<>();
        Map<WindowModel.Win, Integer> closedAt = new HashMap<>();
        int[] index = {0};
        WindowPartition.Closer<String, Long> closer = (w, value) -> {
            WindowModel.Win win = new WindowModel.Win(w.key(), w.start(), w.end());
            assertThat(closedValues.put(win, value)).as("seed %d: %s closed twice", seed, win).isNull();
            closedAt.put(win, index[0]);
        };
        int late = 0;
        for (WindowModel.Event e : events) {
            WindowPartition.Written<Long> written = partition.write(storage, e.key(), e.time(),
                    old -> (old == null ? 0 : old) + e.amount(), closer);
            late += written.late() ? 1 : 0;
            index[0]++;
        }
        String what = "seed " + seed + ", " + windows + ", events " + events;
        Map<WindowModel.Win, Long> stored = new HashMap<>();
        storage.data.forEach((k, v) -> stored.put(new WindowModel.Win(k.key(), k.start(), k.end()), v));
        assertThat(stored).as(what).isEqualTo(model.stored);
        Map<WindowModel.Win, Long> expectedClosed = new HashMap<>();
        model.closeIndex.keySet().forEach(w -> expectedClosed.put(w, model.sums.get(w)));
        assertThat(closedValues).as(what).isEqualTo(expectedClosed);
        assertThat(closedAt).as(what).isEqualTo(model.closeIndex);
        assertThat(late).as(what).isEqualTo(model.lateEvents);
        assertThat(storage.streamTime).as(what).isEqualTo(model.finalStreamTime);
    }
}
