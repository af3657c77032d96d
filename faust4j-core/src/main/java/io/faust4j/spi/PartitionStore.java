package io.faust4j.spi;

import java.util.function.BiConsumer;

/**
 * One partition of a table's local state: raw key and value bytes, plus the offset of the last
 * changelog record the data includes, written atomically with it.
 *
 * <p>The engine applies a batch only once the changelog records it holds are acknowledged by the
 * broker (under exactly-once: once their transaction has committed), so a store never holds a change
 * its changelog may lack; after a restart the partition replays only the changelog records after
 * {@link #changelogOffset()}.
 *
 * <p>One thread at a time writes (the engine serializes writes of a partition); any thread may read.
 */
public interface PartitionStore {
    /** The value bytes stored for {@code key}, or {@code null} when there is none. */
    byte[] get(byte[] key);

    /** Applies a batch of writes, in order, and records its changelog offset with them, atomically. */
    void apply(WriteBatch batch);

    /** The changelog offset stored by the last {@link #apply} that had one, or -1 when none was. */
    long changelogOffset();

    /**
     * Visits the entries of {@code range} in unsigned byte order of their keys. The visitor must not
     * write to this store.
     */
    void scan(KeyRange range, BiConsumer<byte[], byte[]> visitor);

    /** Visits every entry, in unsigned byte order of the keys. */
    default void forEach(BiConsumer<byte[], byte[]> visitor) {
        scan(KeyRange.all(), visitor);
    }

    /** The number of entries (exact for the memory store, estimated where counting is costly). */
    long size();
}
