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

    /** Blocks until every record sent so far is stored; throws {@link io.faust4j.TransportException} if any failed. */
    void flush();

    @Override
    void close();
}
