package io.faust4j.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes to one {@link PartitionStore} applied together with the changelog offset they bring the
 * partition to.
 */
public final class WriteBatch {
    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private long changelogOffset = -1;

    /** Adds a put; a {@code null} value deletes the key. */
    public WriteBatch put(byte[] key, byte[] value) {
        keys.add(key);
        values.add(value);
        return this;
    }

    /** Sets the changelog offset the partition reaches once this batch is applied. */
    public WriteBatch changelogOffset(long offset) {
        this.changelogOffset = offset;
        return this;
    }

    /** The changelog offset recorded with the batch, or -1 for none. */
    public long changelogOffset() {
        return changelogOffset;
    }

    /** The number of writes. */
    public int size() {
        return keys.size();
    }

    /** The key of write {@code i}. */
    public byte[] key(int i) {
        return keys.get(i);
    }

    /** The value of write {@code i}, or {@code null} for a delete. */
    public byte[] value(int i) {
        return values.get(i);
    }

    /** Removes all writes so the batch can be reused. */
    public void clear() {
        keys.clear();
        values.clear();
        changelogOffset = -1;
    }
}
