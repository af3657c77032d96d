package io.faust4j.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes to one {@link PartitionStore}, applied in order and together with the changelog offset they bring
 * the partition to: puts, deletes and range deletes.
 */
public final class WriteBatch {
    /** What one write of a batch does. */
    public enum Kind {
        /** Sets a key's value. */
        PUT,
        /** Removes a key. */
        DELETE,
        /** Removes every key of a {@link KeyRange}. */
        DELETE_RANGE
    }

    private final List<Kind> kinds = new ArrayList<>();
    private final List<byte[]> keys = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();
    private long changelogOffset = -1;

    /** Adds a put; a {@code null} value deletes the key. */
    public WriteBatch put(byte[] key, byte[] value) {
        kinds.add(value == null ? Kind.DELETE : Kind.PUT);
        keys.add(key);
        values.add(value);
        return this;
    }

    /** Adds the removal of every key in {@code range}. */
    public WriteBatch delete(KeyRange range) {
        kinds.add(Kind.DELETE_RANGE);
        keys.add(range.from());
        values.add(range);
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

    /** What write {@code i} does. */
    public Kind kind(int i) {
        return kinds.get(i);
    }

    /** The key of write {@code i} (for a range delete, the range's start). */
    public byte[] key(int i) {
        return keys.get(i);
    }

    /** The value of write {@code i}: {@code null} for a delete or a range delete. */
    public byte[] value(int i) {
        return values.get(i) instanceof byte[] bytes ? bytes : null;
    }

    /** The range of write {@code i}, which must be a {@link Kind#DELETE_RANGE}. */
    public KeyRange range(int i) {
        if (!(values.get(i) instanceof KeyRange range)) {
            throw new IllegalStateException("write " + i + " is a " + kinds.get(i) + ", not a range delete");
        }
        return range;
    }

    /** Removes all writes so the batch can be reused. */
    public void clear() {
        kinds.clear();
        keys.clear();
        values.clear();
        changelogOffset = -1;
    }
}
