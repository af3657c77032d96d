package io.faust4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.TransportException;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.SendCallback;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker's Kafka producer over kafka-clients' {@link MockProducer}, which completes or fails sends on demand. */
class KafkaTransportProducerTest {
    private final MockProducer<byte[], byte[]> kafka = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final KafkaTransportProducer producer = new KafkaTransportProducer(kafka, "localhost:9092");

    @AfterEach
    void close() {
        producer.close();
    }

    private static OutgoingRecord record(String value) {
        return new OutgoingRecord("out", 0, null, value.getBytes(StandardCharsets.UTF_8), 1L, List.of());
    }

    @Test
    void aSendThatFailedLaterMakesEveryFollowingFlushThrow() {
        List<Exception> reported = new CopyOnWriteArrayList<>();
        producer.send(record("lost"), (offset, error) -> reported.add(error));
        producer.send(record("stored"), SendCallback.NONE);
        kafka.errorNext(new RecordTooLargeException("the broker refused a 2 MB record"));
        kafka.completeNext();

        assertThatThrownBy(producer::flush).isInstanceOf(TransportException.class)
                .hasMessageContaining("the broker refused a 2 MB record").hasMessageContaining("1 send");
        assertThat(reported).singleElement().isInstanceOf(RecordTooLargeException.class);
        assertThat(producer.failure()).containsSame(reported.get(0));

        // the shutdown path: actors stopped, nothing new failed, flush again before the last commit
        assertThatThrownBy(producer::flush).isInstanceOf(TransportException.class)
                .hasMessageContaining("the broker refused a 2 MB record").hasMessageContaining("1 send");
        producer.send(record("after"), SendCallback.NONE);
        assertThatThrownBy(producer::flush).as("later successful sends do not clear the failure")
                .isInstanceOf(TransportException.class);
    }

    @Test
    void aSendThatKafkaRefusedAtOnceMakesEveryFollowingFlushThrow() {
        kafka.sendException = new org.apache.kafka.common.KafkaException("producer is fenced");
        try {
            producer.send(record("refused"), SendCallback.NONE);
        } catch (TransportException acceptedOrRefusedAtOnce) {
            // either is allowed; what matters is that the failure stays
        }
        kafka.sendException = null;

        assertThatThrownBy(producer::flush).isInstanceOf(TransportException.class).hasMessageContaining("producer is fenced");
        assertThatThrownBy(producer::flush).isInstanceOf(TransportException.class).hasMessageContaining("producer is fenced");
    }

    @Test
    void flushSucceedsWhileEverySendSucceeds() {
        List<Long> offsets = new CopyOnWriteArrayList<>();
        producer.send(record("a"), (offset, error) -> offsets.add(offset));
        producer.send(record("b"), (offset, error) -> offsets.add(offset));

        producer.flush();
        producer.flush();

        assertThat(offsets).containsExactly(0L, 1L);
        assertThat(producer.failure()).isEmpty();
        assertThat(kafka.history()).hasSize(2);
    }
}
