package io.faust4j.kafka;

import io.faust4j.Header;
import io.faust4j.TransportException;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.SendCallback;
import io.faust4j.spi.TransportProducer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The worker's one Kafka producer. Sends go to the partition the engine chose. A failed send is sticky:
 * the first failure is remembered, and every later {@link #flush()} throws it (with the number of failed
 * sends) until the producer is closed, so the committer never commits offsets whose outputs or changelog
 * records were lost, not even on a second flush while the worker stops.
 */
final class KafkaTransportProducer implements TransportProducer {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Producer<byte[], byte[]> producer;
    private final String brokerText;
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private final AtomicLong failedSends = new AtomicLong();

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
                    failed(error);
                    callback.onComplete(-1, error);
                } else {
                    callback.onComplete(metadata.offset(), null);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            failed(e);
            throw new TransportException("Cannot send to " + record.topic() + "-" + record.partition() + " on Kafka at "
                    + brokerText + ": " + e.getMessage(), e);
        }
    }

    private void failed(Exception error) {
        firstError.compareAndSet(null, error);
        failedSends.incrementAndGet();
    }

    @Override
    public void flush() {
        producer.flush();
        Exception error = firstError.get();
        if (error != null) {
            long failed = failedSends.get();
            throw new TransportException(failed + (failed == 1 ? " send" : " sends") + " to Kafka at " + brokerText
                    + " failed, so the offsets they cover are not committed; this producer stays failed until it is"
                    + " closed. The first failure: " + KafkaTransport.rootMessage(error), error);
        }
    }

    @Override
    public Optional<Exception> failure() {
        return Optional.ofNullable(firstError.get());
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
