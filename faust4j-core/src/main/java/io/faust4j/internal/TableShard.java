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
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One partition of a table in a running worker: a write cache of the changes since the last checkpoint
 * over the checkpoints not yet known durable over the partition's store. Only one actor (the first to
 * write) may write it, so no lock guards the hot path; other threads may read.
 *
 * <p>At a checkpoint the cache goes to the changelog (one record per dirty key) and becomes a pending
 * checkpoint, still read before the store. Only when the commit that follows has made those changelog
 * records durable (the producer's flush succeeded, or their transaction committed) is the checkpoint
 * applied to the store, with the offset of its last changelog record: a store never holds a change its
 * changelog may lack, so after a restart it replays only the changelog after its stored offset.
 */
final class TableShard<K, V> {
    private static final Object TOMBSTONE = new Object();

    private final TableRuntime<K, V> table;
    private final int partition;
    private volatile PartitionStore store;
    private volatile Map<K, Object> dirty = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<Pending<K>> pending = new ConcurrentLinkedDeque<>();
    private final ReentrantLock applying = new ReentrantLock();
    private boolean discarded;
    private Actor owner;
    private boolean registered;
    private final boolean readerApplies;
    private volatile long readerOffset = -1;
    private volatile Object attachment; // a windowed table's per-partition state

    TableShard(TableRuntime<K, V> table, int partition, PartitionStore store) {
        this.table = table;
        this.partition = partition;
        this.store = store;
        this.readerApplies = table.isGlobal();
    }

    int partition() {
        return partition;
    }

    /** What a layer above keeps with this shard (a windowed table's window index), or null. */
    Object attachment() {
        return attachment;
    }

    void attach(Object value) {
        attachment = value;
    }

    PartitionStore store() {
        return store;
    }

    /**
     * Deletes the partition's local state and starts it empty (recovery found it ahead of its changelog,
     * which was recreated or truncated); only before an actor owns the shard.
     */
    void wipeStore() {
        if (hasChanges()) {
            throw new IllegalStateException("table '" + table.name() + "' partition " + partition + " has unstored changes");
        }
        store = table.wipeAndReopen(partition);
    }

    /** The table's name, for messages. */
    String tableName() {
        return table.name();
    }

    /** A cached change already encoded (for types whose encoding can fail), so the write that made it fails, not the checkpoint. */
    private record Encoded(Object value, byte[] key, byte[] bytes) {
    }

    /**
     * A checkpoint sent to the changelog, not yet known durable: its changes stay readable until the
     * commit that makes them durable applies them to the store.
     */
    private static final class Pending<K> {
        final Map<K, Object> changes;
        final WriteBatch batch;
        final AtomicLong lastOffset = new AtomicLong(-1);
        final SendCallback tracker = (offset, error) -> {
            if (error == null) {
                lastOffset.accumulateAndGet(offset, Math::max);
            }
        };
        long sequence; // set after the sends, before the checkpoint is published in the deque
        volatile boolean durable; // global tables: committed, dropped once the reader has passed it

        Pending(Map<K, Object> changes, WriteBatch batch) {
            this.changes = changes;
            this.batch = batch;
        }
    }

    V get(K key) {
        Object cached = dirty.get(key);
        if (cached == null && !pending.isEmpty()) {
            cached = pendingChange(key);
        }
        if (cached != null) {
            return value(cached);
        }
        byte[] bytes = store.get(table.keyCodec().encode(key));
        return bytes == null ? null : table.valueCodec().decode(bytes);
    }

    /** The newest change of {@code key} among the checkpoints not yet applied to the store, or null. */
    private Object pendingChange(K key) {
        for (java.util.Iterator<Pending<K>> it = pending.descendingIterator(); it.hasNext(); ) {
            Object change = it.next().changes.get(key);
            if (change != null) {
                return change;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private V value(Object cached) {
        return cached == TOMBSTONE ? null : (V) (cached instanceof Encoded e ? e.value() : cached);
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

    /**
     * Visits the changes not yet in the store (uncheckpointed, or checkpointed and not yet durable), the
     * newest change of each key only: {@code value} is null for a delete.
     */
    void forEachChange(java.util.function.BiConsumer<K, V> visitor) {
        Map<K, Object> newest = new java.util.HashMap<>();
        pending.forEach(p -> newest.putAll(p.changes));
        newest.putAll(dirty);
        newest.forEach((k, v) -> visitor.accept(k, value(v)));
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
     * Sends every change to the changelog and keeps them as a pending checkpoint numbered {@code sequence}
     * (taken after the sends), applied to the store by {@link #applyDurable} once a commit has made them
     * durable; called by the owning actor. Returns the number of changelog records sent.
     */
    int checkpoint(TransportProducer producer, long timestamp, java.util.function.LongSupplier sequence) {
        registered = false;
        if (dirty.isEmpty()) {
            return 0;
        }
        Map<K, Object> changes = dirty;
        WriteBatch batch = new WriteBatch();
        String topic = table.changelogTopic();
        for (Map.Entry<K, Object> entry : changes.entrySet()) {
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
            batch.put(key, value);
        }
        Pending<K> checkpoint = new Pending<>(changes, batch);
        int last = batch.size() - 1;
        for (int i = 0; i <= last; i++) {
            // sends to one partition complete in order: the last one's offset covers them all
            producer.send(new OutgoingRecord(topic, partition, batch.key(i), batch.value(i), timestamp, List.of()),
                    i == last ? checkpoint.tracker : SendCallback.NONE);
        }
        checkpoint.sequence = sequence.getAsLong(); // after the sends: a commit fenced at it flushes them
        pending.addLast(checkpoint);
        dirty = new ConcurrentHashMap<>(Math.max(16, changes.size() * 2));
        return batch.size();
    }

    /**
     * Applies to the store, oldest first, every pending checkpoint numbered up to {@code fence}: a commit
     * made their changelog records durable. Runs on the committing thread; a shard discarded meanwhile
     * is left alone.
     */
    void applyDurable(long fence) {
        if (pending.isEmpty()) {
            return;
        }
        applying.lock();
        try {
            if (readerApplies) {
                pending.forEach(p -> p.durable |= p.sequence <= fence);
                trimRead();
                return;
            }
            for (Pending<K> next = pending.peekFirst(); next != null && next.sequence <= fence && !discarded;
                 next = pending.peekFirst()) {
                long offset = next.lastOffset.get();
                if (offset < 0) {
                    throw new Faust4jException("Table '" + table.name() + "' partition " + partition + ": a commit"
                            + " completed but the offset of its changelog records is unknown; not storing them");
                }
                store.apply(next.batch.changelogOffset(offset));
                pending.pollFirst(); // after the store has the changes, so readers always see them
            }
        } finally {
            applying.unlock();
        }
    }

    /**
     * Global tables: the changelog reader has stored every record up to {@code offset}, so committed
     * checkpoints it has passed need not be read from memory any more.
     */
    void readerReached(long offset) {
        readerOffset = offset;
        if (pending.isEmpty()) {
            return;
        }
        applying.lock();
        try {
            trimRead();
        } finally {
            applying.unlock();
        }
    }

    private void trimRead() {
        for (Pending<K> next = pending.peekFirst(); next != null && next.durable
                && next.lastOffset.get() >= 0 && next.lastOffset.get() <= readerOffset; next = pending.peekFirst()) {
            pending.pollFirst();
        }
    }

    /**
     * Global tables: forgets the owner's changes not yet committed (its partition was lost or is replayed);
     * the shard stays, kept current by the changelog reader.
     */
    void dropOwnerChanges() {
        applying.lock();
        try {
            pending.clear();
        } finally {
            applying.unlock();
        }
        dirty = new ConcurrentHashMap<>();
        registered = false;
        owner = null;
    }

    /** Whether changes wait for a commit (checkpointed or not). */
    boolean hasChanges() {
        return !dirty.isEmpty() || !pending.isEmpty();
    }

    /**
     * Forgets the changes not yet applied to the store (the partition was lost, or a transaction aborted):
     * the store keeps only what its changelog has durably.
     */
    void discardChanges() {
        applying.lock();
        try {
            discarded = true;
            pending.clear();
        } finally {
            applying.unlock();
        }
        dirty = new ConcurrentHashMap<>();
        registered = false;
    }

    /** Forgets the owner so the next actor for this partition (after a rebalance) may write. */
    void release() {
        owner = null;
        registered = false;
    }
}
