package io.faust4j.internal;

import io.faust4j.TransportException;
import io.faust4j.spi.ConsumedBatch;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportConsumer;
import io.faust4j.spi.WriteBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds table shards from their changelog partitions: replays each from the offset its store last
 * persisted to the partition's end, before any actor of the partition starts, logging progress.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long PROGRESS_LOG_NANOS = 2_000_000_000L;
    private static final long STALL_TIMEOUT_NANOS = 120_000_000_000L;

    private Recovery() {
    }

    /**
     * The shards to recover, each with its changelog partition.
     *
     * @param shards each shard's changelog partition
     */
    record Plan(Map<TopicPartition, TableShard<?, ?>> shards) {
        boolean isEmpty() {
            return shards.isEmpty();
        }
    }

    /**
     * Writes changelog records read from one partition into its store, in one batch with the offset of the
     * last (shared by recovery, global tables and standby copies); returns that offset.
     */
    static long store(io.faust4j.spi.PartitionStore store, List<ConsumedRecord> records, WriteBatch batch) {
        batch.clear();
        for (ConsumedRecord record : records) {
            batch.put(record.key(), record.value());
        }
        long offset = records.get(records.size() - 1).offset();
        store.apply(batch.changelogOffset(offset));
        return offset;
    }

    private static void wipe(TableShard<?, ?> shard, TopicPartition tp, String why) {
        LOG.warn("Table '{}' partition {}: {}; deleting the local state and rebuilding it from {}", shard.tableName(),
                tp.partition(), why, tp.topic());
        shard.wipeStore();
    }

    /**
     * Replays the changelogs of these shards; returns the number of records applied. Stops early, leaving
     * the shards half recovered (their owner drops them), when {@code cancelled} turns true.
     */
    static long recover(Transport transport, String clientId, Plan plan, java.util.function.BooleanSupplier cancelled) {
        return recover(transport, clientId, plan, cancelled, new RecoveryProgress());
    }

    /** As {@link #recover(Transport, String, Plan, java.util.function.BooleanSupplier)}, reporting to {@code progress}. */
    static long recover(Transport transport, String clientId, Plan plan, java.util.function.BooleanSupplier cancelled,
                        RecoveryProgress progress) {
        try {
            return replay(transport, clientId, plan, cancelled, progress);
        } finally {
            progress.ended();
        }
    }

    private static long replay(Transport transport, String clientId, Plan plan,
                               java.util.function.BooleanSupplier cancelled, RecoveryProgress progress) {
        Map<TopicPartition, TableShard<?, ?>> pending = new HashMap<>(plan.shards());
        Map<TopicPartition, Long> starts = new HashMap<>();
        List<TopicPartition> all = new ArrayList<>(pending.keySet());
        pending.forEach((tp, shard) -> starts.put(tp, shard.store().changelogOffset() + 1));
        Map<TopicPartition, Long> ends = transport.endOffsets(all);
        pending.forEach((tp, shard) -> {
            if (starts.get(tp) > ends.get(tp)) {
                wipe(shard, tp, "its local state has changelog offset " + (starts.get(tp) - 1) + " but the changelog"
                        + " ends at " + ends.get(tp) + " (was the topic deleted and created again?)");
                starts.put(tp, 0L);
            }
        });
        pending.keySet().removeIf(tp -> starts.get(tp) >= ends.get(tp));
        if (pending.isEmpty()) {
            return 0;
        }
        long total = ends.entrySet().stream().filter(e -> pending.containsKey(e.getKey()))
                .mapToLong(e -> e.getValue() - starts.get(e.getKey())).sum();
        LOG.info("Recovering {} table partition(s) from their changelogs: up to {} records", pending.size(), total);
        progress.started(total, pending.size());
        long started = System.nanoTime();
        long applied = 0;
        try (TransportConsumer reader = transport.createReader(clientId + "-recovery")) {
            reader.assign(List.copyOf(pending.keySet()));
            pending.forEach((tp, shard) -> {
                long beginning = reader.beginningOffset(tp);
                if (starts.get(tp) > 0 && starts.get(tp) < beginning) {
                    wipe(shard, tp, "the changelog's records after its local state's offset " + (starts.get(tp) - 1)
                            + " were deleted (the changelog now starts at " + beginning + ")");
                }
                starts.put(tp, Math.max(starts.get(tp), beginning));
                reader.seek(tp, starts.get(tp));
            });
            long lastProgress = System.nanoTime();
            long lastLog = lastProgress;
            WriteBatch batch = new WriteBatch();
            while (!pending.isEmpty() && !cancelled.getAsBoolean()) {
                for (ConsumedBatch consumed : reader.poll(POLL)) {
                    TableShard<?, ?> shard = pending.get(consumed.partition());
                    if (shard == null) {
                        continue;
                    }
                    store(shard.store(), consumed.records(), batch);
                    applied += batch.size();
                    progress.applied(batch.size(), pending.size());
                    lastProgress = System.nanoTime();
                }
                pending.keySet().removeIf(tp -> reader.position(tp) >= ends.get(tp));
                long now = System.nanoTime();
                if (now - lastLog > PROGRESS_LOG_NANOS) {
                    LOG.info("Recovery: {} of {} records, {} partition(s) to go", applied, total, pending.size());
                    lastLog = now;
                }
                if (now - lastProgress > STALL_TIMEOUT_NANOS) {
                    throw new TransportException("Table recovery made no progress for "
                            + STALL_TIMEOUT_NANOS / 1_000_000_000L + " s on " + pending.keySet()
                            + ": is the broker reachable and are the changelog topics readable?");
                }
            }
        }
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        LOG.info("Recovered {} changelog records in {} ms ({} records/s)", applied, millis, applied * 1000 / millis);
        return applied;
    }
}
