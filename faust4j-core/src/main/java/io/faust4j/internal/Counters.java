package io.faust4j.internal;

import io.faust4j.WorkerStats;
import java.util.concurrent.atomic.LongAdder;

/** A worker's counters, added to from many threads and read as one {@link WorkerStats} snapshot. */
final class Counters {
    final LongAdder decodeErrors = new LongAdder();
    final LongAdder agentErrors = new LongAdder();
    final LongAdder commits = new LongAdder();
    final LongAdder changelogRecords = new LongAdder();
    final LongAdder recovered = new LongAdder();
    final LongAdder recoveryNanos = new LongAdder();
    final LongAdder retiredProcessed = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder deadLetters = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder restarts = new LongAdder();
    final LongAdder tombstones = new LongAdder();
    final LongAdder aborts = new LongAdder();

    WorkerStats snapshot(long processed) {
        return new WorkerStats(processed, decodeErrors.sum(), agentErrors.sum(), commits.sum(), changelogRecords.sum(),
                recovered.sum(), recoveryNanos.sum() / 1_000_000, retries.sum(), deadLetters.sum(), skipped.sum(), restarts.sum(), tombstones.sum(),
                aborts.sum());
    }
}
