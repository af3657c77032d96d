package io.faust4j.internal;

import io.faust4j.Windows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The session-window rules of one partition of a windowed table, apart from where the data lives. A session of
 * a key is stored as the window {@code [first event, last event + 1)} (end exclusive, as every window); an event
 * at {@code t} touches each session of its key with {@code start - gap <= t <= last + gap}, and the sessions it
 * touches merge with it into one. With the watermark {@code w} (stream time minus grace), a session is
 * <em>closed</em> once {@code last + gap < w} (its {@code end + gap <= w}); a write is <em>late</em> when it
 * touches a closed session (it would reopen a session whose close callbacks already ran) or, touching none,
 * when its own new session would already be closed ({@code t + gap < w}). A session expires (is deleted) once
 * {@code end + gap <= stream time - expires}, and is then forgotten.
 *
 * <p>For speed the partition keeps its sessions in memory, by key (to find the sessions an event touches without
 * a scan of the store's write cache) and by end (to close and expire them). The storage counts the writes
 * ({@link Storage#sequence}) with the data, so when a failed event's writes are rolled back the count goes back
 * too and the index, which no longer matches, is rebuilt from the storage before it is used again. Not
 * thread-safe: used by the partition's writer.
 */
final class SessionWindowPartition<K, V> {
    private static final long NONE = WindowPartition.NONE;
    private static final long STALE = Long.MIN_VALUE;

    /** Where the sessions, the stream time and the write count of the partition live. */
    interface Storage<K, V> extends WindowPartition.Storage<K, V> {
        /** The number of writes so far, 0 before the first: rolled back with them. */
        long sequence();

        void sequence(long sequence);

        /** Visits every session stored (to rebuild the index). */
        void forEachWindow(Consumer<WindowKey<K>> visitor);
    }

    private final long gap;
    private final long grace;
    private final long expires;
    private final Map<K, NavigableMap<Long, WindowKey<K>>> byKey = new HashMap<>();
    private final NavigableMap<Long, Set<WindowKey<K>>> byEnd = new TreeMap<>();
    private long sequence = STALE;
    volatile Object owner;
    long lastActivity;
    long lastLateOffset = -1;

    SessionWindowPartition(Windows windows) {
        this.gap = windows.gap().orElseThrow().toMillis();
        this.grace = windows.grace().toMillis();
        this.expires = windows.expires().map(java.time.Duration::toMillis).orElse(-1L);
    }

    /**
     * Merges the sessions of {@code key} that an event at {@code time} touches (their values combined by {@code
     * merger}, oldest first; the merged-away sessions deleted) and applies {@code change} to the merged value
     * (null for a new session), unless the write is late; then moves the stream time to {@code time} if that is
     * later, closing and expiring sessions. The result's value is that of the session written, or for a late
     * write of the session holding {@code time} (null if none).
     */
    WindowPartition.Written<V> write(Storage<K, V> storage, K key, long time, UnaryOperator<V> change,
                                     BinaryOperator<V> merger, WindowPartition.Closer<K, V> closer) throws Exception {
        sync(storage);
        long streamTime = storage.streamTime();
        List<WindowKey<K>> touched = touching(key, time);
        if (late(touched, time, streamTime == NONE ? NONE : streamTime - grace)) {
            WindowKey<K> holding = holding(key, time);
            return new WindowPartition.Written<>(holding == null ? null : storage.get(holding), true);
        }
        long next = begin(storage);
        V merged = null;
        long start = time;
        long end = time + 1;
        for (WindowKey<K> session : touched) {
            V value = storage.get(session);
            if (value != null) {
                merged = merged == null ? value : merger.apply(merged, value);
            }
            start = Math.min(start, session.start());
            end = Math.max(end, session.end());
        }
        WindowKey<K> written = new WindowKey<>(key, start, end);
        for (WindowKey<K> session : touched) {
            if (!session.equals(written)) {
                storage.remove(session);
                unindex(session);
            }
        }
        V value = change.apply(merged);
        storage.put(written, value);
        index(written);
        if (streamTime == NONE || time > streamTime) {
            storage.streamTime(time);
            advance(storage, streamTime, time, closer);
        }
        sequence = next;
        return new WindowPartition.Written<>(value, false);
    }

    /** Moves the stream time to {@code time} if that is later (an idle partition), closing and expiring sessions. */
    void moveTo(Storage<K, V> storage, long time, WindowPartition.Closer<K, V> closer) throws Exception {
        sync(storage);
        long streamTime = storage.streamTime();
        if (streamTime == NONE || time > streamTime) {
            long next = begin(storage);
            storage.streamTime(time);
            advance(storage, streamTime, time, closer);
            sequence = next;
        }
    }

    /** The value of {@code key}'s session holding {@code time}, or null. */
    V valueAt(Storage<K, V> storage, K key, long time) {
        sync(storage);
        WindowKey<K> session = holding(key, time);
        return session == null ? null : storage.get(session);
    }

    /** The number of sessions in the index. */
    int indexed() {
        return byKey.values().stream().mapToInt(Map::size).sum();
    }

    /** Counts a write in the storage; until it completes, the index counts as not matching the storage. */
    private long begin(Storage<K, V> storage) {
        long next = sequence + 1;
        sequence = STALE; // a write that fails half way leaves the index to be rebuilt
        storage.sequence(next);
        return next;
    }

    /** Rebuilds the index from the storage unless it matches (it does not after a rollback, or at first use). */
    private void sync(Storage<K, V> storage) {
        long stored = storage.sequence();
        if (stored != sequence) {
            byKey.clear();
            byEnd.clear();
            storage.forEachWindow(this::index);
            sequence = stored;
        }
    }

    /** The sessions of {@code key} that an event at {@code time} touches, oldest first. */
    private List<WindowKey<K>> touching(K key, long time) {
        NavigableMap<Long, WindowKey<K>> sessions = byKey.get(key);
        if (sessions == null) {
            return List.of();
        }
        List<WindowKey<K>> touched = new ArrayList<>(2);
        // a key's sessions do not overlap: going back from the last one starting within reach, they end earlier
        for (WindowKey<K> session : sessions.headMap(time + gap, true).descendingMap().values()) {
            if (session.end() - 1 + gap < time) {
                break;
            }
            touched.add(session);
        }
        Collections.reverse(touched);
        return touched;
    }

    private boolean late(List<WindowKey<K>> touched, long time, long watermark) {
        if (watermark == NONE) {
            return false;
        }
        if (touched.isEmpty()) {
            return time + 1 + gap <= watermark;
        }
        for (WindowKey<K> session : touched) {
            if (session.end() + gap <= watermark) {
                return true;
            }
        }
        return false;
    }

    private WindowKey<K> holding(K key, long time) {
        NavigableMap<Long, WindowKey<K>> sessions = byKey.get(key);
        Map.Entry<Long, WindowKey<K>> floor = sessions == null ? null : sessions.floorEntry(time);
        return floor != null && floor.getValue().end() > time ? floor.getValue() : null;
    }

    private void index(WindowKey<K> session) {
        byKey.computeIfAbsent(session.key(), k -> new TreeMap<>()).put(session.start(), session);
        byEnd.computeIfAbsent(session.end(), e -> new LinkedHashSet<>()).add(session);
    }

    private void unindex(WindowKey<K> session) {
        NavigableMap<Long, WindowKey<K>> sessions = byKey.get(session.key());
        if (sessions != null && sessions.remove(session.start(), session) && sessions.isEmpty()) {
            byKey.remove(session.key());
        }
        Set<WindowKey<K>> ending = byEnd.get(session.end());
        if (ending != null && ending.remove(session) && ending.isEmpty()) {
            byEnd.remove(session.end());
        }
    }

    /** Runs the close callbacks of the sessions closed by the stream time moving from {@code from} to {@code to}. */
    private void advance(Storage<K, V> storage, long from, long to, WindowPartition.Closer<K, V> closer)
            throws Exception {
        long high = to - grace - gap; // a session closes once its end is at most this
        Map<Long, Set<WindowKey<K>>> closing = from == NONE ? byEnd.headMap(high, true)
                : byEnd.subMap(from - grace - gap, false, high, true);
        List<WindowKey<K>> closed = new ArrayList<>();
        closing.values().forEach(closed::addAll);
        for (WindowKey<K> session : closed) {
            V value = storage.get(session);
            if (value != null) {
                closer.closed(session, value);
            }
        }
        if (expires < 0) {
            return;
        }
        List<WindowKey<K>> expired = new ArrayList<>();
        byEnd.headMap(to - expires - gap, true).values().forEach(expired::addAll);
        for (WindowKey<K> session : expired) {
            storage.remove(session);
            unindex(session);
        }
    }
}
