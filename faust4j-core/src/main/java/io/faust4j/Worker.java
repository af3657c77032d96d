package io.faust4j;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
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

    /** Whether the worker is running. */
    boolean isRunning();

    /**
     * Whether the worker has started: its first assignment is recovered and it processes (false while it
     * starts and once it stops). Partitions it gets at later rebalances recover while it stays ready.
     */
    boolean isReady();

    /**
     * Whether this worker leads its group, so runs the app's on-leader work: after each rebalance exactly one
     * worker of the group does, and the leader stays while it stays in the group. A worker that consumes no
     * broker topics is its own group and leads it.
     */
    boolean isLeader();

    /**
     * Where the active copy of each partition of {@code topic} (a consumed topic or a table's changelog topic)
     * runs: the URL its worker advertises (see {@link io.faust4j.spi.WorkerExtension}), as of the last
     * rebalance. Partitions whose worker advertises no URL, or that are being handed over, are absent.
     */
    Map<Integer, URI> owners(String topic);

    /** Stops warmly: actors finish their current event, offsets are committed, clients are closed. */
    void stop();

    /** Same as {@link #stop()}. */
    @Override
    default void close() {
        stop();
    }
}
