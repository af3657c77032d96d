package io.faust4j.spi;

/**
 * The local state of one table, split in one {@link PartitionStore} per partition so each partition
 * can be recovered, handed over and dropped on its own.
 */
public interface Store extends AutoCloseable {
    /** The store of one partition, opened on first use. */
    PartitionStore partition(int partition);

    /** Forgets a partition's local state (after the partition moved to another worker). */
    void drop(int partition);

    @Override
    void close();
}
