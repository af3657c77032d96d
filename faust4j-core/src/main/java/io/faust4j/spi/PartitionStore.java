package io.faust4j.spi;

import java.util.function.BiConsumer;

/**
 * One partition of a table's local state: raw key and value bytes, plus the offset of the last
 * changelog record the data includes, written atomically with it.
 *
 * <p>Only the partition's owner (one actor, or recovery before the actor starts) writes; other
 * threads may read.
 */
public interface PartitionStore {
    /** The value bytes stored for {@code key}, or {@code null} when there is none. */
    byte[] get(byte[] key);

    /** Applies a batch of writes and records {@code changelogOffset} with them, atomically. */
    void apply(WriteBatch batch);

    /** The changelog offset stored by the last {@link #apply}, or -1 when none was. */
    long changelogOffset();

    /** Visits every entry, in unsigned byte order of the keys. */
    void forEach(BiConsumer<byte[], byte[]> visitor);

    /** The number of entries (exact for the memory store, estimated where counting is costly). */
    long size();
}
