package io.faust4j.internal;

import io.faust4j.TransportException;
import io.faust4j.spi.ConsumedBatch;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportConsumer;
import io.faust4j.spi.WriteBatch;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a worker's global tables whole and current: at start it opens every partition of each and
 * recovers them from their changelogs up to the end offsets seen then (the worker's agents start after
 * that, never earlier, and never waiting for a moving end); then a reader outside the consumer group
 * follows the changelogs on a thread of its own and stores each record as it comes. The agent owning a
 * key's partition writes through its shard as for any table; its changes stay readable from memory until
 * this reader has stored them.
 */
final class GlobalTables implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GlobalTables.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final WorkerImpl worker;
    private final Transport transport;
    private final Map<TopicPartition, TableShard<?, ?>> shards = new LinkedHashMap<>();
    private volatile boolean closed;
    private volatile TransportConsumer reader;
    private Thread thread;

    GlobalTables(WorkerImpl worker, Transport transport, List<TableRuntime<?, ?>> tables) {
        this.worker = worker;
        this.transport = transport;
        for (TableRuntime<?, ?> table : tables) {
            for (int p = 0; p < table.partitions(); p++) {
                shards.put(new TopicPartition(table.changelogTopic(), p), table.open(p));
            }
        }
    }

    /** Recovers every partition up to the changelogs' current ends, then starts following them. */
    void start() {
        long started = System.nanoTime();
        long recovered = Recovery.recover(transport, worker.clientId() + "-global", new Recovery.Plan(shards),
                () -> closed);
        worker.countRecovered(recovered, System.nanoTime() - started);
        LOG.info("Worker {}: {} global table partition(s) ready in {} ms ({} records read)", worker.clientId(),
                shards.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), recovered);
        thread = Threads.platform("faust4j-global-" + worker.clientId(), this::follow);
        thread.start();
    }

    private void follow() {
        try (TransportConsumer consumer = transport.createReader(worker.clientId() + "-global")) {
            reader = consumer;
            consumer.assign(List.copyOf(shards.keySet()));
            shards.forEach((tp, shard) -> consumer.seek(tp, Math.max(shard.store().changelogOffset() + 1,
                    consumer.beginningOffset(tp))));
            WriteBatch batch = new WriteBatch();
            while (!closed) {
                for (ConsumedBatch consumed : consumer.poll(POLL)) {
                    TableShard<?, ?> shard = shards.get(consumed.partition());
                    if (shard != null) {
                        store(shard, consumed.records(), batch);
                    }
                }
            }
        } catch (RuntimeException e) {
            if (!closed) {
                worker.fail(new TransportException("The reader of the global tables failed: " + e.getMessage()
                        + "; the worker stops rather than serve stale global tables", e));
            }
        } finally {
            reader = null;
        }
    }

    private static void store(TableShard<?, ?> shard, List<ConsumedRecord> records, WriteBatch batch) {
        shard.readerReached(Recovery.store(shard.store(), records, batch));
    }

    @Override
    public void close() {
        closed = true;
        TransportConsumer consumer = reader;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
