package io.faust4j.internal.memory;

import io.faust4j.Header;
import io.faust4j.spi.ConsumedRecord;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One partition of an in-memory topic: an append-only log of records in chunks. Appends take a lock;
 * reads take none (a record is published by the volatile write of the log size after it is stored).
 * Records are stored as the {@link ConsumedRecord}s consumers receive, so reading copies nothing.
 */
final class MemoryLog {
    private static final int CHUNK_BITS = 12;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;

    private final String topic;
    private final int partition;
    private final ReentrantLock appendLock = new ReentrantLock();
    private volatile ConsumedRecord[][] chunks = new ConsumedRecord[4][];
    private volatile long size;
    private volatile long start;

    MemoryLog(String topic, int partition) {
        this.topic = topic;
        this.partition = partition;
    }

    /** Appends and returns the record's offset. */
    long append(byte[] key, byte[] value, long timestamp, List<Header> headers) {
        appendLock.lock();
        try {
            long offset = size;
            int chunk = (int) (offset >>> CHUNK_BITS);
            ConsumedRecord[][] current = chunks;
            if (chunk >= current.length) {
                current = Arrays.copyOf(current, current.length * 2);
            }
            if (current[chunk] == null) {
                current[chunk] = new ConsumedRecord[CHUNK_SIZE];
            }
            current[chunk][(int) (offset & CHUNK_MASK)] =
                    new ConsumedRecord(topic, partition, offset, timestamp, key, value, headers);
            chunks = current;
            size = offset + 1;
            return offset;
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Forgets the records below {@code offset} (whole chunks only, so some may stay readable); reads
     * from below the new start begin at the start, as a Kafka consumer reset to the log start would.
     */
    void deleteBefore(long offset) {
        appendLock.lock();
        try {
            long limit = Math.min(offset, size) & ~CHUNK_MASK;
            long from = start;
            if (limit <= from) {
                return;
            }
            start = limit; // first, so a reader that finds a dropped chunk sees the new start
            ConsumedRecord[][] current = chunks;
            for (long at = from; at < limit; at += CHUNK_SIZE) {
                current[(int) (at >>> CHUNK_BITS)] = null;
            }
        } finally {
            appendLock.unlock();
        }
    }

    /** The offset of the oldest record still held. */
    long startOffset() {
        return start;
    }

    /** The offset the next append gets. */
    long endOffset() {
        return size;
    }

    /**
     * Up to {@code max} records from {@code from}, never crossing a chunk boundary, as a view that
     * copies nothing; empty when {@code from} is at the end.
     */
    List<ConsumedRecord> read(long from, int max) {
        long end = size;
        ConsumedRecord[] chunk;
        do {
            from = Math.max(from, start);
            if (from >= end || max <= 0) {
                return List.of();
            }
            chunk = chunks[(int) (from >>> CHUNK_BITS)];
        } while (chunk == null); // dropped by deleteBefore meanwhile: start has moved past it
        int first = (int) (from & CHUNK_MASK);
        int count = (int) Math.min(Math.min(end - from, max), CHUNK_SIZE - first);
        return new Slice(chunk, first, count);
    }

    /** A read-only window of one chunk. */
    private static final class Slice extends AbstractList<ConsumedRecord> implements RandomAccess {
        private final ConsumedRecord[] records;
        private final int start;
        private final int count;

        Slice(ConsumedRecord[] records, int start, int count) {
            this.records = records;
            this.start = start;
            this.count = count;
        }

        @Override
        public ConsumedRecord get(int index) {
            if (index < 0 || index >= count) {
                throw new IndexOutOfBoundsException(index);
            }
            return records[start + index];
        }

        @Override
        public int size() {
            return count;
        }
    }
}
