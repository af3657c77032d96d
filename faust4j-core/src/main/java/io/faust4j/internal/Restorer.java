package io.faust4j.internal;

import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.Transport;
import java.util.List;

/**
 * Replays the changelogs of a poll loop's newly assigned partitions on a thread of its own, while the
 * loop keeps polling (and heartbeating) with those partitions paused; it wakes the loop when it is done.
 */
final class Restorer {
    private final Recovery.Plan plan;
    private final List<TopicPartition> partitions;
    private final Transport transport;
    private final String clientId;
    private final Runnable wakeLoop;
    private final RecoveryProgress progress;
    private final Thread thread;
    private volatile boolean cancelled;
    private volatile boolean done;
    private volatile Throwable error;
    private volatile long applied;
    private volatile long nanos;

    Restorer(Recovery.Plan plan, List<TopicPartition> partitions, String loopName, Transport transport,
             String clientId, Runnable wakeLoop, RecoveryProgress progress) {
        this.progress = progress;
        this.plan = plan;
        this.partitions = partitions;
        this.transport = transport;
        this.clientId = clientId;
        this.wakeLoop = wakeLoop;
        this.thread = Threads.platform("faust4j-recovery-" + loopName, this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long started = System.nanoTime();
        try {
            applied = Recovery.recover(transport, clientId, plan, () -> cancelled, progress);
            nanos = System.nanoTime() - started;
        } catch (Throwable e) {
            error = e;
        } finally {
            done = true;
            wakeLoop.run();
        }
    }

    /** The partitions whose actors start once their tables are recovered. */
    List<TopicPartition> partitions() {
        return partitions;
    }

    boolean done() {
        return done;
    }

    /** Why the recovery failed, or null. */
    Throwable error() {
        return error;
    }

    /** Changelog records replayed. */
    long applied() {
        return applied;
    }

    /** How long the recovery took. */
    long nanos() {
        return nanos;
    }

    /** Stops the recovery and waits for its thread: each shard keeps what it applied, with its offset. */
    void cancel() {
        cancelled = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
