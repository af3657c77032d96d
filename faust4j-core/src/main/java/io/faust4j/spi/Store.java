package io.faust4j.spi;

/**
 * The local state of one table, split in one {@link PartitionStore} per partition so each partition
 * can be recovered, handed over and dropped on its own.
 */
public interface Store extends AutoCloseable {
    /** The store of one partition, opened on first use (with what a durable store kept from before). */
    PartitionStore partition(int partition);

    /**
     * Lets go of a partition (it moved to another worker, or its unfinished changes were dropped): a durable
     * store closes it and keeps what is on disk, which is consistent with its changelog offset, so a later
     * {@link #partition} replays only the changelog's tail; the memory store forgets it.
     */
    void drop(int partition);

    /** Deletes a partition's local state, durable or not, so it is rebuilt from its changelog's start. */
    void wipe(int partition);

    @Override
    void close();
}
