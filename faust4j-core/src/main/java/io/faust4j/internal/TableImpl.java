package io.faust4j.internal;

import io.faust4j.Codec;
import io.faust4j.Faust4jException;
import io.faust4j.Table;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
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
    private final V defaultValue;
    private final int partitions;
    private final boolean global;

    /**
     * A table whose changelog and store hold keys encoded by {@code keyCodec}, and whose key of an event lives in
     * the partition that {@code partitionKeyCodec}'s bytes hash to: the codec of the topics that carry such keys
     * (they differ with {@code faust_compat}, where table keys are JSON and topic keys raw, as in Faust).
     */
    TableImpl(AppImpl app, int index, String name, Class<K> keyType, Class<V> valueType, Codec<K> keyCodec,
              Codec<K> partitionKeyCodec, Codec<V> valueCodec, V defaultValue, int partitions, boolean global) {
        this.global = global;
        this.app = app;
        this.index = index;
        this.name = name;
        this.keyType = keyType;
        this.valueType = valueType;
        this.keyCodec = keyCodec;
        this.partitionKeyCodec = partitionKeyCodec;
        this.valueCodec = valueCodec;
        this.defaultValue = defaultValue;
        this.partitions = partitions;
    }

    int index() {
        return index;
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
        if (defaultValue == null) {
            throw new Faust4jException("Table '" + name + "' has no value for key " + key
                    + " and no default: use find(key), or declare the table with a default value");
        }
        return defaultValue;
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
        runtime(app.workerForCaller()).forEachLocal(visitor);
    }

    @Override
    public long size() {
        long[] count = {0};
        forEach((k, v) -> count[0]++);
        return count[0];
    }

    private V requireDefault(K key) {
        if (defaultValue == null) {
            throw new Faust4jException("Table '" + name + "' has no value for key " + key
                    + " and no default to update: use put or merge, or declare the table with a default value");
        }
        return defaultValue;
    }

    private Actor writer() {
        Actor actor = Actor.current();
        if (actor == null) {
            throw new Faust4jException("Table '" + name + "' can only be written inside an agent: a write goes"
                    + " to the partition of the event being processed. Send an event to an agent that writes it instead");
        }
        return actor;
    }

    /** The shard an actor writes: its partition's; for a global table, only for keys of that partition. */
    private TableShard<K, V> shardToWrite(Actor actor, K key) {
        TableShard<K, V> shard = runtime(actor.worker()).shardForActor(actor);
        if (global) {
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
        Actor actor = Actor.current();
        if (actor != null) {
            actor.countTableOp(index, WorkerMetrics.GETS);
            if (!global) {
                return runtime(actor.worker()).shardForActor(actor);
            }
        }
        WorkerImpl worker = app.workerForCaller();
        if (actor == null) {
            worker.metrics().countOutsideGet(index);
        }
        return runtime(worker).shardForKey(key);
    }

    @SuppressWarnings("unchecked")
    private TableRuntime<K, V> runtime(WorkerImpl worker) {
        return (TableRuntime<K, V>) worker.table(index);
    }

    @Override
    public String toString() {
        return (global ? "global table " : "table ") + name;
    }
}
