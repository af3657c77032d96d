package io.faust4j.internal;

import io.faust4j.Faust4jException;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.PartitionStore;
import io.faust4j.spi.SendCallback;
import io.faust4j.spi.TransportProducer;
import io.faust4j.spi.WriteBatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One partition of a table in a running worker: a write cache of the changes since the last checkpoint
 * over the partition's store. Only one actor (the first to write) may write it, so no lock guards the
 * hot path; other threads may read. At a checkpoint the cache goes to the changelog (one record per
 * dirty key) and to the store, then is cleared.
 */
final class TableShard<K, V> {
    private static final Object TOMBSTONE = new Object();

    private final TableRuntime<K, V> table;
    private final int partition;
    private final PartitionStore store;
    private final Map<K, Object> dirty = new ConcurrentHashMap<>();
    private final AtomicLong lastChangelogOffset = new AtomicLong(-1);
    private final SendCallback offsetTracker = (offset, error) -> {
        if (error == null) {
            lastChangelogOffset.accumulateAndGet(offset, Math::max);
        }
    };
    private Actor owner;
    private boolean registered;

    TableShard(TableRuntime<K, V> table, int partition, PartitionStore store) {
        this.table = table;
        this.partition = partition;
        this.store = store;
    }

    int partition() {
        return partition;
    }

    PartitionStore store() {
        return store;
    }

    /** A cached change already encoded (for types whose encoding can fail), so the write that made it fails, not the checkpoint. */
    private record Encoded(Object value, byte[] key, byte[] bytes) {
    }

    @SuppressWarnings("unchecked")
    V get(K key) {
        Object cached = dirty.get(key);
        if (cached != null) {
            return cached == TOMBSTONE ? null : (V) (cached instanceof Encoded e ? e.value() : cached);
        }
        byte[] bytes = store.get(table.keyCodec().encode(key));
        return bytes == null ? null : table.valueCodec().decode(bytes);
    }

    void put(Actor actor, K key, V value) {
        claim(actor);
        Object entry = table.encodesSafely() ? value : encoded(key, value);
        actor.logWrite(this, key, dirty.put(key, entry));
    }

    void remove(Actor actor, K key) {
        claim(actor);
        actor.logWrite(this, key, dirty.put(key, TOMBSTONE));
    }

    private Encoded encoded(K key, V value) {
        try {
            return new Encoded(value, table.keyCodec().encode(key), table.valueCodec().encode(value));
        } catch (RuntimeException e) {
            throw new io.faust4j.CodecException("Cannot write to table '" + table.name() + "' (key " + key + "): "
                    + e.getMessage() + " (the value is not stored; fix the value or the table's codec)", e);
        }
    }

    /** Undoes a write of a failed event: puts back the cached change it replaced (none: {@code previous} is null). */
    @SuppressWarnings("unchecked")
    void restore(Object key, Object previous) {
        if (previous == null) {
            dirty.remove((K) key);
        } else {
            dirty.put((K) key, previous);
        }
    }

    /** Whether {@code key} has an uncheckpointed change (which hides the store's value). */
    boolean isDirty(K key) {
        return dirty.containsKey(key);
    }

    /** Visits uncheckpointed changes: {@code value} is null for a delete. */
    @SuppressWarnings("unchecked")
    void forEachDirty(java.util.function.BiConsumer<K, V> visitor) {
        dirty.forEach((k, v) -> visitor.accept(k, v == TOMBSTONE ? null : (V) (v instanceof Encoded e ? e.value() : v)));
    }

    private void claim(Actor actor) {
        if (actor.isFenced()) {
            throw WorkerImpl.fencedError(actor);
        }
        if (owner != actor) {
            if (owner != null && !owner.isFinished()) {
                throw new Faust4jException("Table '" + table.name() + "' partition " + partition + " is written by "
                        + owner.describe() + " and by " + actor.describe()
                        + ": a table must be written by one agent. Send the events to that agent instead");
            }
            owner = actor;
        }
        if (!registered) {
            registered = true;
            actor.registerDirty(this);
        }
    }

    /**
     * Sends every change to the changelog and applies it to the store; called by the owning actor at a
     * checkpoint. Returns the number of changelog records sent.
     */
    int checkpoint(TransportProducer producer, long timestamp, WriteBatch batch) {
        registered = false;
        if (dirty.isEmpty()) {
            return 0;
        }
        batch.clear();
        String topic = table.changelogTopic();
        int left = dirty.size();
        for (Map.Entry<K, Object> entry : dirty.entrySet()) {
            Object cached = entry.getValue();
            byte[] key;
            byte[] value;
            if (cached instanceof Encoded e) {
                key = e.key();
                value = e.bytes();
            } else {
                key = table.keyCodec().encode(entry.getKey());
                @SuppressWarnings("unchecked")
                V plain = (V) cached;
                value = cached == TOMBSTONE ? null : table.valueCodec().encode(plain);
            }
            // sends to one partition complete in order: tracking the last one gives the highest offset
            producer.send(new OutgoingRecord(topic, partition, key, value, timestamp, List.of()),
                    --left == 0 ? offsetTracker : SendCallback.NONE);
            batch.put(key, value);
        }
        int sent = batch.size();
        batch.changelogOffset(lastChangelogOffset.get());
        store.apply(batch);
        dirty.clear();
        return sent;
    }

    /** Forgets the changes not yet checkpointed (the partition was lost, or a transaction aborted). */
    void discardChanges() {
        dirty.clear();
        registered = false;
    }

    /** Forgets the owner so the next actor for this partition (after a rebalance) may write. */
    void release() {
        owner = null;
        registered = false;
    }
}
