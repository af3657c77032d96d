package io.faust4j.internal;

import io.faust4j.spi.KeyRange;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Binds the sliding-window rules ({@link SlidingWindowPartition}) of a windowed table to the engine: the time of
 * each window's newest event lives in a small internal table {@code <table>-newest-event} keyed like the windows
 * (changelogged, rolled back and recovered with them), a partition's index of window starts is kept with that
 * table's shard, and reads find the window holding the events of a span, from the index on the partition's writer
 * and from a range scan of the store elsewhere.
 */
final class SlidingWindowStates {
    /** The suffix of the internal table holding each window's newest event time. */
    static final String NEWEST_EVENT = "-newest-event";

    private SlidingWindowStates() {
    }

    /** Adds the current event at {@code time} to the sliding windows of {@code key} (see {@link SlidingWindowPartition#write}). */
    static <K, V> WindowPartition.Written<V> write(WindowedTableImpl.Core<K, V> core, TableShard<WindowKey<K>, V> shard,
                                                  Actor actor, WindowPartition<K, V> rules, K key, long time,
                                                  UnaryOperator<V> change) throws Exception {
        SlidingWindowPartition<K, V> sliding = partition(core, shard, actor, rules);
        return sliding.write(storage(core, shard, actor), key, time, change, WindowStates.closer(core));
    }

    /** The sliding state of the partition {@code actor} writes, its index built from the store on first use. */
    @SuppressWarnings("unchecked")
    static <K, V> SlidingWindowPartition<K, V> partition(WindowedTableImpl.Core<K, V> core,
                                                         TableShard<WindowKey<K>, V> shard, Actor actor,
                                                         WindowPartition<K, V> rules) {
        TableShard<WindowKey<K>, Long> newest = core.newest.writeShard(actor);
        if (newest.attachment() instanceof SlidingWindowPartition<?, ?> held && held.rules() == rules) {
            return (SlidingWindowPartition<K, V>) held;
        }
        SlidingWindowPartition<K, V> sliding = new SlidingWindowPartition<>(rules, core.size);
        WindowStates.forEachWindow(core, shard, sliding::index);
        newest.attach(sliding);
        return sliding;
    }

    /**
     * The storage of one partition of a sliding windowed table, written by {@code actor}: the windows, their newest
     * event times and the stream time. Deleting a window (expiry) deletes its newest event time too.
     */
    static <K, V> SlidingWindowPartition.Storage<K, V> storage(WindowedTableImpl.Core<K, V> core,
                                                              TableShard<WindowKey<K>, V> shard, Actor actor) {
        return new SlidingStorage<>(core, shard, actor);
    }

    /** {@link ShardWindowStorage} with each window's newest event time, in the {@code <name>-newest-event} table. */
    private static final class SlidingStorage<K, V> extends ShardWindowStorage<K, V>
            implements SlidingWindowPartition.Storage<K, V> {
        private final TableShard<WindowKey<K>, Long> newest;

        SlidingStorage(WindowedTableImpl.Core<K, V> core, TableShard<WindowKey<K>, V> shard, Actor actor) {
            super(core, shard, actor);
            this.newest = core.newest.writeShard(actor);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void remove(WindowKey<K> key) {
            super.remove(key);
            newest.remove(actor, key);
            if (newest.attachment() instanceof SlidingWindowPartition<?, ?> sliding) {
                ((SlidingWindowPartition<K, V>) sliding).forget(key);
            }
        }

        @Override
        public long newest(WindowKey<K> key) {
            Long time = newest.get(key);
            return time == null ? SlidingWindowPartition.NONE : time;
        }

        @Override
        public void newest(WindowKey<K> key, long time) {
            newest.put(actor, key, time);
        }
    }

    /**
     * The aggregate of {@code key}'s events in {@code [time - d, time]}, or null for none: from the partition's
     * index on the agent that writes it, else from a range scan of the key's windows (store and unstored changes).
     */
    @SuppressWarnings("unchecked")
    static <K, V> V valueAt(WindowedTableImpl.Core<K, V> core, K key, long time) {
        WindowKey<K> any = new WindowKey<>(key, 0, 0);
        TableShard<WindowKey<K>, V> shard = core.data.readShard(any);
        TableShard<WindowKey<K>, Long> newest = core.newest.readShard(any);
        SlidingWindowPartition.Lookup<K, V> lookup = new SlidingWindowPartition.Lookup<>() {
            @Override
            public V get(WindowKey<K> window) {
                return shard.get(window);
            }

            @Override
            public long newest(WindowKey<K> window) {
                Long at = newest.get(window);
                return at == null ? SlidingWindowPartition.NONE : at;
            }
        };
        Actor actor = Actor.current();
        if (actor != null && newest.attachment() instanceof SlidingWindowPartition<?, ?> held
                && held.rules().owner == actor) {
            return ((SlidingWindowPartition<K, V>) held).valueAt(lookup, key, time);
        }
        long from = time - core.size;
        NavigableSet<Long> starts = scan(core, shard, key, from - core.size, from);
        return SlidingWindowPartition.span(starts, lookup, key, from, core.size).value();
    }

    /** The starts from {@code from} to {@code to} (inclusive) of {@code key}'s windows in the store and the changes not stored yet. */
    private static <K, V> NavigableSet<Long> scan(WindowedTableImpl.Core<K, V> core, TableShard<WindowKey<K>, V> shard,
                                                  K key, long from, long to) {
        NavigableSet<Long> starts = new TreeSet<>();
        shard.store().scan(KeyRange.of(core.keyCodec.startBound(key, from), core.keyCodec.startBound(key, to + 1)),
                (bytes, value) -> starts.add(core.keyCodec.decode(bytes).start()));
        shard.forEachChange((window, value) -> {
            if (window.key().equals(key) && window.start() >= from && window.start() <= to) {
                starts.add(window.start()); // a deleted one is skipped: its value reads as null
            }
        });
        return starts;
    }
}
