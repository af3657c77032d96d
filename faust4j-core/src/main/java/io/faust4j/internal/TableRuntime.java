package io.faust4j.internal;

import io.faust4j.Codec;
import io.faust4j.Faust4jException;
import io.faust4j.spi.PartitionStore;
import io.faust4j.spi.Store;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;

/** A table inside one running worker: its store, changelog topic, and the shards of assigned partitions. */
final class TableRuntime<K, V> {
    private final TableImpl<K, V> table;
    private final Store store;
    private final String changelogTopic;
    private final java.util.function.IntPredicate active;
    private final AtomicReferenceArray<TableShard<K, V>> shards;

    private final boolean encodesSafely;
    private final java.util.Set<Integer> standbys = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param active whether this worker holds the active copy of a partition (its actors run with the table
     *        ready): a shard kept for a standby copy, or one still recovering, is not read outside agents
     */
    TableRuntime(TableImpl<K, V> table, Store store, String changelogTopic, java.util.function.IntPredicate active) {
        this.active = active;
        this.table = table;
        this.store = store;
        this.changelogTopic = changelogTopic;
        this.shards = new AtomicReferenceArray<>(table.partitions());
        this.encodesSafely = SAFE_TYPES.contains(table.keyType()) && SAFE_TYPES.contains(table.valueType())
                && builtIn(table.keyCodec()) && builtIn(table.valueCodec());
    }

    /** Types whose encoding by the built-in codecs cannot fail: writes of them are encoded at checkpoints only. */
    private static final java.util.Set<Class<?>> SAFE_TYPES = java.util.Set.of(String.class, Long.class, Integer.class,
            Short.class, Byte.class, Boolean.class, Double.class, Float.class, byte[].class);

    private static boolean builtIn(Codec<?> codec) {
        return codec.getClass().getPackageName().equals("io.faust4j.internal.codec")
                && !codec.getClass().getSimpleName().equals("ComposedCodec"); // it may hold a plug-in codec
    }

    /** Whether keys and values can always be encoded, so writes need not be encoded when they are made. */
    boolean encodesSafely() {
        return encodesSafely;
    }

    String name() {
        return table.name();
    }

    /** Whether every partition is held on every worker, kept current by {@link GlobalTables}. */
    boolean isGlobal() {
        return table.isGlobal();
    }

    String changelogTopic() {
        return changelogTopic;
    }

    int partitions() {
        return table.partitions();
    }

    Codec<K> keyCodec() {
        return table.keyCodec();
    }

    Codec<V> valueCodec() {
        return table.valueCodec();
    }

    /**
     * Opens (or returns the held) shard of a partition; recovery fills it before any actor runs. A standby
     * copy of the partition becomes the shard's store, so recovery replays only what it had not read.
     */
    TableShard<K, V> open(int partition) {
        TableShard<K, V> shard = shards.get(partition);
        if (shard == null) {
            shard = new TableShard<>(this, partition, store.partition(partition));
            shards.set(partition, shard);
            standbys.remove(partition);
        }
        return shard;
    }

    /** Opens a standby copy of a partition this worker does not run (its store partition, kept current). */
    PartitionStore openStandby(int partition) {
        standbys.add(partition);
        return store.partition(partition);
    }

    /** Closes a standby copy no longer wanted (unless an active shard has taken it over). */
    void closeStandby(int partition) {
        if (standbys.remove(partition) && shards.get(partition) == null) {
            store.drop(partition);
        }
    }

    /** How far this worker's copy of a partition reaches: the changelog offset to read next; -1 for none. */
    long localPosition(int partition) {
        TableShard<K, V> shard = partition < shards.length() ? shards.get(partition) : null;
        if (shard != null) {
            return shard.store().changelogOffset() + 1;
        }
        if (standbys.contains(partition)) {
            return store.partition(partition).changelogOffset() + 1;
        }
        long stored = store.storedOffset(partition); // a durable copy this worker has not opened (yet)
        return stored >= 0 ? stored + 1 : -1;
    }

