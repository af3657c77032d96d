package io.faust4j.internal;

import io.faust4j.spi.RebalanceListener;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.Transport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The meters of the partitions a worker runs and of its rebalances.
 *
 * <p>Each partition whose actors run has four gauges, registered when they start and removed when they
 * stop: the committed offset, the read offset (the next offset the worker hands to its actors), the end
 * offset, and the lag (end minus committed). End offsets are asked of the broker when a registry reads
 * them, at most once a second per poll loop, never on the poll loop's thread.
 *
 * <p>A rebalance starts with the consumer's first callback (partitions revoked, lost or assigned) and
 * ends when the assigned partitions' actors start, table recovery included.
 */
final class PartitionMeters {
    private static final long END_OFFSETS_MAX_AGE_NANOS = 1_000_000_000L;

    private final MeterRegistry registry;
    private final boolean enabled;
    private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();
    private final Map<TopicPartition, List<Meter>> meters = new ConcurrentHashMap<>();
    private final Map<PollLoop, EndOffsets> ends = new ConcurrentHashMap<>();
    private final LongAdder rebalances = new LongAdder();
    private TimeTotals rebalanceDuration;
    private volatile long rebalanceStartNanos;
    private volatile boolean rebalancing;

    PartitionMeters(MeterRegistry registry, boolean enabled) {
        this.registry = registry;
        this.enabled = enabled;
    }

    void bindRebalances() {
        FunctionCounter.builder("faust4j.rebalances", rebalances, LongAdder::sum)
                .description("Rebalances of the worker's consumer group seen by the worker (joining the group counts)")
                .register(registry);
        rebalanceDuration = TimeTotals.register(registry, "faust4j.rebalance.duration", Tags.empty(),
                "From a rebalance's first callback until the assigned partitions run again, recovery included");
    }

    /** The listener a poll loop subscribes with: it times rebalances, then passes each callback on. */
    RebalanceListener listener(RebalanceListener loop) {
        if (!enabled) {
            return loop;
        }
        return new RebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                started();
                loop.onPartitionsRevoked(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                started();
                loop.onPartitionsLost(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                started();
                rebalances.increment();
                loop.onPartitionsAssigned(partitions);
            }
        };
    }

    private void started() {
        if (!rebalancing) {
            rebalanceStartNanos = System.nanoTime();
            rebalancing = true;
        }
    }

    /** The actors of these partitions start, at {@code positions}: a rebalance in progress is over. */
    void partitionsStarted(PollLoop loop, Transport transport, Map<TopicPartition, Long> positions) {
        if (rebalancing) {
            rebalancing = false;
            if (rebalanceDuration != null) {
                rebalanceDuration.record(System.nanoTime() - rebalanceStartNanos);
            }
        }
        EndOffsets loopEnds = ends.computeIfAbsent(loop, l -> new EndOffsets(transport));
        positions.forEach((tp, position) -> {
            committed.putIfAbsent(tp, position); // where the group's last commit left it, as far as this worker knows
            if (!enabled) {
                return;
            }
            loopEnds.add(tp);
            List<Meter> previous = meters.remove(tp);
            if (previous != null) {
                previous.forEach(registry::remove); // first: registering an id that exists returns the old meter
            }
            Tags tags = Tags.of("topic", tp.topic(), "partition", String.valueOf(tp.partition()));
            List<Meter> registered = new ArrayList<>();
            registered.add(gauge("faust4j.partition.committed.offset", tags, "The partition's last committed offset",
                    p -> p.committedOffset(tp)));
            registered.add(gauge("faust4j.partition.read.offset", tags,
                    "The next offset the worker hands to its actors", p -> loop.readOffset(tp)));
            registered.add(gauge("faust4j.partition.end.offset", tags, "The partition's end offset (the broker's)",
                    p -> p.endOffset(loopEnds, loop, tp)));
            registered.add(gauge("faust4j.partition.lag", tags, "End offset minus committed offset",
                    p -> p.endOffset(loopEnds, loop, tp) - p.committedOffset(tp)));
            meters.put(tp, registered);
        });
    }

    private Meter gauge(String name, Tags tags, String description, ToDoubleFunction<PartitionMeters> value) {
        return Gauge.builder(name, this, value).tags(tags).description(description).strongReference(true)
                .register(registry);
    }

    /** The actors of these partitions stopped (revoked, lost, or the worker stops): their gauges go. */
    void partitionsStopped(PollLoop loop, Collection<TopicPartition> partitions) {
        EndOffsets loopEnds = ends.get(loop);
        for (TopicPartition tp : partitions) {
            committed.remove(tp);
            if (loopEnds != null) {
                loopEnds.remove(tp);
            }
            List<Meter> gone = meters.remove(tp);
            if (gone != null) {
                gone.forEach(registry::remove);
            }
        }
    }

    /** What a commit committed. */
    void committed(Map<TopicPartition, Long> offsets) {
        committed.putAll(offsets);
    }

    /**
     * The end offset asked of the broker (up to a second old), but never below what the worker has read or
     * committed since: a lag is never negative.
     */
    private double endOffset(EndOffsets loopEnds, PollLoop loop, TopicPartition tp) {
        double end = loopEnds.end(tp);
        double read = loop.readOffset(tp);
        double committedOffset = committedOffset(tp);
        if (Double.isNaN(end)) {
            return end;
        }
        return Math.max(end, Math.max(Double.isNaN(read) ? end : read, Double.isNaN(committedOffset) ? end
                : committedOffset));
    }

    private double committedOffset(TopicPartition tp) {
        Long offset = committed.get(tp);
        return offset == null ? Double.NaN : offset;
    }

    /** A poll loop's end offsets, asked of its transport at most once a second, by whoever reads them. */
    private static final class EndOffsets {
        private final Transport transport;
        private final java.util.Set<TopicPartition> partitions = ConcurrentHashMap.newKeySet();
        private Map<TopicPartition, Long> cached = Map.of();
        private long readAtNanos;

        EndOffsets(Transport transport) {
            this.transport = transport;
        }

        void add(TopicPartition tp) {
            partitions.add(tp);
            synchronized (this) {
                readAtNanos = 0; // a new partition: ask again
            }
        }

        void remove(TopicPartition tp) {
            partitions.remove(tp);
        }

        synchronized double end(TopicPartition tp) {
            long now = System.nanoTime();
            if (readAtNanos == 0 || now - readAtNanos > END_OFFSETS_MAX_AGE_NANOS) {
                readAtNanos = now;
                try {
                    cached = new HashMap<>(transport.endOffsets(List.copyOf(partitions)));
                } catch (RuntimeException e) {
                    cached = Map.of(); // the broker did not answer (or the worker stopped): unknown for now
                }
            }
            Long end = cached.get(tp);
            return end == null ? Double.NaN : end;
        }
    }
}
