package io.faust4j.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A brute-force model of sliding windows, written from the definitions and nothing else. The stream time before an
 * event is the highest timestamp of the events before it; an event is late (counted, in no window) when its
 * timestamp is below that stream time minus the grace. Over the accepted events of a key, the windows are Kafka
 * Streams': {@code [t - d, t]} for each event {@code t}, and {@code [r + 1, r + 1 + d]} for each event {@code r}
 * with a later event in it (both ends inclusive; stored with the exclusive end {@code start + d + 1}); a window's
 * value is the sum of the accepted events in it. A window closes at the first event after which the stream time
 * minus the grace reaches its exclusive end, and is gone once the final stream time is {@code expires} past it.
 */
final class SlidingWindowModel {
    final List<WindowModel.Event> accepted = new ArrayList<>();
    final List<Boolean> lateFlags = new ArrayList<>();
    final Map<WindowModel.Win, Long> sums = new HashMap<>();
    final Map<WindowModel.Win, Long> newest = new HashMap<>();
    final Map<WindowModel.Win, Integer> closeIndex = new HashMap<>();
    final Map<WindowModel.Win, Long> stored = new HashMap<>();
    final Map<WindowModel.Win, Long> storedNewest = new HashMap<>();
    final long difference;
    int lateEvents;
    long finalStreamTime = Long.MIN_VALUE;

    SlidingWindowModel(List<WindowModel.Event> events, long difference, long grace, long expires) {
        this.difference = difference;
        long streamTime = Long.MIN_VALUE;
        List<Long> after = new ArrayList<>();
        for (WindowModel.Event e : events) {
            boolean late = streamTime != Long.MIN_VALUE && e.time() < streamTime - grace;
            lateFlags.add(late);
            if (late) {
                lateEvents++;
            } else {
                accepted.add(e);
            }
            streamTime = Math.max(streamTime, e.time());
            after.add(streamTime);
        }
        finalStreamTime = streamTime;
        for (WindowModel.Event e : accepted) {
            addWindow(e.key(), e.time() - difference);
            for (WindowModel.Event later : accepted) {
                if (later.key().equals(e.key()) && later.time() > e.time() && later.time() <= e.time() + 1 + difference) {
                    addWindow(e.key(), e.time() + 1);
                }
            }
        }
        for (WindowModel.Win w : sums.keySet()) {
            for (int i = 0; i < after.size(); i++) {
                if (after.get(i) - grace >= w.end()) {
                    closeIndex.put(w, i);
                    break;
                }
            }
            if (expires < 0 || w.end() + expires > finalStreamTime) {
                stored.put(w, sums.get(w));
                storedNewest.put(w, newest.get(w));
            }
        }
    }

    private void addWindow(String key, long start) {
        WindowModel.Win window = new WindowModel.Win(key, start, start + difference + 1);
        if (!sums.containsKey(window)) {
            sums.put(window, sum(accepted, key, start, start + difference));
            newest.put(window, accepted.stream().filter(e -> e.key().equals(key) && e.time() >= start
                    && e.time() <= start + difference).mapToLong(WindowModel.Event::time).max().orElseThrow());
        }
    }

    /** The sum of {@code events} of {@code key} from {@code from} to {@code to}, both inclusive. */
    static long sum(List<WindowModel.Event> events, String key, long from, long to) {
        return events.stream().filter(e -> e.key().equals(key) && e.time() >= from && e.time() <= to)
                .mapToLong(WindowModel.Event::amount).sum();
    }
}
