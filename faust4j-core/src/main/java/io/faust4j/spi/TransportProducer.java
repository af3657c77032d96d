package io.faust4j.spi;

import java.util.Optional;

/**
 * Appends records to topics for one worker; safe to call from many threads at once.
 *
 * <p>Sends may complete asynchronously; {@link #flush()} waits for every send issued before it and
 * throws if any of them failed, which is how the committer knows outputs and changelogs are durable
 * before it commits the offsets that cover them.
 *
 * <p>A failure is sticky: once a record that {@link #send} accepted has failed, every later
 * {@link #flush()} throws, however many sends succeed afterwards, until the producer is closed. So a
 * second flush (on the way to a final commit while stopping, say) cannot let offsets that cover a lost
 * record be committed. A {@code send} that throws did not accept its record; the caller has the error.
 */
public interface TransportProducer extends AutoCloseable {
    /** Appends a record to the partition it names; completion is reported to {@code callback}. */
    void send(OutgoingRecord record, SendCallback callback);

    /**
     * Blocks until every record sent so far is stored.
     *
     * @throws io.faust4j.TransportException if any record this producer accepted has failed, now or before
     */
    void flush();

    /**
     * The first failure of a record this producer accepted, which makes every {@link #flush()} throw;
     * empty while none has failed. Lets a caller notice a failed producer without flushing. The default
     * suits producers whose sends fail only by throwing from {@link #send}.
     */
    default Optional<Exception> failure() {
        return Optional.empty();
    }

    /** Whether this producer writes in transactions (exactly-once); then the engine brackets its sends. */
    default boolean transactional() {
        return false;
    }

    /** Starts a transaction: every send until the next commit or abort belongs to it. */
    default void beginTransaction() {
        throw new UnsupportedOperationException("This producer is not transactional");
    }

    /**
     * Commits the open transaction together with the consumed offsets of {@code group} (a group consumer's
     * {@link TransportConsumer#groupMetadata()}): the records sent in it and the offsets become visible
     * together, or not at all.
     *
     * @throws io.faust4j.TransportException when the commit failed; the transaction is then aborted or
     *     the producer fenced, and the engine replays from the last committed offsets
     */
    default void commitTransaction(java.util.Map<TopicPartition, Long> offsets, Object group) {
        throw new UnsupportedOperationException("This producer is not transactional");
    }

    /**
     * Aborts the open transaction: nothing sent in it becomes visible to {@code read_committed} readers. A
     * send failure inside it is discarded with it: for a transactional producer, failures are sticky until
     * the transaction that holds them ends, never past a commit.
     */
    default void abortTransaction() {
        throw new UnsupportedOperationException("This producer is not transactional");
    }

    @Override
    void close();
}
