package io.faust4j.internal;

import io.faust4j.Windows;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The window rules of one partition of a windowed table, apart from where the data lives: which windows a
 * write goes to, which are closed (late writes), when windows close and when they expire. The partition's
 * <em>stream time</em> (the highest time written) is kept in the {@link Storage}, so it is changelogged and
 * rolled back with the data; this object holds only an index of the windows by end, rebuilt from the store
 * when a partition is opened.
 *
 * <p>The index may hold windows the store does not (a write that was rolled back, a window deleted by
 * expiry): both are skipped, and pruned at the next expiry. Not thread-safe: used by the partition's writer.
 */
final class WindowPartition<K, V> {
    static final long NONE = Long.MIN_VALUE;

    /** Where the windows and the stream time of the partition live. */
    interface Storage<K, V> {
        V get(WindowKey<K> key);

        void put(WindowKey<K> key, V value);

        void remove(WindowKey<K> key);

        /** The stream time, or {@link #NONE} before the first write. */
        long streamTime();

        void streamTime(long time);
    }

    /** Told of each window that closes with a value. */
    interface Closer<K, V> {
        void closed(WindowKey<K> key, V value) throws Exception;
    }

    /** What a write did: the value of the last window written (null if none) and whether a window was closed. */
    record Written<V>(V value, boolean late) {
    }

    private final long size;
    private final long step;
    private final long grace;
    private final long expires;
    private final NavigableMap<Long, Set<WindowKey<K>>> byEnd = new TreeMap<>();
    volatile Object owner;
    long lastActivity;
    long lastLateOffset = -1;
    /** The stream time assumed when the storage has none but the store has windows (a changelog Faust wrote). */
    long assumedStreamTime = NONE;

    WindowPartition(Windows windows) {
        this.size = windows.size().toMillis();
        this.step = windows.step().toMillis();
        this.grace = windows.grace().toMillis();
        this.expires = windows.expires().map(java.time.Duration::toMillis).orElse(-1L);
    }

    /** The start of the latest-starting window that holds {@code time}. */
    static long currentStart(long time, long step) {
        return Math.floorDiv(time, step) * step;
    }

    /** Adds a window found in the store to the index. */
    void index(WindowKey<K> key) {
        byEnd.computeIfAbsent(key.end(), e -> new LinkedHashSet<>()).add(key);
    }

    /** The number of windows in the index. */
    int indexed() {
        return byEnd.values().stream().mapToInt(Set::size).sum();
    }

    /** The highest end of an indexed window, or {@link #NONE}: a lower bound of a lost stream time. */
    long highestStart() {
        return byEnd.isEmpty() ? NONE : byEnd.lastKey() - size;
    }

    /**
     * Applies {@code change} (given the window's value, null for none) to every window holding {@code time} that
     * is still open, then moves the stream time to {@code time} if that is later, closing and expiring windows.
     */
    Written<V> write(Storage<K, V> storage, K key, long time, UnaryOperator<V> change, Closer<K, V> closer)
            throws Exception {
        long streamTime = streamTime(storage);
        long watermark = streamTime == NONE ? NONE : streamTime - grace;
        boolean late = false;
        V last = null;
        long first = Math.floorDiv(time - size, step) * step + step;
        for (long start = first; start <= time; start += step) {
            long end = start + size;
            if (watermark != NONE && end <= watermark) {
                late = true;
                continue;
            }
            WindowKey<K> window = new WindowKey<>(key, start, end);
            last = change.apply(storage.get(window));
            storage.put(window, last);
            index(window);
        }
        if (streamTime == NONE || time > streamTime) {
            storage.streamTime(time);
            advance(storage, streamTime, time, closer);
        }
        return new Written<>(last, late);
    }

    /** Moves the stream time to {@code time} if that is later (an idle partition), closing and expiring windows. */
    void moveTo(Storage<K, V> storage, long time, Closer<K, V> closer) throws Exception {
        long streamTime = streamTime(storage);
        if (streamTime == NONE || time > streamTime) {
            storage.streamTime(time);
            advance(storage, streamTime, time, closer);
        }
    }

    /** The partition's stream time, or {@link #NONE}. */
    long streamTime(Storage<K, V> storage) {
        long time = storage.streamTime();
        return time == NONE ? assumedStreamTime : time;
    }

    /** Whether a window ending at {@code end} is closed at stream time {@code streamTime}. */
    boolean closed(long end, long streamTime) {
        return streamTime != NONE && end <= streamTime - grace;
    }

    private void advance(Storage<K, V> storage, long from, long to, Closer<K, V> closer) throws Exception {
        long high = to - grace;
        Map<Long, Set<WindowKey<K>>> closing = from == NONE ? byEnd.headMap(high, true)
                : byEnd.subMap(from - grace, false, high, true);
        List<WindowKey<K>> closed = new ArrayList<>();
        closing.values().forEach(closed::addAll);
        for (WindowKey<K> window : closed) {
            V value = storage.get(window);
            if (value != null) {
                closer.closed(window, value);
            }
        }
        if (expires < 0) {
            return;
        }
        for (Iterator<Set<WindowKey<K>>> ends = byEnd.headMap(to - expires, true).values().iterator(); ends.hasNext(); ) {
            Set<WindowKey<K>> windows = ends.next();
            for (Iterator<WindowKey<K>> it = windows.iterator(); it.hasNext(); ) {
                WindowKey<K> window = it.next();
                if (storage.get(window) != null) {
                    storage.remove(window); // pruned from the index at the next expiry, unless rolled back
                } else {
                    it.remove();
                }
            }
            if (windows.isEmpty()) {
                ends.remove();
            }
        }
    }
}
