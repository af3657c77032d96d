package io.faust4j.kafka;

import io.faust4j.Header;
import io.faust4j.TransportException;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.SendCallback;
import io.faust4j.spi.TransportProducer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The worker's one Kafka producer. Sends go to the partition the engine chose; the first failure since
 * the last {@link #flush()} is remembered and thrown by the next flush, so the committer never commits
 * offsets whose outputs or changelog records were lost.
 */
final class KafkaTransportProducer implements TransportProducer {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Producer<byte[], byte[]> producer;
    private final String brokerText;
    private final AtomicReference<Exception> firstError = new AtomicReference<>();

    KafkaTransportProducer(Producer<byte[], byte[]> producer, String brokerText) {
        this.producer = producer;
        this.brokerText = brokerText;
    }

    @Override
    public void send(OutgoingRecord record, SendCallback callback) {
        Long timestamp = record.timestamp() >= 0 ? record.timestamp() : null;
        ProducerRecord<byte[], byte[]> outgoing = new ProducerRecord<>(record.topic(), record.partition(), timestamp,
                record.key(), record.value(), headers(record.headers()));
        try {
            producer.send(outgoing, (metadata, error) -> {
                if (error != null) {
                    firstError.compareAndSet(null, error);
                    callback.onComplete(-1, error);
                } else {
                    callback.onComplete(metadata.offset(), null);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            firstError.compareAndSet(null, e);
            throw new TransportException("Cannot send to " + record.topic() + "-" + record.partition() + " on Kafka at "
                    + brokerText + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void flush() {
        producer.flush();
        Exception error = firstError.getAndSet(null);
        if (error != null) {
            throw new TransportException("A send to Kafka at " + brokerText + " failed, so the offsets it covers are"
                    + " not committed: " + KafkaTransport.rootMessage(error), error);
        }
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
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
}
