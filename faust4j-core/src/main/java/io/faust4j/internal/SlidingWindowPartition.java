package io.faust4j.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The rules of sliding windows (Kafka Streams' definition) in one partition of a windowed table: which windows a
 * write creates and updates, with which values, and which window holds the events of any span of the table's
 * time difference {@code d}. Closing, expiry and the stream time are the {@link WindowPartition}'s, as for the
 * other kinds of windows.
 *
 * <p>A sliding window holds the events from its start {@code s} to {@code s + d}, both inclusive; it is stored as
 * the {@link WindowKey} {@code [s, s + d + 1)}. The windows of a key are exactly: the <em>left window</em>
 * {@code [t - d, t]} of each event {@code t}, and the <em>right window</em> {@code [r + 1, r + 1 + d]} of each
 * event {@code r} that has a later event in it. Beside each window's value the storage keeps the time of its
 * newest event.
 *
 * <p>Why the events of any span {@code [a, a + d]} are those of one window (or none): let {@code h} be the newest
 * event in the span and {@code q} the newest event before {@code a}. If {@code q < h - d}, the left window of
 * {@code h} holds exactly the span's events; otherwise {@code h} lies in {@code q}'s right window, which then
 * exists and holds exactly them (it ends at {@code q + 1 + d <= a + d}). No window starts after the chosen one and
 * at or before {@code a}: its left window would put an event in {@code (h, a + d]}, its right window an event in
 * {@code (q, a)}. So the window with the greatest start at or before {@code a} holds the span's events if its
 * newest event is at or after {@code a}, and the span is empty otherwise ({@link #span}). That gives reads at
 * any instant, and the seed of a new window: the left window of a new event at {@code t} starts with the events
 * of {@code [t - d, t]} (there are none at {@code t}, or the window would exist), its right window with those of
 * {@code [t + 1, t + 1 + d]}, and the right window of the previous event, when it does not exist yet, is empty.
 *
 * <p>An event older than the watermark (its own left window is closed) is late as a whole and goes to no window,
 * so every window an accepted event touches ends at or after it and is open, and every window holds exactly the
 * accepted events in it. A new window's seed comes from a window ending at most {@code d} before the event, which
 * expiry keeps ({@code expires >= grace + d}).
 *
 * <p>Keeps an index of each key's window starts in memory, a superset of the windows in the storage (a write
 * that was rolled back leaves its windows there): every window found in it is checked in the storage. Not
 * thread-safe: used by the partition's writer.
 */
final class SlidingWindowPartition<K, V> {
    static final long NONE = WindowPartition.NONE;

    /** Reads windows and the time of their newest events. */
    interface Lookup<K, V> {
        /** The window's value, or null when there is no such window. */
        V get(WindowKey<K> window);

        /** The time of the window's newest event, or {@link #NONE} when there is no such window. */
        long newest(WindowKey<K> window);
    }

    /** Where the windows, their newest event times and the stream time of the partition live. */
    interface Storage<K, V> extends WindowPartition.Storage<K, V>, Lookup<K, V> {
        /** Sets the time of the window's newest event (removed with the window by {@code remove}). */
        void newest(WindowKey<K> window, long time);
    }

    /** A window's value and the time of its newest event; {@link #NOTHING} for no events. */
    record Seed<V>(V value, long newest) {
    }

    private static final Seed<?> NOTHING = new Seed<>(null, NONE);

    private final WindowPartition<K, V> rules;
    private final long difference;
    private final Map<K, NavigableSet<Long>> starts = new HashMap<>();

    SlidingWindowPartition(WindowPartition<K, V> rules, long difference) {
        this.rules = rules;
        this.difference = difference;
    }

    /** The closing, expiry and stream-time rules this partition's windows follow. */
    WindowPartition<K, V> rules() {
        return rules;
    }

    /** Adds a window found in the store to the index of starts (the {@link #rules} keep their own index). */
    void index(WindowKey<K> window) {
        starts.computeIfAbsent(window.key(), k -> new TreeSet<>()).add(window.start());
    }

    /** Drops a deleted window from the index of starts. */
    void forget(WindowKey<K> window) {
        NavigableSet<Long> known = starts.get(window.key());
        if (known != null && known.remove(window.start()) && known.isEmpty()) {
            starts.remove(window.key());
        }
    }

    /** The indexed window starts of {@code key} (a superset of its windows); a live view. */
    NavigableSet<Long> starts(K key) {
        NavigableSet<Long> known = starts.get(key);
        return known != null ? known : new TreeSet<>();
    }

    /** The sliding window of {@code key} starting at {@code start}. */
    WindowKey<K> window(K key, long start) {
        return new WindowKey<>(key, start, start + difference + 1);
    }

    /**
     * Adds an event at {@code time} of {@code key}: applies {@code change} (given a window's value, null for a new
     * window without events) to every window holding {@code time}, creating the event's left window and, where
     * they now hold events, its right window and the previous event's right window; then moves the stream time,
     * closing and expiring windows. An event older than the watermark is late and changes nothing. Returns the
     * new value of the event's left window (the aggregate of the last {@code d} as of this event).
     */
    WindowPartition.Written<V> write(Storage<K, V> storage, K key, long time, UnaryOperator<V> change,
                                     WindowPartition.Closer<K, V> closer) throws Exception {
        long streamTime = rules.streamTime(storage);
        if (rules.closed(time + 1, streamTime)) {
            return new WindowPartition.Written<>(null, true);
        }
        NavigableSet<Long> known = starts(key);
        TreeMap<Long, Seed<V>> targets = new TreeMap<>();
        for (long start : known.subSet(time - difference, true, time, true)) {
            WindowKey<K> window = window(key, start);
            V value = storage.get(window);
            if (value != null) {
                targets.put(start, new Seed<>(value, storage.newest(window)));
            }
        }
        long left = time - difference;
        if (!targets.containsKey(left)) {
            targets.put(left, span(known, storage, key, left, difference));
        }
        Seed<V> before = span(known, storage, key, time - 1 - difference, difference);
        if (before.value() != null && !targets.containsKey(before.newest() + 1)) {
            targets.put(before.newest() + 1, nothing()); // the previous event's right window: only this event
        }
        Seed<V> after = storage.get(window(key, time + 1)) != null ? nothing()
                : span(known, storage, key, time + 1, difference);
        V written = null;
        for (Map.Entry<Long, Seed<V>> target : targets.entrySet()) {
            V value = change.apply(target.getValue().value());
            put(storage, window(key, target.getKey()), value, Math.max(target.getValue().newest(), time));
            if (target.getKey() == left) {
                written = value;
            }
        }
        if (after.value() != null) {
            put(storage, window(key, time + 1), after.value(), after.newest()); // the events after this one
        }
        rules.moveTo(storage, time, closer);
        return new WindowPartition.Written<>(written, false);
    }

    /** The aggregate of {@code key}'s events in {@code [time - d, time]}, or null for none. */
    V valueAt(Lookup<K, V> lookup, K key, long time) {
        return span(starts(key), lookup, key, time - difference, difference).value();
    }

    private void put(Storage<K, V> storage, WindowKey<K> window, V value, long newest) {
        storage.put(window, value);
        storage.newest(window, newest);
        index(window);
        rules.index(window);
    }

    @SuppressWarnings("unchecked")
    static <V> Seed<V> nothing() {
        return (Seed<V>) NOTHING;
    }

    /**
     * The value and newest event time of the window holding exactly {@code key}'s events in {@code [from, from + d]},
     * or {@link #nothing()} when there are none: the window with the greatest start at or before {@code from}, if
     * its newest event is at or after {@code from} (see the class comment). {@code known} holds at least the starts
     * of {@code key}'s windows from {@code from - d} to {@code from}.
     */
    static <K, V> Seed<V> span(NavigableSet<Long> known, Lookup<K, V> lookup, K key, long from, long difference) {
        for (long start : known.headSet(from, true).descendingSet()) {
            if (start < from - difference) {
                break; // ends before the span: so do all windows starting earlier
            }
            WindowKey<K> window = new WindowKey<>(key, start, start + difference + 1);
            V value = lookup.get(window);
            if (value != null) {
                long newest = lookup.newest(window);
                return newest >= from ? new Seed<>(value, newest) : nothing();
            }
        }
        return nothing();
    }
}
