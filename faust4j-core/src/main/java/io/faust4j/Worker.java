package io.faust4j;

import java.time.Duration;
import java.util.Set;

/**
 * A running instance of an app: one consumer, one producer, an actor per assigned partition and
 * agent, and the table shards of its partitions. Closing it stops it warmly.
 */
public interface Worker extends AutoCloseable {
    /** The app this worker runs. */
    App app();

    /** The settings it runs with. */
    Settings settings();

    /** The partition numbers currently assigned to this worker. */
    Set<Integer> assignedPartitions();

    /**
     * Commits now: every actor checkpoints (table changes to the changelog), sends are flushed, then the
     * offsets of finished events are committed.
     */
    void commit();

    /**
     * Waits until every assigned partition is processed to its end and every actor waits for more (or, on
     * a {@link io.faust4j.spi.SteppedClock}, waits for the clock to reach the end of a {@code take} window);
     * returns false if that did not happen within {@code timeout}.
     */
    boolean awaitIdle(Duration timeout);

    /** The app's dead-letter topics: list what failed, and replay it. */
    DeadLetters deadLetters();

    /** Counters of what this worker has done so far. */
    WorkerStats stats();

    /**
     * This worker's meter registry, a composite holding faust4j's meters (docs/metrics.md lists them). Add
     * a registry to publish them: {@code worker.meterRegistry().add(new PrometheusMeterRegistry(...))}; a
     * registry added later still receives every meter registered before. It exists from the worker's
     * creation on.
     */
    io.micrometer.core.instrument.composite.CompositeMeterRegistry meterRegistry();

    /** Whether this worker is its group's leader: exactly one worker of a group is after each assignment
     *  (on memory:// with one worker: that worker). Changes only at rebalances. */
    boolean isLeader();

    /** Whether the worker has recovered its tables and processes (false while starting and after stop). */
    boolean isReady();

    /** For each partition of a source topic or table changelog topic, the advertised URL of the worker with the active
     *  copy (partitions whose owner advertises no URL are absent); updated at each rebalance. */
    java.util.Map<Integer, java.net.URI> owners(String topic);

    /** Whether the worker is running. */
    boolean isRunning();

    /** Stops warmly: actors finish their current event, offsets are committed, clients are closed. */
    void stop();

    /** Same as {@link #stop()}. */
    @Override
    default void close() {
        stop();
    }
}
