package io.faust4j.kafka;

import io.faust4j.Header;
import io.faust4j.TransportException;
import io.faust4j.spi.ConsumedBatch;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.RebalanceListener;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TransportConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka consumer behind the engine's consumer interface: the worker's group member or a changelog
 * reader. Used by one platform thread (the engine's poll loop, or a recovery on it), except
 * {@link #wakeup()}, which actors call from virtual threads: there the wake-up runs on a platform thread
 * ({@link PlatformCalls}), since no kafka-clients code may run on a virtual thread.
 *
 * <p>Where Kafka and the interface differ, this class bridges:
 * <ul>
 *   <li>Kafka's {@code wakeup()} makes the next blocking call of <em>any</em> kind throw, not only
 *       {@code poll}; here only {@code poll} is cut short, other calls retry.</li>
 *   <li>A commit refused because the group is rebalancing (or this member was dropped) does not fail the
 *       worker: {@link #commit} returns only what Kafka committed. Offsets refused during a rebalance are
 *       kept and committed when the partitions are revoked; when the partitions were lost to another
 *       member they are dropped (that member re-reads from the last commit: at least once).</li>
 *   <li>Kafka's "partitions lost" (this member was dropped from the group) reaches the engine as
 *       {@link RebalanceListener#onPartitionsLost}: nothing of those partitions is written or committed.</li>
 * </ul>
 */
final class KafkaTransportConsumer implements TransportConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTransportConsumer.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Consumer<byte[], byte[]> consumer;
    private final boolean grouped;
    private final PlatformCalls calls;
    private final SecurityErrors securityErrors;
    private final Map<org.apache.kafka.common.TopicPartition, TopicPartition> names = new HashMap<>();
    private final Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> unsent = new HashMap<>();
    private volatile boolean wokenUp;
    private boolean partitionsLost;
    private volatile boolean closing;

    KafkaTransportConsumer(Consumer<byte[], byte[]> consumer, boolean grouped, PlatformCalls calls) {
        this(consumer, grouped, calls, SecurityErrors.of("(unknown)"));
    }

    /**
     * @param securityErrors explains a refused login or a missing ACL; such a failure of {@code poll} or of
     *                       another call is thrown as a {@link TransportException} naming the settings, never
     *                       retried
     */
    KafkaTransportConsumer(Consumer<byte[], byte[]> consumer, boolean grouped, PlatformCalls calls,
                           SecurityErrors securityErrors) {
        this.consumer = consumer;
        this.grouped = grouped;
        this.calls = calls;
        this.securityErrors = securityErrors;
    }

    @Override
    public void subscribe(Collection<String> topics, RebalanceListener listener) {
        if (!grouped) {
            throw new IllegalStateException("This Kafka consumer reads assigned partitions; it has no group to join");
        }
        consumer.subscribe(List.copyOf(topics), new Listener(listener));
    }

    @Override
    public void assign(Collection<TopicPartition> partitions) {
        consumer.assign(kafka(partitions));
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
        consumer.seek(kafka(partition), offset);
    }

    @Override
    public List<ConsumedBatch> poll(Duration timeout) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(wokenUp ? Duration.ZERO : timeout);
        } catch (WakeupException e) {
            return List.of();
        } catch (RuntimeException e) {
            throw securityFailure(e);
        } finally {
            wokenUp = false;
        }
        if (records.isEmpty()) {
            return List.of();
        }
        List<ConsumedBatch> batches = new ArrayList<>(records.partitions().size());
        for (org.apache.kafka.common.TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
            List<ConsumedRecord> converted = new ArrayList<>(list.size());
            for (ConsumerRecord<byte[], byte[]> r : list) {
                converted.add(new ConsumedRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(),
                        headers(r.headers())));
            }
            if (!converted.isEmpty()) {
                batches.add(new ConsumedBatch(name(tp), converted));
            }
        }
        return batches;
    }

    @Override
    public void pause(Collection<TopicPartition> partitions) {
        List<org.apache.kafka.common.TopicPartition> assigned = assignedOf(partitions);
        if (!assigned.isEmpty()) {
            LOG.debug("Pausing {}", assigned);
            consumer.pause(assigned);
        }
    }

    @Override
    public void resume(Collection<TopicPartition> partitions) {
        List<org.apache.kafka.common.TopicPartition> assigned = assignedOf(partitions);
        if (!assigned.isEmpty()) {
            LOG.debug("Resuming {}", assigned);
            consumer.resume(assigned);
        }
    }

    @Override
    public Map<TopicPartition, Long> commit(Map<TopicPartition, Long> offsets) {
        if (!grouped) {
            throw new IllegalStateException("This Kafka consumer has no group to commit offsets to");
        }
        offsets.forEach((tp, offset) -> unsent.merge(kafka(tp), new OffsetAndMetadata(offset),
                (a, b) -> a.offset() >= b.offset() ? a : b));
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> done = commitUnsent(consumer.assignment());
        Map<TopicPartition, Long> committed = new HashMap<>();
        done.forEach((tp, offset) -> committed.put(name(tp), offset.offset()));
        return committed;
    }

    @Override
    public Object groupMetadata() {
        if (!grouped) {
            throw new IllegalStateException("This Kafka consumer has no group");
        }
        return consumer.groupMetadata();
    }

    /**
     * Commits the kept offsets of these partitions and returns what Kafka committed; a rebalance in
     * progress keeps them for later.
     */
    private Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> commitUnsent(
            Set<org.apache.kafka.common.TopicPartition> partitions) {
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> batch = new HashMap<>();
        unsent.forEach((tp, offset) -> {
            if (partitions.contains(tp)) {
                batch.put(tp, offset);
            }
        });
        unsent.keySet().retainAll(consumer.assignment());  // offsets of partitions no longer ours cannot be committed
        if (batch.isEmpty()) {
            return Map.of();
        }
        if (partitionsLost) {
            LOG.warn("Not committing offsets {}: the partitions were lost to another member, which re-reads them"
                    + " from the last commit", offsetsText(batch));
            unsent.keySet().removeAll(batch.keySet());
            return Map.of();
        }
        try {
            call(() -> {
                consumer.commitSync(batch);
                return null;
            });
            unsent.keySet().removeAll(batch.keySet());
            return batch;
        } catch (RebalanceInProgressException e) {
            LOG.debug("The group is rebalancing; offsets {} are committed when the partitions are revoked",
                    offsetsText(batch));
            return Map.of();
        } catch (CommitFailedException e) {
            LOG.warn("Kafka refused the commit of {}: {} The partitions go to another member, which re-reads them"
                    + " from the last commit", offsetsText(batch), e.getMessage());
            unsent.keySet().removeAll(batch.keySet());
            return Map.of();
        } catch (RuntimeException e) {
            throw new TransportException("Cannot commit offsets " + offsetsText(batch) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public OptionalLong committed(TopicPartition partition) {
        if (!grouped) {
            return OptionalLong.empty();
        }
        org.apache.kafka.common.TopicPartition tp = kafka(partition);
        OffsetAndMetadata offset = call(() -> consumer.committed(Set.of(tp))).get(tp);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset.offset());
    }

    @Override
    public long position(TopicPartition partition) {
        return call(() -> consumer.position(kafka(partition)));
    }

    @Override
    public long endOffset(TopicPartition partition) {
        org.apache.kafka.common.TopicPartition tp = kafka(partition);
        return call(() -> consumer.endOffsets(Set.of(tp))).get(tp);
    }

    @Override
    public long beginningOffset(TopicPartition partition) {
        org.apache.kafka.common.TopicPartition tp = kafka(partition);
        return call(() -> consumer.beginningOffsets(Set.of(tp))).get(tp);
    }

    /** Cuts a blocked {@code poll} short, or makes the next one return at once; safe from any thread. */
    @Override
    public void wakeup() {
        wokenUp = true;
        if (!closing) {
            calls.execute(this::wakeupKafka);
        }
    }

    private void wakeupKafka() {
        if (!closing) {
            try {
                consumer.wakeup();
            } catch (RuntimeException e) {  // closed meanwhile
                LOG.debug("Could not wake up a Kafka consumer: {}", e.toString());
            }
        }
    }

    @Override
    public void enforceRebalance() {
        call(() -> {
            consumer.enforceRebalance("faust4j: warm-ups may have caught up");
            return null;
        });
    }

    @Override
    public void close() {
        closing = true;
        try {
            // a reader has no group to leave and nothing to commit: waiting would only wait out its last fetch
            // a static member leaves too when it stops cleanly, so its partitions move at once; only a crash
            // keeps its place in the group (for the session timeout) for a restart to take back
            consumer.close(CloseOptions.timeout(grouped ? CLOSE_TIMEOUT : Duration.ZERO)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        } catch (RuntimeException e) {
            LOG.warn("Closing a Kafka consumer failed: {}", e.getMessage());
        }
    }

    /** Runs a blocking call, retrying it when a {@link #wakeup()} meant for {@code poll} hits it instead. */
    private <T> T call(Supplier<T> action) {
        while (true) {
            try {
                return action.get();
            } catch (WakeupException e) {
                wokenUp = true;
            } catch (RuntimeException e) {
                throw securityFailure(e);
            }
        }
    }

    /** A refused login or a missing ACL, explained with the settings to check; other failures as they are. */
    private RuntimeException securityFailure(RuntimeException e) {
        String doing = grouped ? "consume the app's topics in its consumer group" : "read changelog partitions";
        return securityErrors.explain(e, doing).<RuntimeException>map(explained -> explained).orElse(e);
    }

    private List<org.apache.kafka.common.TopicPartition> assignedOf(Collection<TopicPartition> partitions) {
        Set<org.apache.kafka.common.TopicPartition> assignment = consumer.assignment();
        List<org.apache.kafka.common.TopicPartition> assigned = new ArrayList<>(partitions.size());
        for (TopicPartition tp : partitions) {
            org.apache.kafka.common.TopicPartition k = kafka(tp);
            if (assignment.contains(k)) {
                assigned.add(k);
            }
        }
        return assigned;
    }

    private TopicPartition name(org.apache.kafka.common.TopicPartition tp) {
        return names.computeIfAbsent(tp, k -> new TopicPartition(k.topic(), k.partition()));
    }

    private List<TopicPartition> names(Collection<org.apache.kafka.common.TopicPartition> partitions) {
        List<TopicPartition> list = new ArrayList<>(partitions.size());
        partitions.forEach(tp -> list.add(name(tp)));
        return list;
    }

    private static org.apache.kafka.common.TopicPartition kafka(TopicPartition tp) {
        return new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition());
    }

    private static List<org.apache.kafka.common.TopicPartition> kafka(Collection<TopicPartition> partitions) {
        List<org.apache.kafka.common.TopicPartition> list = new ArrayList<>(partitions.size());
        partitions.forEach(tp -> list.add(kafka(tp)));
        return list;
    }

    /** Kafka headers as faust4j headers; a header without a value gets an empty one. */
    private static List<Header> headers(org.apache.kafka.common.header.Headers headers) {
        org.apache.kafka.common.header.Header[] array = headers.toArray();
        if (array.length == 0) {
            return List.of();
        }
        List<Header> converted = new ArrayList<>(array.length);
        for (org.apache.kafka.common.header.Header h : array) {
            converted.add(new Header(h.key(), h.value() == null ? new byte[0] : h.value()));
        }
        return converted;
    }

    private static String offsetsText(Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets) {
        StringBuilder text = new StringBuilder("{");
        offsets.forEach((tp, o) -> text.append(text.length() > 1 ? ", " : "").append(tp).append('=').append(o.offset()));
        return text.append('}').toString();
    }

    /** Hands Kafka's rebalance callbacks to the engine, with faust4j partition names. */
    private final class Listener implements ConsumerRebalanceListener {
        private final RebalanceListener delegate;

        Listener(RebalanceListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onPartitionsRevoked(Collection<org.apache.kafka.common.TopicPartition> partitions) {
            if (closing || partitions.isEmpty()) {
                return;  // the engine stopped its actors and committed before closing
            }
            delegate.onPartitionsRevoked(names(partitions));
            commitUnsent(Set.copyOf(partitions));  // offsets a rebalance kept from committing earlier
            unsent.keySet().removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<org.apache.kafka.common.TopicPartition> partitions) {
            partitionsLost = false;
            delegate.onPartitionsAssigned(names(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<org.apache.kafka.common.TopicPartition> partitions) {
            if (closing || partitions.isEmpty()) {
                return;
            }
            LOG.warn("This worker was dropped from its consumer group (it did not poll or heartbeat in time) and lost"
                    + " partitions {}; their unfinished work is re-read by the members that get them", partitions);
            partitionsLost = true;
            try {
                delegate.onPartitionsLost(names(partitions));
            } finally {
                unsent.keySet().removeAll(partitions);
            }
        }
    }
}
