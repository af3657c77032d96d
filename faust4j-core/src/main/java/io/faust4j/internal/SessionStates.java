package io.faust4j.internal;

import io.faust4j.ConfigurationException;
import io.faust4j.Faust4jException;
import io.faust4j.Settings;
import io.faust4j.Window;
import io.faust4j.Windows;
import java.time.Instant;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Binds the session-window rules ({@link SessionWindowPartition}) of a windowed table to the engine, as
 * {@link WindowStates} does for tumbling and hopping windows: the declaration checks, a partition's state kept
 * with its table shard, storage through the shards of the data and stream-time tables (which also hold the
 * partition's write count, key {@value #SEQUENCE}), writes, reads and the idle advance.
 */
final class SessionStates {
    static final String SEQUENCE = "s";

    private SessionStates() {
    }

    /**
     * Fails for session windows without a merge function or under {@code faust_compat}, and for a merge function
     * given to other windows.
     */
    static void checkDeclaration(String table, Windows windows, BinaryOperator<?> merger, Settings settings) {
        if (!windows.isSession()) {
            if (merger != null) {
                throw new ConfigurationException("Table '" + table + "' is declared with " + windows + " and a merge"
                        + " function, which only session windows use: call windowed(windows) without it");
            }
            return;
        }
        if (merger == null) {
            throw new ConfigurationException("Table '" + table + "' has session windows, which need a function that"
                    + " merges the values of two sessions an event bridges: declare it with windowed(Windows.session(gap),"
                    + " merger) or sessions(gap, merger), e.g. sessions(Duration.ofMinutes(30), Long::sum)");
        }
        if (settings.faustCompat()) {
            throw new ConfigurationException("Table '" + table + "' has session windows, but the app runs with"
                    + " faust_compat, whose window keys Faust reads: Faust has no session windows, so there is no such"
                    + " layout. Declare the session table in an app without faust_compat, or use tumbling or hopping"
                    + " windows");
        }
    }

    /** The session state of the partition {@code actor} writes (its index is built from the store on first use). */
    @SuppressWarnings("unchecked")
    static <K, V> SessionWindowPartition<K, V> partition(WindowedTableImpl.Core<K, V> core,
                                                         TableShard<WindowKey<K>, V> shard, Actor actor) {
        SessionWindowPartition<K, V> partition;
        if (shard.attachment() instanceof SessionWindowPartition<?, ?> held) {
            partition = (SessionWindowPartition<K, V>) held;
        } else {
            partition = new SessionWindowPartition<>(core.windows);
            partition.lastActivity = actor.worker().clock().millis();
            shard.attach(partition);
        }
        partition.owner = actor;
        return partition;
    }

    /** The storage of one partition, written by {@code actor}. */
    static <K, V> SessionWindowPartition.Storage<K, V> storage(WindowedTableImpl.Core<K, V> core,
                                                               TableShard<WindowKey<K>, V> shard, Actor actor) {
        return new SessionStorage<>(core, shard, actor);
    }

    /** {@link ShardWindowStorage} with the partition's write count, kept beside its stream time. */
    private static final class SessionStorage<K, V> extends ShardWindowStorage<K, V>
            implements SessionWindowPartition.Storage<K, V> {
        SessionStorage(WindowedTableImpl.Core<K, V> core, TableShard<WindowKey<K>, V> shard, Actor actor) {
            super(core, shard, actor);
        }

        @Override
        public long sequence() {
            Long sequence = times.get(SEQUENCE);
            return sequence == null ? 0 : sequence;
        }

        @Override
        public void sequence(long sequence) {
            times.put(actor, SEQUENCE, sequence);
        }

        @Override
        public void forEachWindow(Consumer<WindowKey<K>> visitor) {
            WindowStates.forEachWindow(core, shard, visitor);
        }
    }

    /** A write of the current event to {@code key}'s sessions at {@code time}; returns the session's new value. */
    static <K, V> V write(WindowedTableImpl.Core<K, V> core, TableShard<WindowKey<K>, V> shard, Actor actor, K key,
                          long time, UnaryOperator<V> change) {
        SessionWindowPartition<K, V> partition = partition(core, shard, actor);
        WindowPartition.Written<V> written;
        try {
            written = partition.write(storage(core, shard, actor), key, time, change, core.merger,
                    WindowStates.closer(core));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new Faust4jException("A window close handler of table '" + core.data.name() + "' failed: "
                    + e.getMessage(), e);
        }
        partition.lastActivity = actor.worker().clock().millis();
        if (written.late()) {
            partition.lastLateOffset = WindowedTableImpl.countLate(core, actor, partition.lastLateOffset);
        }
        return written.value() != null ? written.value() : core.data.defaultValue();
    }

    /**
     * The value of {@code key}'s session holding {@code time}, else the default; fails if there is neither. The
     * agent writing the partition reads its index; any other caller scans the key's sessions.
     */
    @SuppressWarnings("unchecked")
    static <K, V> V read(WindowedTableImpl<K, V> table, K key, long time) {
        WindowedTableImpl.Core<K, V> core = table.core();
        TableShard<WindowKey<K>, V> shard = core.data.readShard(new WindowKey<>(key, 0, 0));
        Actor actor = Actor.current();
        V value = null;
        if (actor != null && shard.attachment() instanceof SessionWindowPartition<?, ?> held && held.owner == actor) {
            value = ((SessionWindowPartition<K, V>) held).valueAt(storage(core, shard, actor), key, time);
        } else {
            Instant instant = Instant.ofEpochMilli(time);
            for (Map.Entry<Window, V> session : new WindowSetImpl<>(table, key).all().entrySet()) {
                if (session.getKey().contains(instant)) {
                    value = session.getValue();
                }
            }
        }
        if (value != null) {
            return value;
        }
        V fallback = core.data.defaultValue();
        if (fallback == null) {
            throw new Faust4jException("Windowed table '" + core.data.name() + "' has no session of key " + key
                    + " holding " + Instant.ofEpochMilli(time) + " and no default: read all() of the key, or declare"
                    + " the table with a default");
        }
        return fallback;
    }

    /**
     * Moves the stream time of the partition {@code actor} writes to the clock's time minus the idle timeout, when
     * nothing was written for that long (see {@link WindowStates#tick}).
     */
    @SuppressWarnings("unchecked")
    static <K, V> void tick(WindowedTableImpl.Core<K, V> core, TableShard<WindowKey<K>, V> shard, Actor actor) {
        if (core.idle < 0 || shard == null || !(shard.attachment() instanceof SessionWindowPartition<?, ?> held)
                || held.owner != actor) {
            return;
        }
        SessionWindowPartition<K, V> partition = (SessionWindowPartition<K, V>) held;
        long now = actor.worker().clock().millis();
        if (now - partition.lastActivity < core.idle) {
            return;
        }
        try {
            partition.moveTo(storage(core, shard, actor), now - core.idle, WindowStates.closer(core));
        } catch (Exception e) {
            actor.worker().log().error("Windowed table '{}' partition {}: a window close handler failed while the idle"
                    + " partition's stream time moved on", core.data.name(), actor.partition(), e);
        }
    }

    /** Asks the actors that write the table's partitions on this worker to {@link #tick} (the clock moved). */
    static void requestTicks(WindowedTableImpl.Core<?, ?> core, WorkerImpl worker) {
        TableRuntime<?, ?> runtime = core.data.runtimeIn(worker);
        for (int p = 0; p < runtime.partitions(); p++) {
            TableShard<?, ?> shard = runtime.shard(p);
            if (shard != null && shard.attachment() instanceof SessionWindowPartition<?, ?> partition
                    && partition.owner instanceof Actor actor && !actor.isFinished()) {
                actor.requestTick();
            }
        }
    }
}
