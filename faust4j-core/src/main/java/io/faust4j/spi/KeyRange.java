package io.faust4j.spi;

import java.util.Arrays;

/**
 * A range of store keys in unsigned byte order: from {@code from} (inclusive) to {@code to} (exclusive),
 * where a {@code null} {@code to} means "to the last key". Windowed tables lay out one key's windows
 * under a common prefix, so they read and expire them as ranges.
 *
 * @param from the first key of the range (inclusive); an empty array is the very first key
 * @param to the end of the range (exclusive), or {@code null} for no end
 */
public record KeyRange(byte[] from, byte[] to) {
    private static final byte[] EMPTY = new byte[0];

    /** Checks the bounds. */
    public KeyRange {
        if (from == null) {
            throw new IllegalArgumentException("a key range needs a start key (an empty array for the first key)");
        }
        if (to != null && Arrays.compareUnsigned(from, to) > 0) {
            throw new IllegalArgumentException("a key range must not end before it starts");
        }
    }

    /** Every key. */
    public static KeyRange all() {
        return new KeyRange(EMPTY, null);
    }

    /** The keys from {@code from} (inclusive) to {@code to} (exclusive). */
    public static KeyRange of(byte[] from, byte[] to) {
        return new KeyRange(from, to);
    }

    /** Every key that starts with {@code prefix}. */
    public static KeyRange prefix(byte[] prefix) {
        return new KeyRange(prefix.clone(), successor(prefix));
    }

    /** Whether the range holds {@code key}. */
    public boolean contains(byte[] key) {
        return Arrays.compareUnsigned(key, from) >= 0 && (to == null || Arrays.compareUnsigned(key, to) < 0);
    }

    /**
     * The smallest key greater than every key starting with {@code prefix}: the prefix with its last byte
     * below 0xFF incremented and what follows dropped; {@code null} when every byte is 0xFF (no such key).
     */
    static byte[] successor(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyRange r && Arrays.equals(from, r.from) && Arrays.equals(to, r.to);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(from) + Arrays.hashCode(to);
    }

    @Override
    public String toString() {
        return "KeyRange[" + Arrays.toString(from) + ", " + (to == null ? "end" : Arrays.toString(to)) + ")";
    }
}
