package io.faust4j.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A brute-force model of windowed aggregation, written from the definition and nothing else: an event with
 * timestamp t belongs to every window [start, start + size) with start a multiple of step and start <= t <
 * start + size; the stream time before an event is the highest timestamp of the events before it; an event
 * counts in a window unless the window's end is at or before that stream time minus the grace; a window closes
 * at the first event after which the stream time minus the grace reaches its end; a window is gone once the
 * final stream time is {@code expires} past its end.
 */
final class WindowModel {
    record Event(String key, long time, long amount) {
    }

    record Win(String key, long start, long end) {
    }

    final Map<Win, Long> sums = new HashMap<>();
    final Map<Win, Integer> closeIndex = new HashMap<>();
    final Map<Win, Long> stored = new HashMap<>();
    int lateEvents;
    long finalStreamTime = Long.MIN_VALUE;

    WindowModel(List<Event> events, long size, long step, long grace, long expires) {
        long streamTime = Long.MIN_VALUE;
        List<Long> after = new ArrayList<>();
        for (Event e : events) {
            boolean late = false;
            for (long start = -10 * size - 1000; start <= e.time() + size; start++) {
                if (Math.floorMod(start, step) != 0 || !(start <= e.time() && e.time() < start + size)) {
                    continue;
                }
                if (streamTime != Long.MIN_VALUE && start + size <= streamTime - grace) {
                    late = true;
                    continue;
                }
                sums.merge(new Win(e.key(), start, start + size), e.amount(), Long::sum);
            }
            if (late) {
                lateEvents++;
            }
            streamTime = Math.max(streamTime, e.time());
            after.add(streamTime);
        }
        finalStreamTime = streamTime;
        for (Win w : sums.keySet()) {
            for (int i = 0; i < after.size(); i++) {
                if (after.get(i) - grace >= w.end()) {
                    closeIndex.put(w, i);
                    break;
                }
            }
            if (expires < 0 || w.end() + expires > finalStreamTime) {
                stored.put(w, sums.get(w));
            }
        }
    }
}
