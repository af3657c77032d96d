package io.faust4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.App;
import io.faust4j.Event;
import io.faust4j.ProcessingGuarantee;
import io.faust4j.Stream;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.spi.TopicPartition;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code stream.noAck()} and {@code stream.ack(event)}: the loop decides when an event is finished. */
class ManualAckTest {
    private final String broker = "acks-" + UUID.randomUUID();
    private final MemoryBroker memory = MemoryBroker.named(broker);
    private final TopicPartition tp = new TopicPartition("numbers", 0);

    @AfterEach
    void discardBroker() {
        MemoryBroker.discard(broker);
    }

    private long committedAfterCommits(Worker worker, String group) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            worker.commit();
            Thread.sleep(10);
        }
        return memory.committed(group, tp).orElse(0);
    }

    @Test
    void neverCommitsPastAnUnackedEventAndAcksFromOtherThreadsCount() throws Exception {
        App app = App.create("acks", s -> s.broker("memory://" + broker).topicPartitions(1)
                .commitInterval(Duration.ofMillis(10)));
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        Topic<String, Integer> out = app.topic("out", Integer.class);
        List<Event<String, Integer>> held = new CopyOnWriteArrayList<>();
        List<Stream<String, Integer>> streams = new CopyOnWriteArrayList<>();
        app.agent("async", numbers, stream -> {
            streams.add(stream);
            for (Event<String, Integer> event : stream.noAck().events()) {
                out.send("k", event.value()); // goes out when the loop moves on
                if (event.value() == 3 || event.value() == 6) {
                    held.add(event); // acked later, by another thread
                } else {
                    stream.ack(event);
                }
            }
        });
        try (Worker worker = app.start()) {
            for (int i = 0; i < 10; i++) {
                numbers.send("k", i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (held.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(held).hasSize(2);
            assertThat(committedAfterCommits(worker, "acks")).as("event 3 is not acked").isEqualTo(3);
            Stream<String, Integer> stream = streams.get(0);
            CompletableFuture.runAsync(() -> stream.ack(held.get(0))).get(5, TimeUnit.SECONDS);
            assertThat(committedAfterCommits(worker, "acks")).as("event 6 is not acked").isEqualTo(6);
            CompletableFuture.runAsync(() -> stream.ack(held.get(1))).get(5, TimeUnit.SECONDS);
            assertThat(committedAfterCommits(worker, "acks")).isEqualTo(10);
            assertThatThrownBy(() -> stream.ack(held.get(1))).hasMessageContaining("acked already");
            assertThat(memory.read(new TopicPartition("out", 0), 0)).hasSize(10);
        }
    }

    @Test
    void noAckIsRefusedUnderExactlyOnce() throws Exception {
        App app = App.create("acks-eos", s -> s.broker("memory://" + broker).topicPartitions(1)
                .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE));
        Topic<String, Integer> numbers = app.topic("numbers", Integer.class);
        CompletableFuture<String> error = new CompletableFuture<>();
        app.agent("async", numbers, stream -> {
            try {
                stream.noAck();
                error.complete("no error");
            } catch (IllegalStateException e) {
                error.complete(e.getMessage());
            }
            for (int n : stream) {
                // drain
            }
        });
        try (Worker worker = app.start()) {
            assertThat(error.get(5, TimeUnit.SECONDS)).contains("noAck() is not available under"
                    + " processing_guarantee=exactly_once");
        }
    }
}
