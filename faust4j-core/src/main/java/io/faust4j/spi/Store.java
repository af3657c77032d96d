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

    /**
     * The changelog offset of the last record included in a partition's local state, whether the partition
     * is open or only on disk (kept from an earlier run, or from before it moved away): what the worker tells
     * its group so partitions go back to where their state is. -1 when there is none; the memory store keeps
     * nothing it has not opened, so it answers -1 for those.
     */
    default long storedOffset(int partition) {
        return -1;
    }

    @Override
    void close();
}