    /** Drops a partition's shard, its unsent changes and its local state, without writing anything. */
    void discard(int partition) {
        if (isGlobal()) {
            TableShard<K, V> shard = partition < shards.length() ? shards.get(partition) : null;
            if (shard != null) {
                shard.dropOwnerChanges(); // the shard stays: the changelog reader keeps it current
            }
            return;
        }
        if (partition < shards.length()) {
            TableShard<K, V> shard = shards.getAndSet(partition, null);
            if (shard != null) {
                shard.discardChanges();
                store.drop(partition);
            }
        }
    }

    /** Lets go of a partition's shard (the partition went to another worker); a durable store keeps its data. */
    void drop(int partition) {
        if (partition < shards.length() && shards.getAndSet(partition, null) != null) {
            store.drop(partition);
        }
    }

    /** Deletes a partition's local state, durable or not, and opens it again empty. */
    io.faust4j.spi.PartitionStore wipeAndReopen(int partition) {
        store.wipe(partition);
        return store.partition(partition);
    }

    /** Stores the checkpoints of every held shard that a commit fenced at {@code fence} made durable. */
    void applyDurable(long fence) {
        for (int p = 0; p < shards.length(); p++) {
            TableShard<K, V> shard = shards.get(p);
            if (shard != null) {
                shard.applyDurable(fence);
            }
        }
    }

    /** Lets a new actor write the held shards of these partitions after a rebalance. */
    void releaseOwners(java.util.Set<Integer> partitions) {
        for (int p : partitions) {
            TableShard<K, V> shard = p < shards.length() ? shards.get(p) : null;
            if (shard != null) {
                shard.release();
            }
        }
    }

    /** The held shard of a partition, or null. */
    TableShard<K, V> shard(int partition) {
        return partition < shards.length() ? shards.get(partition) : null;
    }

    TableShard<K, V> shardForActor(Actor actor) {
        int partition = actor.partition();
        TableShard<K, V> shard = partition < shards.length() ? shards.get(partition) : null;
        if (shard == null) {
            throw new Faust4jException(partition >= shards.length()
                    ? "Table '" + name() + "' has " + partitions() + " partitions, but " + actor.describe()
                    + " processes partition " + partition + ": a table must be co-partitioned with the stream that"
                    + " uses it. Give the topic and the table the same partition count (the topic_partitions setting)"
                    : "Table '" + name() + "' partition " + partition + " is not held by this worker");
        }
        return shard;
    }

    TableShard<K, V> shardForKey(K key) {
        int partition = table.partitionOf(key);
        TableShard<K, V> shard = shards.get(partition);
        if (shard == null || !active.test(partition)) {
            throw new Faust4jException("Key " + key + " of table '" + name() + "' lives in partition " + partition
                    + ", which is not assigned to this worker" + (shard == null ? "" : " (it keeps a standby copy, or is"
                    + " still recovering it)") + ": ask the worker that holds it");
        }
        return shard;
    }

    /** Whether this worker holds the active shard of {@code partition}, ready to be read. */
    boolean holds(int partition) {
        return partition >= 0 && partition < shards.length() && shards.get(partition) != null && active.test(partition);
    }

    /** Visits the entries of all held shards, uncheckpointed changes included. */
    void forEachLocal(BiConsumer<? super K, ? super V> visitor) {
        for (int p = 0; p < shards.length(); p++) {
            TableShard<K, V> shard = shards.get(p);
            if (shard == null || !active.test(p)) {
                continue;
            }
            Map<K, V> entries = new LinkedHashMap<>();
            shard.store().forEach((k, v) -> entries.put(keyCodec().decode(k), valueCodec().decode(v)));
            shard.forEachChange((k, v) -> {
                if (v == null) {
                    entries.remove(k);
                } else {
                    entries.put(k, v);
                }
            });
            entries.forEach(visitor);
        }
    }

    void close() {
        store.close();
    }
}
