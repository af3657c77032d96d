package io.faust4j.bench;

import io.faust4j.OffsetReset;
import io.faust4j.Settings;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.internal.memory.MemoryTransport;
import io.faust4j.internal.memory.MemoryTransportFactory;
import io.faust4j.spi.ConsumedBatch;
import io.faust4j.spi.RebalanceListener;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TopicSpec;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportConsumer;
import io.faust4j.spi.TransportFactory;
import io.faust4j.spi.TransportProducer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Diagnosis only ({@code memory-count --trace}): the {@code memory://} transport behind the scheme
 * {@code traced-memory://name}, with a consumer that counts polls and, per topic, the batches and
 * records they return, so the batch sizes the engine works with can be read after a run. Built on the
 * public transport SPI; the counters are touched by the poll loop's thread only.
 */
public final class TracingTransport implements Transport {
    /** Counters of all traced consumers in this JVM. */
    static final Stats STATS = new Stats();

    private final MemoryTransport memory;

    private TracingTransport(MemoryTransport memory) {
        this.memory = memory;
    }

    /** Serves {@code traced-memory://name}. */
    public static final class Factory implements TransportFactory {
        @Override
        public String scheme() {
            return "traced-memory";
        }

        @Override
        public Transport create(List<String> brokers, Settings settings) {
            String name = MemoryTransportFactory.brokerName("memory://" + brokers.get(0).substring("traced-memory://".length()));
            return new TracingTransport(new MemoryTransport(MemoryBroker.named(name),
                    settings.consumerAutoOffsetReset() == OffsetReset.EARLIEST, settings.consumerMaxPollRecords()));
        }
    }

    /** Polls, empty polls, and batches and records per topic. */
    static final class Stats {
        final LongAdder polls = new LongAdder();
        final LongAdder emptyPolls = new LongAdder();
        final Map<String, long[]> byTopic = new TreeMap<>(); // {batches, records}

        synchronized void batch(String topic, int records) {
            long[] counts = byTopic.computeIfAbsent(topic, t -> new long[2]);
            counts[0]++;
            counts[1] += records;
        }

        synchronized void reset() {
            polls.reset();
            emptyPolls.reset();
            byTopic.clear();
        }

        synchronized String describe() {
            StringBuilder text = new StringBuilder(String.format("consumer polls: %,d (%,d returned nothing)%n",
                    polls.sum(), emptyPolls.sum()));
            byTopic.forEach((topic, c) -> text.append(String.format("  %-45s %,10d batches %,12d records: %,.1f"
                    + " records per batch%n", topic, c[0], c[1], (double) c[1] / c[0])));
            return text.toString();
        }
    }

    @Override
    public Map<String, Integer> describeTopics(Collection<String> topics) {
        return memory.describeTopics(topics);
    }

    @Override
    public void createTopics(List<TopicSpec> topics) {
        memory.createTopics(topics);
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return memory.endOffsets(partitions);
    }

    @Override
    public TransportProducer createProducer(String clientId) {
        return memory.createProducer(clientId);
    }

    @Override
    public TransportProducer createTransactionalProducer(String clientId, String transactionalId) {
        return memory.createTransactionalProducer(clientId, transactionalId);
    }

    @Override
    public TransportConsumer createConsumer(String groupId, String clientId) {
        return new Counting(memory.createConsumer(groupId, clientId));
    }

    @Override
    public TransportConsumer createReader(String clientId) {
        return memory.createReader(clientId);
    }

    @Override
    public void close() {
        memory.close();
    }

    private record Counting(TransportConsumer consumer) implements TransportConsumer {
        @Override
        public List<ConsumedBatch> poll(Duration timeout) {
            List<ConsumedBatch> batches = consumer.poll(timeout);
            STATS.polls.increment();
            if (batches.isEmpty()) {
                STATS.emptyPolls.increment();
            }
            for (ConsumedBatch batch : batches) {
                STATS.batch(batch.partition().topic(), batch.records().size());
            }
            return batches;
        }

        @Override
        public void subscribe(Collection<String> topics, RebalanceListener listener) {
            consumer.subscribe(topics, listener);
        }

        @Override
        public void assign(Collection<TopicPartition> partitions) {
            consumer.assign(partitions);
        }

        @Override
        public void seek(TopicPartition partition, long offset) {
            consumer.seek(partition, offset);
        }

        @Override
        public void pause(Collection<TopicPartition> partitions) {
            consumer.pause(partitions);
        }

        @Override
        public void resume(Collection<TopicPartition> partitions) {
            consumer.resume(partitions);
        }

        @Override
        public Map<TopicPartition, Long> commit(Map<TopicPartition, Long> offsets) {
            return consumer.commit(offsets);
        }

        @Override
        public Object groupMetadata() {
            return consumer.groupMetadata();
        }

        @Override
        public OptionalLong committed(TopicPartition partition) {
            return consumer.committed(partition);
        }

        @Override
        public long position(TopicPartition partition) {
            return consumer.position(partition);
        }

        @Override
        public long endOffset(TopicPartition partition) {
            return consumer.endOffset(partition);
        }

        @Override
        public long beginningOffset(TopicPartition partition) {
            return consumer.beginningOffset(partition);
        }

        @Override
        public void wakeup() {
            consumer.wakeup();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
