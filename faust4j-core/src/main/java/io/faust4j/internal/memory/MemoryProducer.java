package io.faust4j.internal.memory;

import io.faust4j.TransportException;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.SendCallback;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TransportProducer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A producer of the in-memory broker. Without faults a send is stored before it returns. With
 * {@link MemoryFaults#holdSends} a send waits, un-acknowledged, for the next flush; a failed send is
 * sticky (every later flush throws), as the Kafka transport's is.
 *
 * <p>A transactional producer keeps the sends of its open transaction aside and stores them, with the
 * consumed offsets, when the transaction commits; an abort discards them. Consumers therefore only ever
 * see committed records, as Kafka's {@code read_committed} readers do.
 */
final class MemoryProducer implements TransportProducer {
    private final MemoryBroker broker;
    private final String id;
    private final boolean transactional;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong failedSends = new AtomicLong();
    private List<Pending> held = new ArrayList<>();
    private List<Pending> transaction;

    private record Pending(OutgoingRecord record, SendCallback callback) {
    }

    MemoryProducer(MemoryBroker broker, String id, boolean transactional) {
        this.broker = broker;
        this.id = id;
        this.transactional = transactional;
    }

    @Override
    public void send(OutgoingRecord record, SendCallback callback) {
        MemoryTopic topic = broker.requireTopic(record.topic());
        if (record.partition() < 0 || record.partition() >= topic.partitionCount()) {
            throw new TransportException("Topic '" + record.topic() + "' has " + topic.partitionCount()
                    + " partitions; cannot send to partition " + record.partition());
        }
        TransportException injected = broker.faults().sendFailure(record.topic());
        if (injected != null) {
            fail(injected);
            callback.onComplete(-1, injected);
            return;
        }
        if (transactional) {
            lock.lock();
            try {
                if (transaction == null) {
                    throw new TransportException("Producer " + id + " sent outside a transaction");
                }
                transaction.add(new Pending(record, callback));
            } finally {
                lock.unlock();
            }
            return;
        }
        if (broker.faults().holding()) {
            lock.lock();
            try {
                held.add(new Pending(record, callback));
            } finally {
                lock.unlock();
            }
            return;
        }
        store(record, callback);
    }

    private void store(OutgoingRecord record, SendCallback callback) {
        MemoryTopic topic = broker.requireTopic(record.topic());
        long offset = topic.log(record.partition()).append(record.key(), record.value(), record.timestamp(), record.headers());
        topic.notifyAppended();
        callback.onComplete(offset, null);
    }

    private void fail(Exception error) {
        failedSends.incrementAndGet();
        failure.compareAndSet(null, error);
    }

    @Override
    public void flush() {
        List<Pending> due;
        lock.lock();
        try {
            due = held;
            held = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        due.forEach(p -> store(p.record(), p.callback()));
        broker.faults().runFlushHook();
        throwIfFailed();
    }

    private void throwIfFailed() {
        Exception error = failure.get();
        if (error != null) {
            throw new TransportException(failedSends.get() + " send(s) of producer " + id + " failed, so no offset"
                    + " they cover is committed; the first: " + error.getMessage(), error);
        }
    }

    @Override
    public Optional<Exception> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public boolean transactional() {
        return transactional;
    }

    @Override
    public void beginTransaction() {
        lock.lock();
        try {
            if (transaction != null) {
                throw new TransportException("Producer " + id + " already has an open transaction");
            }
            transaction = new ArrayList<>();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void commitTransaction(Map<TopicPartition, Long> offsets, Object group) {
        List<Pending> records = takeTransaction();
        throwIfFailed();
        if (broker.faults().failTransactionCommit(id)) {
            throw new TransportException("Injected failure: the transaction of producer " + id + " was aborted");
        }
        MemoryGroup.Membership member = (MemoryGroup.Membership) group;
        broker.commitTransaction(member, offsets, () -> records.forEach(p -> store(p.record(), p.callback())));
    }

    @Override
    public void abortTransaction() {
        lock.lock();
        try {
            transaction = null; // also after a failed commit, which already discarded it
        } finally {
            lock.unlock();
        }
        failure.set(null); // the failed sends were part of the aborted transaction
        failedSends.set(0);
    }

    private List<Pending> takeTransaction() {
        lock.lock();
        try {
            if (transaction == null) {
                throw new TransportException("Producer " + id + " has no open transaction");
            }
            List<Pending> records = transaction;
            transaction = null;
            return records;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            held = new ArrayList<>(); // not flushed: lost, as a crashed Kafka producer's unsent batches are
            transaction = null;
        } finally {
            lock.unlock();
        }
    }
}
