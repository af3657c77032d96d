package io.faust4j;

import java.util.List;
import java.util.function.Predicate;

/**
 * The dead-letter topics of a running app: what failed, and a way to send it back to be processed again
 * once the cause is fixed. Obtained from {@link Worker#deadLetters()}.
 */
public interface DeadLetters {
    /** The dead letters now held in the app's dead-letter topics that match {@code filter}, oldest first per partition. */
    List<DeadLetter> list(Predicate<DeadLetter> filter);

    /**
     * Sends every matching dead letter back to the topic and partition it was read from, with its original
     * key, value, timestamp and headers, and waits until the broker has stored them. Dead letters stay in
     * their topic (replaying twice sends them twice): narrow the filter, for example by offset, to replay
     * only new ones.
     *
     * @return the number of records sent
     */
    int replay(Predicate<DeadLetter> filter);
}
