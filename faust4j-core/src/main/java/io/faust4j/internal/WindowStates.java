package io.faust4j.internal;

import io.faust4j.WindowCloseHandler;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Binds the window rules ({@link WindowPartition}) of a windowed table to the engine: a partition's state kept
 * with its table shard, storage through the shards of the data and stream-time tables, close handlers, and
 * the idle advance of quiet partitions (ticks on the actor that writes the partition).
 */
final class WindowStates {
    private WindowStates() {
    }

    /** Visits every window of {@code shard}: those in its store and those written since, less those deleted since. */
    static <K, V> void forEachWindow(WindowedTableImpl.Core<K, V> core, TableShard<WindowKey<K>, V> shard,
                                     Consumer<WindowKey<K>> visitor) {
        Set<WindowKey<K>> windows = new HashSet<>();
        shard.store().forEach((key, value) -> windows.add(core.keyCodec.decode(key)));
        shard.forEachChange((key, value) -> {
            if (value == null) {
                windows.remove(key);
            } else {
                windows.add(key);
            }
        });
        windows.forEach(visitor);
    }

    /** The window state of the partition {@code actor} writes, built from the store on first use. */
    @SuppressWarnings("unchecked")
    static <K, V> WindowPartition<K, V> partition(WindowedTableImpl.Core<K, V> core, TableShard<WindowKey<K>, V> shard,
                                                  Actor actor) {
        WindowPartition<K, V> partition = (WindowPartition<K, V>) shard.attachment();
        if (partition == null) {
            partition = new WindowPartition<>(core.windows);
            forEachWindow(core, shard, partition::index);
            if (storage(core, shard, actor).streamTime() == WindowPartition.NONE) {
                partition.assumedStreamTime = partition.highestStart(); // written without a stream time (Faust)
            }
            partition.lastActivity = actor.worker().clock().millis();
            shard.attach(partition);
        }
        partition.owner = actor;
        return partition;
    }

    /** The storage of one partition, written by {@code actor}. */
    static <K, V> WindowPartition.Storage<K, V> storage(WindowedTableImpl.Core<K, V> core,
                                                        TableShard<WindowKey<K>, V> shard, Actor actor) {
        if (core.newest != null) {
            return SlidingWindowStates.storage(core, shard, actor); // expiry deletes newest event times too
        }
        return new ShardWindowStorage<>(core, shard, actor);
    }

    /** Runs the table's close handlers for a window. */
    static <K, V> WindowPartition.Closer<K, V> closer(WindowedTableImpl.Core<K, V> core) {
        return (window, value) -> {
            for (WindowCloseHandler<K, V> handler : core.handlers) {
                handler.closed(window.key(), window.window(), value);
            }
        };
    }

    /** The stream time of {@code key}'s partition on this worker, or the clock's time when it has none. */
    static <K, V> long streamTimeOf(WindowedTableImpl.Core<K, V> core, K key) {
        WorkerImpl worker = core.app.workerForCaller();
        TableShard<WindowKey<K>, V> shard = core.data.readShard(new WindowKey<>(key, 0, 0));
        TableShard<String, Long> times = core.times.runtimeIn(worker).shard(shard.partition());
        Long time = times == null ? null : times.get(WindowedTableImpl.STREAM_TIME);
        if (time == null && shard.attachment() instanceof WindowPartition<?, ?> partition
                && partition.assumedStreamTime != WindowPartition.NONE) {
            return partition.assumedStreamTime;
        }
        return time != null ? time : worker.clock().millis();
    }

    /**
     * Moves the stream time of the partition {@code actor} writes to the clock's time minus the idle timeout, when
     * nothing was written for that long; called on the actor's thread between events. A close handler that fails
     * here is logged, not retried.
     */
    @SuppressWarnings("unchecked")
    static <K, V> void tick(WindowedTableImpl.Core<K, V> core, Actor actor) {
        if (core.idle < 0) {
            return;
        }
        TableShard<WindowKey<K>, V> shard = core.data.runtimeIn(actor.worker()).shard(actor.partition());
        if (core.windows.isSession()) {
            SessionStates.tick(core, shard, actor);
            return;
        }
        if (shard == null || !(shard.attachment() instanceof WindowPartition<?, ?> held) || held.owner != actor) {
            return;
        }
        WindowPartition<K, V> partition = (WindowPartition<K, V>) held;
        long now = actor.worker().clock().millis();
        if (now - partition.lastActivity < core.idle) {
            return;
        }
        try {
            partition.moveTo(storage(core, shard, actor), now - core.idle, closer(core));
        } catch (Exception e) {
            actor.worker().log().error("Windowed table '{}' partition {}: a window close handler failed while the idle"
                    + " partition's stream time moved on", core.data.name(), actor.partition(), e);
        }
    }

    /** Asks the actors that write the table's partitions on this worker to {@link #tick} (the clock moved). */
    static void requestTicks(WindowedTableImpl.Core<?, ?> core, WorkerImpl worker) {
        if (core.idle < 0) {
            return;
        }
        if (core.windows.isSession()) {
            SessionStates.requestTicks(core, worker);
            return;
        }
        TableRuntime<?, ?> runtime = core.data.runtimeIn(worker);
        for (int p = 0; p < runtime.partitions(); p++) {
            TableShard<?, ?> shard = runtime.shard(p);
            if (shard != null && shard.attachment() instanceof WindowPartition<?, ?> partition
                    && partition.owner instanceof Actor actor && !actor.isFinished()) {
                actor.requestTick();
            }
        }
    }
}
