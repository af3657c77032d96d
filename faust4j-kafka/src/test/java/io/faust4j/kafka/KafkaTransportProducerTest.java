package io.faust4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.TransportException;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.SendCallback;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's Kafka producer over kafka-clients' {@link MockProducer}, which completes or fails sends
 * on demand and here also records which threads call it.
 */
class KafkaTransportProducerTest {
    private final RecordingKafka kafka = new RecordingKafka(false);
    private KafkaTransportProducer producer = new KafkaTransportProducer(kafka, "localhost:9092", "test");

    @AfterEach
    void close() {
        producer.close();
    }

    private static OutgoingRecord record(String value) {
        return record(0, value);
    }

    private static OutgoingRecord record(int partition, String value) {
        return new OutgoingRecord("out", partition, null, value.getBytes(StandardCharsets.UTF_8), 1L, List.of());
    }

    // ---- sticky failures ----

    @Test
    void aSendThatFailedLaterMakesEveryFollowingFlushThrow() {
        List<Exception> reported = new CopyOnWriteArrayList<>();
        producer.send(record("lost"), (offset, error) -> reported.add(error));
        producer.send(record("stored"), SendCallback.NONE);
        producer.awaitHandedOver();
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
        kafka.sendException = new KafkaException("producer is fenced");
        List<Exception> reported = new CopyOnWriteArrayList<>();
        producer.send(record("refused"), (offset, error) -> reported.add(error));
        producer.awaitHandedOver();
        kafka.sendException = null;

        assertThat(reported).singleElement().extracting(Exception::getMessage).asString().contains("producer is fenced");
        assertThatThrownBy(producer::flush).isInstanceOf(TransportException.class).hasMessageContaining("producer is fenced");
        assertThatThrownBy(producer::flush).isInstanceOf(TransportException.class).hasMessageContaining("producer is fenced");
    }

    @Test
    void theFailureCountsEverySendThatFailed() {
        for (int i = 0; i < 3; i++) {
            producer.send(record("lost " + i), SendCallback.NONE);
        }
        producer.awaitHandedOver();
        for (int i = 0; i < 3; i++) {
            kafka.errorNext(new KafkaException("broker gone " + i));
        }

        assertThatThrownBy(producer::flush).hasMessageContaining("3 sends").hasMessageContaining("broker gone 0");
    }

    @Test
    void flushSucceedsWhileEverySendSucceeds() {
        List<Long> offsets = new CopyOnWriteArrayList<>();
        producer.send(record("a"), (offset, error) -> offsets.add(offset));
        producer.send(record("b"), (offset, error) -> offsets.add(offset));

        producer.flush();
        producer.flush();

        assertThat(offsets).containsExactly(0L, 1L);
        assertThat(kafka.history()).hasSize(2);
        assertThat(producer.failure()).isEmpty();
    }

    // ---- the hand-off to the sender thread ----

    @Test
    void onlyTheSenderPlatformThreadCallsKafkaWhateverThreadSendsFlushesAndCloses() throws Exception {
        Thread actor = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 100; i++) {
                producer.send(record(i % 4, "v" + i), SendCallback.NONE);
            }
            producer.flush();
            producer.close();
        });
        actor.join();

        assertThat(kafka.history()).hasSize(100);
        assertThat(kafka.closed()).isTrue();
        assertThat(kafka.callers).singleElement().satisfies(thread -> {
            assertThat(thread.isVirtual()).isFalse();
            assertThat(thread.getName()).isEqualTo("faust4j-kafka-sender-test");
        });
    }

    @Test
    void recordsOfEachSendingThreadReachKafkaInTheOrderTheyWereSent() throws Exception {
        producer.close();
        RecordingKafka autoCompleting = new RecordingKafka(true);
        producer = new KafkaTransportProducer(autoCompleting, "localhost:9092", "ordered", 4 * 1024);
        int threads = 8;
        int perThread = 2_000;
        List<Long> offsetsOfLastSend = new CopyOnWriteArrayList<>();
        List<Thread> actors = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int partition = t;
            actors.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    SendCallback callback = i == perThread - 1 ? (offset, error) -> offsetsOfLastSend.add(offset)
                            : SendCallback.NONE;
                    producer.send(record(partition, Integer.toString(i)), callback);
                }
            }));
        }
        for (Thread actor : actors) {
            actor.join();
        }
        producer.flush();

        assertThat(autoCompleting.history()).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            int partition = t;
            List<String> values = autoCompleting.history().stream().filter(r -> r.partition() == partition)
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
            assertThat(values).as("partition %d", t).hasSize(perThread).isSortedAccordingTo(
                    (a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        }
        assertThat(offsetsOfLastSend).as("callbacks report offsets").hasSize(threads).allMatch(offset -> offset >= 0);
    }

    @Test
    void anActorWaitsForRoomWhileKafkaIsStuckAndGoesOnWhenItMovesAgain() throws Exception {
        producer.close();
        RecordingKafka stuck = new RecordingKafka(true);
        stuck.gate = new CountDownLatch(1);
        int capacity = 1024;  // each record costs 64 bytes of overhead plus its value: about 15 fit
        producer = new KafkaTransportProducer(stuck, "localhost:9092", "stuck", capacity);
        Thread actor = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 100; i++) {
                producer.send(record(Integer.toString(i)), SendCallback.NONE);
            }
        });
        awaitState(actor, Thread.State.WAITING);
        assertThat(actor.isAlive()).as("the actor waits for room").isTrue();

        stuck.gate.countDown();
        actor.join();
        producer.flush();

        assertThat(stuck.history()).hasSize(100);
    }

    @Test
    void aSendAfterCloseIsRefusedAndAFlushAfterCloseReportsTheFailureSoFar() {
        producer.send(record("before"), SendCallback.NONE);
        producer.close();

        assertThat(kafka.history()).as("passed to Kafka before it closed").hasSize(1);
        assertThatThrownBy(() -> producer.send(record("after"), SendCallback.NONE))
                .isInstanceOf(TransportException.class).hasMessageContaining("closed");
        producer.flush();
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (thread.getState() != state && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(thread.getState()).isEqualTo(state);
    }

    /** A {@link MockProducer} that records the threads calling it and can hold sends at a gate. */
    private static final class RecordingKafka extends MockProducer<byte[], byte[]> {
        final Set<Thread> callers = ConcurrentHashMap.newKeySet();
        volatile CountDownLatch gate;

        RecordingKafka(boolean autoComplete) {
            super(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            callers.add(Thread.currentThread());
            CountDownLatch held = gate;
            if (held != null) {
                try {
                    held.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.send(record, callback);
        }

        @Override
        public synchronized void flush() {
            callers.add(Thread.currentThread());
            super.flush();
        }

        @Override
        public void close(Duration timeout) {
            callers.add(Thread.currentThread());
            super.close(timeout);
        }
    }
}
