package io.faust4j.internal.memory;

import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.SendCallback;
import io.faust4j.spi.TransportProducer;
import io.faust4j.TransportException;

/** Appends to the in-memory broker's logs synchronously, so {@link #flush()} has nothing to wait for. */
final class MemoryProducer implements TransportProducer {
    private final MemoryBroker broker;

    MemoryProducer(MemoryBroker broker) {
        this.broker = broker;
    }

    @Override
    public void send(OutgoingRecord record, SendCallback callback) {
        MemoryTopic topic = broker.requireTopic(record.topic());
        if (record.partition() < 0 || record.partition() >= topic.partitionCount()) {
            throw new TransportException("Topic '" + record.topic() + "' has " + topic.partitionCount()
                    + " partitions; cannot send to partition " + record.partition());
        }
        long offset = topic.log(record.partition()).append(record.key(), record.value(), record.timestamp(), record.headers());
        topic.notifyAppended();
        callback.onComplete(offset, null);
    }

    @Override
    public void flush() {
        // appends are synchronous: every send is stored when send returns
    }

    @Override
    public void close() {
        // nothing to release
    }
}
