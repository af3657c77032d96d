package io.faust4j.kafka;

import io.faust4j.Header;
import io.faust4j.TransportException;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.SendCallback;
import io.faust4j.spi.TransportProducer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's one Kafka producer, driven by one platform thread of its own, the sender. Actors send from
 * virtual threads, and kafka-clients must never run there: its {@code send} blocks on metadata, on
 * buffer memory and on locks, and initialises classes that log, and a virtual thread pins its carrier
 * while it runs or waits for a class initialiser (on every JDK) or blocks inside {@code synchronized}
 * (JDK 21 to 23); with every carrier pinned the worker freezes. So {@link #send} only hands the record
 * to the sender through a bounded queue, and the sender, the one thread that ever touches the
 * {@link Producer}, passes everything queued to Kafka in batches.
 *
 * <ul>
 *   <li>The hot path is a permit from a semaphore, a lock-free enqueue and, only when the sender is
 *       parked, an unpark. When the queue holds {@link #DEFAULT_CAPACITY_BYTES} a send waits for room;
 *       on a virtual thread that wait unmounts it, it does not pin.</li>
 *   <li>{@link #flush()} queues a request behind everything sent before it; the sender passes those
 *       records to Kafka, calls Kafka's {@code flush()} once for every request it found, and answers.</li>
 *   <li>{@link #close()} queues a close: the sender passes what is queued, closes the Kafka producer and
 *       stops. A send that loses a race with close either throws (not accepted) or fails through its
 *       callback.</li>
 * </ul>
 *
 * <p>A failed send is sticky: the first failure (reported by Kafka's callback, or thrown by Kafka's
 * {@code send} on the sender) is remembered, and every later {@link #flush()} throws it with the number
 * of failed sends until the producer is closed, so the committer never commits offsets whose outputs or
 * changelog records were lost, not even on a second flush while the worker stops. {@link #send} keeps
 * accepting records after a failure and they still go to Kafka; only flush reports it, once per commit,
 * which stops the worker.
 *
 * <p>Callbacks run on Kafka's I/O thread (or on the sender for a send Kafka refused at once) and must
 * neither block nor send.
 */
final class KafkaTransportProducer implements TransportProducer {
    /** Bytes of records (plus {@link #RECORD_OVERHEAD} each) handed over but not yet passed to Kafka. */
    static final int DEFAULT_CAPACITY_BYTES = 4 << 20;
    private static final int RECORD_OVERHEAD = 64;
    /** Records passed to Kafka between two returns of room to waiting senders. */
    private static final int BATCH = 1024;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTransportProducer.class);
    private static final VarHandle PARKED;

    static {
        try {
            PARKED = MethodHandles.lookup().findVarHandle(KafkaTransportProducer.class, "parked", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final String brokerText;
    private final SecurityErrors securityErrors;
    private final int capacity;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final Semaphore room;
    private final Thread sender;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private final AtomicLong failedSends = new AtomicLong();
    private volatile boolean parked;  // the sender is parked or about to: wake it
    private volatile boolean closed;
    private final boolean transactional;

    KafkaTransportProducer(Producer<byte[], byte[]> producer, String brokerText, String clientId) {
        this(producer, brokerText, clientId, DEFAULT_CAPACITY_BYTES);
    }

    KafkaTransportProducer(Producer<byte[], byte[]> producer, String brokerText, String clientId, int capacityBytes) {
        this(producer, brokerText, clientId, capacityBytes, false);
    }

    KafkaTransportProducer(Producer<byte[], byte[]> producer, String brokerText, String clientId, int capacityBytes,
                           boolean transactional) {
        this(producer, brokerText, clientId, capacityBytes, transactional, SecurityErrors.of(brokerText));
    }

    /** @param securityErrors explains a send or transaction step refused for a login or an ACL, naming the settings */
    KafkaTransportProducer(Producer<byte[], byte[]> producer, String brokerText, String clientId, int capacityBytes,
                           boolean transactional, SecurityErrors securityErrors) {
        this.transactional = transactional;
        this.producer = producer;
        this.brokerText = brokerText;
        this.securityErrors = securityErrors;
        this.capacity = capacityBytes;
        this.room = new Semaphore(capacityBytes);
        this.sender = Thread.ofPlatform().name("faust4j-kafka-sender-" + clientId).daemon(true).unstarted(this::run);
        sender.start();
    }

    // ---- called by actors (virtual threads) and anyone else: no kafka-clients code below ----

    @Override
    public void send(OutgoingRecord record, SendCallback callback) {
        if (closed) {
            throw closedError(record);
        }
        Pending pending = new Pending(record, callback, cost(record));
        if (!room.tryAcquire(pending.cost)) {
            try {
                room.acquire(pending.cost);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException("Interrupted while waiting for room to send to " + record.topic() + "-"
                        + record.partition() + " on Kafka at " + brokerText, e);
            }
        }
        queue.offer(pending);
        wakeSender();
        if (closed && queue.remove(pending)) {  // lost a race with close(): the sender may be gone
            room.release(pending.cost);
            throw closedError(record);
        }
    }

    /**
     * Waits until the sender has passed every record queued before this call to Kafka and Kafka has
     * stored (or failed) them, then throws if any send of this producer ever failed.
     */
    @Override
    public void flush() {
        if (closed) {
            awaitStopped();  // closing flushes everything
        } else {
            Request request = new Request(false);
            queue.offer(request);
            wakeSender();
            if (closed && queue.remove(request)) {  // lost a race with close(), which flushes everything
                awaitStopped();
            } else {
                request.await();
            }
        }
        throwIfFailed();
    }

    @Override
    public Optional<Exception> failure() {
        return Optional.ofNullable(firstError.get());
    }

    // ---- transactions (exactly-once): each step runs on the sender, in order with the sends around it ----

    @Override
    public boolean transactional() {
        return transactional;
    }

    /** Registers the transactional id with the broker; called once, before the first transaction. */
    void initTransactions() {
        onSender("initialise transactions", producer::initTransactions);
    }

    @Override
    public void beginTransaction() {
        onSender("begin a transaction", producer::beginTransaction);
    }

    /**
     * Passes every record queued before this call to Kafka, adds the consumed offsets to the transaction
     * and commits it. A send that failed in it makes the commit fail: Kafka then requires an abort.
     */
    @Override
    public void commitTransaction(Map<io.faust4j.spi.TopicPartition, Long> offsets, Object group) {
        Map<TopicPartition, OffsetAndMetadata> kafkaOffsets = new HashMap<>();
        offsets.forEach((tp, offset) -> kafkaOffsets.put(new TopicPartition(tp.topic(), tp.partition()),
                new OffsetAndMetadata(offset)));
        onSender("commit the transaction", () -> {
            if (firstError.get() != null) {
                throw new TransportException("a send of this transaction failed: "
                        + firstFailureText(firstError.get()), firstError.get());
            }
            if (!kafkaOffsets.isEmpty()) {
                producer.sendOffsetsToTransaction(kafkaOffsets, (ConsumerGroupMetadata) group);
            }
            producer.commitTransaction();
        });
    }

    /** Aborts the open transaction; its failed sends are forgotten with it (they were never visible). */
    @Override
    public void abortTransaction() {
        onSender("abort the transaction", () -> {
            try {
                producer.abortTransaction();
            } finally {
                firstError.set(null);
                failedSends.set(0);
            }
        });
    }

    /** Runs a step of the transaction protocol on the sender thread, after everything queued before it. */
    private void onSender(String what, Runnable step) {
        if (closed) {
            throw new TransportException("Cannot " + what + " on Kafka at " + brokerText + ": the producer is closed");
        }
        Request request = new Request(step);
        queue.offer(request);
        wakeSender();
        try {
            request.awaitStep();
        } catch (TransportException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw securityErrors.explainOr(cause, what, "Cannot " + what + " on Kafka at " + brokerText + ": "
                    + KafkaTransport.rootMessage(cause));
        }
    }

    /** Passes what is queued to Kafka, closes the Kafka producer (waiting up to 10 s for sends) and stops the sender. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            queue.offer(new Request(true));
            LockSupport.unpark(sender);
        }
        awaitStopped();
    }

    private void awaitStopped() {
        try {
            if (!stopped.await(CLOSE_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("The Kafka producer for {} did not close within {} s; its sends may be lost", brokerText,
                        CLOSE_TIMEOUT.toSeconds() + 5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Test hook: waits until the sender has passed everything queued so far to Kafka, without flushing Kafka. */
    void awaitHandedOver() {
        Request request = new Request(false, false);
        queue.offer(request);
        wakeSender();
        request.await();
    }

    private void wakeSender() {
        if (parked && PARKED.compareAndSet(this, true, false)) {
            LockSupport.unpark(sender);
        }
    }

    private void throwIfFailed() {
        Exception error = firstError.get();
        if (error != null) {
            long failed = failedSends.get();
            throw new TransportException(failed + (failed == 1 ? " send" : " sends") + " to Kafka at " + brokerText
                    + " failed, so the offsets they cover are not committed; this producer stays failed until it is"
                    + " closed. The first failure: " + firstFailureText(error), error);
        }
    }

    /** The first failure in words: a refused login or a missing ACL explained with the settings to check. */
    private String firstFailureText(Exception error) {
        return securityErrors.explain(error, "send").map(Throwable::getMessage)
                .orElseGet(() -> securityErrors.mask(KafkaTransport.rootMessage(error)));
    }

    private TransportException closedError(OutgoingRecord record) {
        return new TransportException("Cannot send to " + record.topic() + "-" + record.partition() + " on Kafka at "
                + brokerText + ": the producer is closed");
    }

    private int cost(OutgoingRecord record) {
        long bytes = RECORD_OVERHEAD + length(record.key()) + length(record.value());
        List<Header> headers = record.headers();
        for (int i = 0; i < headers.size(); i++) {
            bytes += headers.get(i).key().length() + length(headers.get(i).value());
        }
        return (int) Math.min(bytes, capacity);  // a record larger than the whole queue waits for an empty one
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private void failed(Exception error) {
        firstError.compareAndSet(null, error);
        failedSends.incrementAndGet();
    }

    // ---- the sender thread: the only thread that calls the Kafka producer ----

    private void run() {
        try {
            while (drainOnce()) {
                // until a close request was handled
            }
        } catch (Throwable e) {
            LOG.error("The Kafka producer's sender thread failed; every later flush throws", e);
            failed(e instanceof Exception ex ? ex : new TransportException("The sender thread failed: " + e, e));
            closed = true;
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException ignored) {
                // already failed
            }
        } finally {
            failLeftovers();
            stopped.countDown();
        }
    }

    /** Passes up to {@link #BATCH} queued records to Kafka and answers the requests among them; false once closed. */
    private boolean drainOnce() {
        Object next = queue.poll();
        if (next == null) {
            park();
            return true;
        }
        int passed = 0;
        long released = 0;
        List<Request> requests = null;
        Request close = null;
        do {
            if (next instanceof Pending pending) {
                pass(pending);
                released += pending.cost;
                passed++;
            } else {
                Request request = (Request) next;
                if (request.close) {
                    close = request;
                    break;
                }
                if (request.step != null) {
                    if (requests != null) {  // flushes queued before the step are answered before it runs
                        answer(requests);
                        requests = null;
                    }
                    runStep(request);
                    continue;
                }
                if (requests == null) {
                    requests = new ArrayList<>(2);
                }
                requests.add(request);
            }
        } while (passed < BATCH && (next = queue.poll()) != null);
        if (released > 0) {
            room.release((int) released);
        }
        if (requests != null) {
            answer(requests);
        }
        if (close != null) {
            closeKafka();
            close.done(null);
            return false;
        }
        return true;
    }

    private void park() {
        parked = true;
        if (queue.isEmpty()) {
            LockSupport.park(this);
        }
        parked = false;
    }

    private void pass(Pending pending) {
        OutgoingRecord record = pending.record;
        Long timestamp = record.timestamp() >= 0 ? record.timestamp() : null;
        ProducerRecord<byte[], byte[]> outgoing = new ProducerRecord<>(record.topic(), record.partition(), timestamp,
                record.key(), record.value(), headers(record.headers()));
        try {
            producer.send(outgoing, new Completion(pending.callback));
        } catch (RuntimeException e) {  // refused at once: closed, fenced, serialisation, metadata timeout
            failed(e);
            report(pending.callback, securityErrors.explainOr(e, "send to " + record.topic() + "-" + record.partition(),
                    "Cannot send to " + record.topic() + "-" + record.partition() + " on Kafka at " + brokerText + ": "
                    + KafkaTransport.rootMessage(e)));
        }
    }

    private void runStep(Request request) {
        try {
            request.step.run();
            request.done(null);
        } catch (RuntimeException e) {
            request.done(e);
        }
    }

    /** Flushes Kafka once for all the flush requests found (none of them sees a record queued after it). */
    private void answer(List<Request> requests) {
        RuntimeException error = null;
        if (requests.stream().anyMatch(r -> r.flushKafka)) {
            try {
                producer.flush();
            } catch (RuntimeException e) {  // e.g. interrupted
                error = e;
            }
        }
        for (Request request : requests) {
            request.done(error);
        }
    }

    private void closeKafka() {
        try {
            producer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("Closing the Kafka producer for {} failed: {}", brokerText, e.toString());
        }
    }

    /** After the sender stopped: fails the sends queued behind the close, answers waiting flushes, frees room. */
    private void failLeftovers() {
        Object next;
        while ((next = queue.poll()) != null) {
            if (next instanceof Pending pending) {
                TransportException error = closedError(pending.record);
                failed(error);
                report(pending.callback, error);
                room.release(pending.cost);
            } else {
                ((Request) next).done(null);
            }
        }
    }

    private static void report(SendCallback callback, Exception error) {
        try {
            callback.onComplete(-1, error);
        } catch (RuntimeException e) {
            LOG.warn("A send callback failed: {}", e.toString());
        }
    }

    private static List<org.apache.kafka.common.header.Header> headers(List<Header> headers) {
        if (headers.isEmpty()) {
            return null;  // ProducerRecord makes empty headers itself
        }
        List<org.apache.kafka.common.header.Header> converted = new ArrayList<>(headers.size());
        for (Header header : headers) {
            converted.add(new RecordHeader(header.key(), header.value()));
        }
        return converted;
    }

    /** A record handed to the sender, with the room it takes in the queue (identity matters: see {@link #send}). */
    private static final class Pending {
        final OutgoingRecord record;
        final SendCallback callback;
        final int cost;

        Pending(OutgoingRecord record, SendCallback callback, int cost) {
            this.record = record;
            this.callback = callback;
            this.cost = cost;
        }
    }

    /** A flush (or close) waiting for the sender to reach it in the queue. */
    private static final class Request {
        final boolean close;
        final boolean flushKafka;
        final Runnable step;
        private final CountDownLatch answered = new CountDownLatch(1);
        private volatile RuntimeException error;

        /** A step of the transaction protocol, run by the sender in queue order. */
        Request(Runnable step) {
            this.close = false;
            this.flushKafka = false;
            this.step = step;
        }

        Request(boolean close) {
            this(close, true);
        }

        Request(boolean close, boolean flushKafka) {
            this.close = close;
            this.flushKafka = flushKafka;
            this.step = null;
        }

        /** Waits for the step's outcome; its failure is rethrown with the cause. */
        void awaitStep() {
            try {
                answered.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException("Interrupted while waiting for the Kafka producer", e);
            }
            if (error != null) {
                throw new TransportException(error.getMessage(), error);
            }
        }

        void done(RuntimeException failure) {
            error = failure;
            answered.countDown();
        }

        void await() {
            try {
                answered.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException("Interrupted while flushing the Kafka producer", e);
            }
            if (error != null) {
                throw new TransportException("Flushing the Kafka producer failed: " + error.getMessage(), error);
            }
        }
    }

    /** Kafka's completion of one send (on Kafka's I/O thread): remembers a failure, then tells the engine. */
    private final class Completion implements Callback {
        private final SendCallback callback;

        Completion(SendCallback callback) {
            this.callback = callback;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error != null) {
                failed(error);
                callback.onComplete(-1, error);
            } else {
                callback.onComplete(metadata.offset(), null);
            }
        }
    }
}
