package io.faust4j.internal;

import io.faust4j.TransportException;
import io.faust4j.spi.ConsumedBatch;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.PartitionStore;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportConsumer;
import io.faust4j.spi.WriteBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's standby replicas: local copies of table partitions another worker runs (standbys, and
 * warm-ups of partitions this worker is to take over), kept current from their changelogs by a reader
 * of their own, outside the consumer group, on a thread of its own: active processing never waits for it.
 * A copy lives in the same store partition an active shard would open, so when the partition becomes
 * this worker's, its recovery replays only what the copy had not read yet.
 *
 * <p>{@link #follow} is called on the consumer's polling thread with each rebalance's outcome, before the
 * rebalance callbacks: when it returns, the reader no longer writes the partitions it stopped following,
 * so an active shard may open and recover them at once.
 */
final class StandbyReplicas implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandbyReplicas.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final WorkerImpl worker;
    private final Transport transport;
    private final List<TableRuntime<?, ?>> tables;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wanted = lock.newCondition();
    private final LongAdder applied = new LongAdder();
    private Set<Integer> partitions = Set.of();
    private boolean changed;
    private volatile boolean closed;
    private volatile TransportConsumer reader;
    private final Thread thread;

    StandbyReplicas(WorkerImpl worker, Transport transport, List<TableRuntime<?, ?>> tables) {
        this.worker = worker;
        this.transport = transport;
        this.tables = List.copyOf(tables);
        this.thread = Threads.platform("faust4j-standby-" + worker.clientId(), this::run);
    }

    /**
     * From now on keeps copies of exactly {@code standbys}; copies no longer wanted are closed unless the
     * partition becomes one of this worker's {@code active} partitions (its shard takes the copy over).
     */
    void follow(Set<Integer> standbys, Set<Integer> active) {
        lock.lock();
        try {
            for (int p : partitions) {
                if (!standbys.contains(p) && !active.contains(p)) {
                    tables.forEach(table -> table.closeStandby(p));
                }
            }
            if (!standbys.equals(partitions)) {
                LOG.info("Worker {}: standby copies of partitions {}", worker.clientId(), new java.util.TreeSet<>(standbys));
            }
            partitions = Set.copyOf(standbys);
            changed = true;
            wanted.signalAll();
            if (!standbys.isEmpty() && thread.getState() == Thread.State.NEW && !closed) {
                thread.start(); // the reader starts with the first copy (never on memory:// or without tables)
            }
        } finally {
            lock.unlock();
        }
        TransportConsumer current = reader;
        if (current != null) {
            current.wakeup();
        }
    }

    /** The partition numbers this worker keeps standby copies of. */
    Set<Integer> partitions() {
        lock.lock();
        try {
            return partitions;
        } finally {
            lock.unlock();
        }
    }

    /** Changelog records stored into standby copies so far. */
    long applied() {
        return applied.sum();
    }

    private void run() {
        try (TransportConsumer consumer = transport.createReader(worker.clientId() + "-standby")) {
            reader = consumer;
            Map<TopicPartition, PartitionStore> stores = Map.of();
            WriteBatch batch = new WriteBatch();
            while (!closed) {
                Map<TopicPartition, PartitionStore> next = awaitChange(stores.isEmpty());
                if (next != null) {
                    stores = next;
                    assign(consumer, stores);
                }
                if (stores.isEmpty()) {
                    continue;
                }
                List<ConsumedBatch> polled = consumer.poll(POLL);
                lock.lock();
                try {
                    for (ConsumedBatch consumed : polled) {
                        PartitionStore store = stores.get(consumed.partition());
                        if (store != null && partitions.contains(consumed.partition().partition()) && !changed) {
                            store(store, consumed.records(), batch);
                        }
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (RuntimeException e) {
            if (!closed) {
                worker.fail(new TransportException("The standby replicas' changelog reader failed: " + e.getMessage(), e));
            }
        } finally {
            reader = null;
        }
    }

    /** The stores to follow when the wanted partitions changed (waiting while there are none), else null. */
    private Map<TopicPartition, PartitionStore> awaitChange(boolean idle) {
        lock.lock();
        try {
            while (idle && !changed && !closed) {
                wanted.await(1, TimeUnit.SECONDS);
            }
            if (!changed) {
                return null;
            }
            changed = false;
            Map<TopicPartition, PartitionStore> stores = new HashMap<>();
            for (int p : partitions) {
                for (TableRuntime<?, ?> table : tables) {
                    if (p < table.partitions()) {
                        stores.put(new TopicPartition(table.changelogTopic(), p), table.openStandby(p));
                    }
                }
            }
            return stores;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return Map.of();
        } finally {
            lock.unlock();
        }
    }

    private static void assign(TransportConsumer consumer, Map<TopicPartition, PartitionStore> stores) {
        consumer.assign(new ArrayList<>(stores.keySet()));
        stores.forEach((tp, store) -> consumer.seek(tp, Math.max(store.changelogOffset() + 1,
                consumer.beginningOffset(tp))));
    }

    private void store(PartitionStore store, List<ConsumedRecord> records, WriteBatch batch) {
        Recovery.store(store, records, batch);
        applied.add(records.size());
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            wanted.signalAll();
        } finally {
            lock.unlock();
        }
        TransportConsumer current = reader;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
