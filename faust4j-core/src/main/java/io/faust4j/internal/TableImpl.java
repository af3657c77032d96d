package io.faust4j.internal;

import io.faust4j.Codec;
import io.faust4j.Faust4jException;
import io.faust4j.Table;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A declared table. Its state lives in the running worker ({@link TableRuntime}); each call finds the
 * shard of the current event's partition (inside an agent) or of the key's partition (outside).
 */
class TableImpl<K, V> implements Table<K, V> {
    private final AppImpl app;
    private final int index;
    private final String name;
    private final Class<K> keyType;
    private final Class<V> valueType;
    private final Codec<K> keyCodec;
    private final Codec<K> partitionKeyCodec;
    private final Codec<V> valueCodec;
    private final Supplier<? extends V> defaults;
    private final int partitions;
    private final boolean global;
    private String windowedAs; // set when windowed(): this table is replaced by the windowed table's store
    private boolean internal;

    /**
     * A table whose changelog and store hold keys encoded by {@code keyCodec}, and whose key of an event lives in
     * the partition that {@code partitionKeyCodec}'s bytes hash to: the codec of the topics that carry such keys
     * (they differ with {@code faust_compat}, where table keys are JSON and topic keys raw, as in Faust).
     * {@code defaults} makes the value of a missing key (called once per read of one), or is null for none.
     */
    TableImpl(AppImpl app, int index, String name, Class<K> keyType, Class<V> valueType, Codec<K> keyCodec,
              Codec<K> partitionKeyCodec, Codec<V> valueCodec, Supplier<? extends V> defaults, int partitions,
              boolean global) {
        this.global = global;
        this.app = app;
        this.index = index;
        this.name = name;
        this.keyType = keyType;
        this.valueType = valueType;
        this.keyCodec = keyCodec;
        this.partitionKeyCodec = partitionKeyCodec;
        this.valueCodec = valueCodec;
        this.defaults = defaults;
        this.partitions = partitions;
    }

    int index() {
        return index;
    }

    /** What makes the value of a missing key, or null when the table has no default. */
    Supplier<? extends V> defaults() {
        return defaults;
    }

    /** A fresh default value, or null when the table has none. */
    V defaultValue() {
        return defaults == null ? null : defaults.get();
    }

    /** Whether the engine declared this table for its own use (left out of {@link io.faust4j.App#tables()}). */
    boolean isInternal() {
        return internal;
    }

    void markInternal() {
        internal = true;
    }

    @Override
    public io.faust4j.WindowedTable<K, V> windowed(io.faust4j.Windows windows) {
        java.util.Objects.requireNonNull(windows, "windows");
        SessionStates.checkDeclaration(name, windows, null, app.settings());
        return app.windowTable(this, windows);
    }

    @Override
    public io.faust4j.WindowedTable<K, V> windowed(io.faust4j.Windows windows, BinaryOperator<V> merger) {
        java.util.Objects.requireNonNull(windows, "windows");
        java.util.Objects.requireNonNull(merger, "merger");
        SessionStates.checkDeclaration(name, windows, merger, app.settings());
        WindowedTableImpl<K, V> windowed = (WindowedTableImpl<K, V>) app.windowTable(this, windows);
        windowed.core().merger = merger;
        return windowed;
    }

    /** Called once this table was made windowed: its own methods then fail, saying to use the windowed table. */
    void replacedBy(String windowed) {
        this.windowedAs = windowed;
    }

    /** The shard the current actor writes (its partition's). */
    TableShard<K, V> writeShard(Actor actor) {
        return runtime(actor.worker()).shardForActor(actor);
    }

    /** The shard a read of {@code key} goes to (the current actor's partition inside agents). */
    TableShard<K, V> readShard(K key) {
        return shardToRead(key);
    }

    /** This table in a running worker. */
    TableRuntime<K, V> runtimeIn(WorkerImpl worker) {
        return runtime(worker);
    }

    /** Whether every worker holds every partition ({@link io.faust4j.GlobalTable}). */
    boolean isGlobal() {
        return global;
    }

    Codec<K> keyCodec() {
        return keyCodec;
    }

    /** The partition of {@code key}: the one an event keyed by it is sent to. */
    int partitionOf(K key) {
        return Partitioner.forKey(partitionKeyCodec.encode(key), partitions);
    }

    Codec<V> valueCodec() {
        return valueCodec;
    }

    Class<K> keyType() {
        return keyType;
    }

