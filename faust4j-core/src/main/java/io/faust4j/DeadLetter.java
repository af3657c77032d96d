package io.faust4j;

import java.util.List;
import java.util.function.Predicate;

/**
 * A record an agent could not process, as kept in its dead-letter topic: the original key and value
 * bytes unchanged, where they were read, and why they failed.
 *
 * @param topic the topic the failing agent read the record from (after a {@code groupBy}, its repartition topic)
 * @param partition the partition it was read from
 * @param offset its offset there
 * @param timestamp its timestamp, milliseconds since the epoch
 * @param key the key bytes, or {@code null} for none
 * @param value the value bytes, or {@code null} for a tombstone
 * @param headers the record's own headers (without the dead-letter headers)
 * @param agent the name of the agent that failed
 * @param exception the class name of the exception
 * @param message the exception's message
 * @param stackTrace the first lines of the stack trace
 * @param attempts how many times the agent tried the record
 * @param deadLetterTopic the dead-letter topic that holds it
 * @param deadLetterOffset its offset in the dead-letter topic (its partition is {@code partition})
 */
public record DeadLetter(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                         List<Header> headers, String agent, String exception, String message, String stackTrace,
                         int attempts, String deadLetterTopic, long deadLetterOffset) {
    /** Header names faust4j adds to a dead letter; the record's own headers follow them. */
    public static final String HEADER_PREFIX = "faust4j.dlq.";

    public DeadLetter {
        headers = List.copyOf(headers);
    }

    /** Matches the dead letters of one agent. */
    public static Predicate<DeadLetter> ofAgent(String agent) {
        return letter -> letter.agent().equals(agent);
    }

    /** Matches the dead letters whose exception is {@code type} (by class name, subclasses not included). */
    public static Predicate<DeadLetter> ofException(Class<? extends Throwable> type) {
        return letter -> letter.exception().equals(type.getName());
    }

    /** Matches every dead letter. */
    public static Predicate<DeadLetter> all() {
        return letter -> true;
    }
}
