package io.faust4j.internal;

import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.SendCallback;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TransportProducer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * A producer that counts what it sends, per topic, for the worker's meters: records accepted
 * ({@code faust4j.messages.sent}), records that failed ({@code faust4j.send.errors}), and the time from
 * {@code send} to the broker's acknowledgement ({@code faust4j.send.latency}) of one send in
 * {@value #SAMPLE_EVERY}, picked at random, so no clock is read on the way of the other sends.
 *
 * <p>Per send it costs a map lookup, a {@link LongAdder} increment and a thread-local random number; a
 * send without a callback of its own reuses the topic's error-counting callback, so nothing is allocated.
 */
final class MeteredProducer implements TransportProducer {
    static final int SAMPLE_EVERY = 64;
    private static final int SAMPLE_MASK = SAMPLE_EVERY - 1;

    private final TransportProducer delegate;
    private final Meters meters;

    MeteredProducer(TransportProducer delegate, Meters meters) {
        this.delegate = delegate;
        this.meters = meters;
    }

    /** The per-topic meters, shared by all of a worker's producers. */
    static final class Meters {
        private final MeterRegistry registry;
        private final Map<String, TopicMeters> byTopic = new ConcurrentHashMap<>();

        Meters(MeterRegistry registry) {
            this.registry = registry;
        }

        TopicMeters topic(String topic) {
            TopicMeters found = byTopic.get(topic);
            return found != null ? found : byTopic.computeIfAbsent(topic, t -> new TopicMeters(registry, t));
        }
    }

    /** The meters of one topic. */
    static final class TopicMeters implements SendCallback {
        final LongAdder sent = new LongAdder();
        final LongAdder errors = new LongAdder();
        final TimeTotals latency;

        TopicMeters(MeterRegistry registry, String topic) {
            FunctionCounter.builder("faust4j.messages.sent", sent, LongAdder::sum).tag("topic", topic)
                    .description("Records handed to the producer (accepted by send)")
                    .register(registry);
            FunctionCounter.builder("faust4j.send.errors", errors, LongAdder::sum).tag("topic", topic)
                    .description("Sends that failed (refused by send, or reported failed by the broker)")
                    .register(registry);
            latency = TimeTotals.register(registry, "faust4j.send.latency", Tags.of("topic", topic),
                    "From send to the broker's acknowledgement, one send in " + SAMPLE_EVERY);
        }

        @Override
        public void onComplete(long offset, Exception error) {
            if (error != null) {
                errors.increment();
            }
        }
    }

    /** Passes the outcome on to the sender's callback, counting a failure. */
    private record Counting(TopicMeters meters, SendCallback callback) implements SendCallback {
        @Override
        public void onComplete(long offset, Exception error) {
            meters.onComplete(offset, error);
            callback.onComplete(offset, error);
        }
    }

    /** A sampled send: records its latency, counts a failure, and passes the outcome on. */
    private record Timed(TopicMeters meters, SendCallback callback, long startNanos) implements SendCallback {
        @Override
        public void onComplete(long offset, Exception error) {
            if (error == null) {
                meters.latency.record(System.nanoTime() - startNanos);
            }
            meters.onComplete(offset, error);
            callback.onComplete(offset, error);
        }
    }

    @Override
    public void send(OutgoingRecord record, SendCallback callback) {
        TopicMeters topic = meters.topic(record.topic());
        SendCallback counted;
        if ((ThreadLocalRandom.current().nextInt() & SAMPLE_MASK) == 0) {
            counted = new Timed(topic, callback, System.nanoTime());
        } else {
            counted = callback == SendCallback.NONE ? topic : new Counting(topic, callback);
        }
        try {
            delegate.send(record, counted);
        } catch (RuntimeException e) {
            topic.errors.increment();
            throw e;
        }
        topic.sent.increment();
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public Optional<Exception> failure() {
        return delegate.failure();
    }

    @Override
    public boolean transactional() {
        return delegate.transactional();
    }

    @Override
    public void beginTransaction() {
        delegate.beginTransaction();
    }

    @Override
    public void commitTransaction(Map<TopicPartition, Long> offsets, Object group) {
        delegate.commitTransaction(offsets, group);
    }

    @Override
    public void abortTransaction() {
        delegate.abortTransaction();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
