package io.faust4j.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Picks partitions exactly as Kafka's default partitioner does for keyed records. */
final class Partitioner {
    private Partitioner() {
    }

    /** The partition of a key: murmur2 of its bytes, made positive, modulo the partition count. */
    static int forKey(byte[] keyBytes, int partitions) {
        return Murmur2.partition(keyBytes, partitions);
    }

    /** A partition for a record without a key. */
    static int forNoKey(int partitions) {
        return ThreadLocalRandom.current().nextInt(partitions);
    }
}
