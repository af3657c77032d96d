package io.faust4j.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * How far the table recovery of a worker's broker loop has come, for its meters: written by the
 * recovering thread once per batch of changelog records, read by meter registries.
 */
final class RecoveryProgress {
    private final LongAdder replayed = new LongAdder();
    private volatile long remaining;
    private volatile int partitions;

    /** A recovery starts: up to {@code records} records of {@code count} table partitions to replay. */
    void started(long records, int count) {
        remaining = records;
        partitions = count;
    }

    /** A batch of {@code records} was replayed; {@code left} partitions are still to be caught up. */
    void applied(long records, int left) {
        replayed.add(records);
        remaining = Math.max(0, remaining - records);
        partitions = left;
    }

    /** The recovery ended (done, failed or cancelled). */
    void ended() {
        remaining = 0;
        partitions = 0;
    }

    /** Changelog records replayed into tables by every recovery so far, the running one included. */
    long replayed() {
        return replayed.sum();
    }

    /** Records the running recovery still has to replay at most (0 when none runs). */
    long remaining() {
        return remaining;
    }

    /** Table partitions the running recovery still has to catch up (0 when none runs). */
    int partitions() {
        return partitions;
    }
}
