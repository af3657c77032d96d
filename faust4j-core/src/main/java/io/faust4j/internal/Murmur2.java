package io.faust4j.internal;

/**
 * Kafka's default key partitioning: the 32-bit MurmurHash2 of the key bytes (seed {@code 0x9747b28c}),
 * so records with the same key land in the same partition whether faust4j or a Kafka client sends them.
 */
public final class Murmur2 {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private Murmur2() {
    }

    /** The MurmurHash2 of {@code data}, equal to Kafka's {@code Utils.murmur2}. */
    public static int hash(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int blocks = length & ~3;
        for (int i = 0; i < blocks; i += 4) {
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | data[i + 3] << 24;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        int tail = length & 3;
        if (tail == 3) {
            h ^= (data[blocks + 2] & 0xff) << 16;
        }
        if (tail >= 2) {
            h ^= (data[blocks + 1] & 0xff) << 8;
        }
        if (tail >= 1) {
            h ^= data[blocks] & 0xff;
            h *= M;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }

    /**
     * The partition of a key among {@code numPartitions}, as Kafka's default partitioner picks it.
     *
     * @throws IllegalArgumentException when {@code numPartitions} is below 1
     */
    public static int partition(byte[] keyBytes, int numPartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("numPartitions is " + numPartitions + "; expected at least 1");
        }
        return (hash(keyBytes) & 0x7fffffff) % numPartitions;
    }
}
