package io.faust4j.spi;

/**
 * Appends records to topics for one worker; safe to call from many threads at once.
 *
 * <p>Sends may complete asynchronously; {@link #flush()} waits for every send issued before it and
 * throws if any of them failed, which is how the committer knows outputs and changelogs are durable
 * before it commits the offsets that cover them.
 */
public interface TransportProducer extends AutoCloseable {
    /** Appends a record to the partition it names; completion is reported to {@code callback}. */
    void send(OutgoingRecord record, SendCallback callback);

    /**
     * Blocks until every record sent so far is stored; throws {@link io.faust4j.TransportException} if any
     * send failed. A failure is sticky: once a send failed, every later flush throws, so no offset that
     * covers a lost record can ever be committed.
     */
    void flush();

    /** The first send failure, if any: a sticky error that makes every {@link #flush()} throw. */
    default java.util.Optional<Exception> failure() {
        return java.util.Optional.empty();
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

    /** Aborts the open transaction: nothing sent in it becomes visible to {@code read_committed} readers. */
    default void abortTransaction() {
        throw new UnsupportedOperationException("This producer is not transactional");
    }

    @Override
    void close();
}
