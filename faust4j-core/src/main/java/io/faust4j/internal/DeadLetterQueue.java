package io.faust4j.internal;

import io.faust4j.DeadLetter;
import io.faust4j.DeadLetters;
import io.faust4j.Faust4jException;
import io.faust4j.spi.ConsumedBatch;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.SendCallback;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportConsumer;
import io.faust4j.spi.TransportProducer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads an app's dead-letter topics from start to end with a reader of its own, and replays dead letters
 * to the topic and partition they were read from through a plain (non-transactional) producer.
 */
final class DeadLetterQueue implements DeadLetters {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long READ_TIMEOUT_NANOS = 60_000_000_000L;

    private final Transport transport;
    private final String clientId;
    private final List<String> topics;

    DeadLetterQueue(Transport transport, String clientId, Collection<String> topics) {
        this.transport = transport;
        this.clientId = clientId;
        this.topics = List.copyOf(topics);
    }

    @Override
    public List<DeadLetter> list(Predicate<DeadLetter> filter) {
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumedRecord record : readAll()) {
            DeadLetter letter = DeadLetterHeaders.read(record);
            if (filter.test(letter)) {
                letters.add(letter);
            }
        }
        return letters;
    }

    @Override
    public int replay(Predicate<DeadLetter> filter) {
        List<DeadLetter> letters = list(filter);
        if (letters.isEmpty()) {
            return 0;
        }
        try (TransportProducer producer = transport.createProducer(clientId + "-dlq-replay")) {
            for (DeadLetter letter : letters) {
                if (letter.topic().isEmpty() || letter.partition() < 0) {
                    throw new Faust4jException("Dead letter at " + letter.deadLetterTopic() + " offset "
                            + letter.deadLetterOffset() + " has no source headers: it was not written by faust4j");
                }
                producer.send(new OutgoingRecord(letter.topic(), letter.partition(), letter.key(), letter.value(),
                        letter.timestamp(), letter.headers()), SendCallback.NONE);
            }
            producer.flush();
        }
        return letters.size();
    }

    private List<ConsumedRecord> readAll() {
        Map<String, Integer> counts = transport.describeTopics(topics);
        List<TopicPartition> partitions = new ArrayList<>();
        counts.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        });
        if (partitions.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, Long> ends = new HashMap<>(transport.endOffsets(partitions));
        List<ConsumedRecord> records = new ArrayList<>();
        try (TransportConsumer reader = transport.createReader(clientId + "-dlq-reader")) {
            reader.assign(partitions);
            for (TopicPartition tp : partitions) {
                reader.seek(tp, reader.beginningOffset(tp));
            }
            ends.entrySet().removeIf(e -> reader.position(e.getKey()) >= e.getValue());
            long deadline = System.nanoTime() + READ_TIMEOUT_NANOS;
            while (!ends.isEmpty()) {
                for (ConsumedBatch batch : reader.poll(POLL)) {
                    Long end = ends.get(batch.partition());
                    for (ConsumedRecord record : batch.records()) {
                        if (end != null && record.offset() < end) {
                            records.add(record);
                        }
                    }
                }
                ends.entrySet().removeIf(e -> reader.position(e.getKey()) >= e.getValue());
                if (System.nanoTime() > deadline) {
                    throw new Faust4jException("Reading dead-letter topics " + topics + " did not reach their end within"
                            + " 60 s: is the broker reachable?");
                }
            }
        }
        return records;
    }
}