    Class<V> valueType() {
        return valueType;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int partitions() {
        return partitions;
    }

    @Override
    public V get(K key) {
        V value = shardToRead(key).get(key);
        if (value != null) {
            return value;
        }
        if (defaults == null) {
            throw new Faust4jException("Table '" + name + "' has no value for key " + key
                    + " and no default: use find(key), or declare the table with a default value");
        }
        return newDefault(key);
    }

    @Override
    public Optional<V> find(K key) {
        return Optional.ofNullable(shardToRead(key).get(key));
    }

    @Override
    public boolean containsKey(K key) {
        return shardToRead(key).get(key) != null;
    }

    @Override
    public void put(K key, V value) {
        java.util.Objects.requireNonNull(value, "value: use remove(key) to delete");
        Actor actor = writer();
        shardToWrite(actor, key).put(actor, key, value);
        actor.countTableOp(index, WorkerMetrics.PUTS);
    }

    @Override
    public V update(K key, UnaryOperator<V> fn) {
        Actor actor = writer();
        TableShard<K, V> shard = shardToWrite(actor, key);
        V old = shard.get(key);
        V updated = fn.apply(old != null ? old : requireDefault(key));
        shard.put(actor, key, updated);
        actor.countTableOp(index, WorkerMetrics.GETS);
        actor.countTableOp(index, WorkerMetrics.PUTS);
        return updated;
    }

    @Override
    public V merge(K key, V value, BinaryOperator<V> fn) {
        Actor actor = writer();
        TableShard<K, V> shard = shardToWrite(actor, key);
        V old = shard.get(key);
        V merged = old == null ? value : fn.apply(old, value);
        shard.put(actor, key, merged);
        actor.countTableOp(index, WorkerMetrics.GETS);
        actor.countTableOp(index, WorkerMetrics.PUTS);
        return merged;
    }

    @Override
    public void remove(K key) {
        Actor actor = writer();
        shardToWrite(actor, key).remove(actor, key);
        actor.countTableOp(index, WorkerMetrics.DELETES);
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> visitor) {
        checkNotWindowed();
        runtime(app.workerForCaller()).forEachLocal(visitor);
    }

    @Override
    public long size() {
        long[] count = {0};
        forEach((k, v) -> count[0]++);
        return count[0];
    }

    private V requireDefault(K key) {
        if (defaults == null) {
            throw new Faust4jException("Table '" + name + "' has no value for key " + key
                    + " and no default to update: use put or merge, or declare the table with a default value");
        }
        return newDefault(key);
    }

    /** A default from the supplier: a fresh object per call when the supplier makes one. */
    private V newDefault(K key) {
        V value = defaults.get();
        if (value == null) {
            throw new Faust4jException("The default supplier of table '" + name + "' returned null for key " + key
                    + ": it must return a value (declare the table without a default to have none)");
        }
        return value;
    }

    private void checkNotWindowed() {
        if (windowedAs != null) {
            throw new Faust4jException("Table '" + name + "' was made " + windowedAs + ": use the WindowedTable that"
                    + " tumbling/hopping/windowed returned, not the table it was made from");
        }
    }

    /** Fails when {@code actor} runs lanes (concurrency or keyOrdered): {@code table} cannot be written there. */
    static void refuseConcurrent(Actor actor, String table) {
        if (actor.concurrent()) {
            throw new Faust4jException(table + " cannot be written by " + actor.describe() + ": it runs"
                    + " with concurrency or keyOrdered, so several events of its partition are processed at once and"
                    + " their table changes could not be undone or checkpointed one event at a time. Write the table"
                    + " from a plain agent (concurrency 1): emit the results to a topic or agent that writes it");
        }
    }

    private Actor writer() {
        checkNotWindowed();
        Actor actor = Actor.current();
        if (actor == null) {
            throw new Faust4jException("Table '" + name + "' can only be written inside an agent: a write goes"
                    + " to the partition of the event being processed. Send an event to an agent that writes it instead");
        }
        refuseConcurrent(actor, "Table '" + name + "'");
        return actor;
    }

    /** The shard an actor writes: its partition's, and only for keys of that partition. */
    private TableShard<K, V> shardToWrite(Actor actor, K key) {
        TableShard<K, V> shard = runtime(actor.worker()).shardForActor(actor);
        if (!global) {
            requireLocalKey(actor, key, "write");
        } else {
            int partition = partitionOf(key);
            if (partition != actor.partition()) {
                throw new Faust4jException("Global table '" + name + "': key " + key + " lives in partition " + partition
                        + ", but " + actor.describe() + " processes partition " + actor.partition() + ". A global table"
                        + " is written only by the agent that owns the key's partition: send the event keyed by the"
                        + " table's key (groupBy) to the agent that writes it");
            }
        }
        return shard;
    }

    /** The shard to read {@code key} from; counts the read (table meters). */
    private TableShard<K, V> shardToRead(K key) {
        checkNotWindowed();
        Actor actor = Actor.current();
        if (actor != null) {
            actor.countTableOp(index, WorkerMetrics.GETS);
            if (!global) {
                TableShard<K, V> shard = runtime(actor.worker()).shardForActor(actor);
                requireLocalKey(actor, key, "read");
                return shard;
            }
        }
        WorkerImpl worker = app.workerForCaller();
        if (actor == null) {
            worker.metrics().countOutsideGet(index);
        }
        return runtime(worker).shardForKey(key);
    }

    /**
     * Inside an agent a sharded table holds, in the current event's shard, only the keys of that event's
     * partition: a key of another partition would be read as missing and written where no one finds it.
     */
    private void requireLocalKey(Actor actor, K key, String access) {
        int partition = partitionOf(key);
        if (partition != actor.partition()) {
            throw new Faust4jException("Table '" + name + "': cannot " + access + " key " + key + " in " + actor.describe()
                    + ": the key lives in partition " + partition + ", the current event in partition "
                    + actor.partition() + ", and an agent sees only its own partition's shard. Repartition the"
                    + " stream by the table's key (stream.groupBy(event -> key)) so each event reaches the agent that"
                    + " holds its key, or declare a GlobalTable if every agent must read every key");
        }
    }

    @SuppressWarnings("unchecked")
    private TableRuntime<K, V> runtime(WorkerImpl worker) {
        checkNotWindowed();
        return (TableRuntime<K, V>) worker.table(index);
    }

    @Override
    public String toString() {
        return (global ? "global table " : "table ") + name;
    }
}
