package io.faust4j.internal;

import io.faust4j.Settings;
import io.faust4j.spi.TransportProducer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * A worker's meters (docs/metrics.md lists them), registered in its {@link CompositeMeterRegistry}.
 *
 * <p>Nothing here costs the hot path a clock read or a shared write per event: events and table
 * operations are counted in plain fields of each actor (read by function counters when a registry
 * publishes), records received per batch, sends with a {@link LongAdder} ({@link MeteredProducer}); the
 * processing time of one event in {@value #SAMPLE_EVERY} is timed. With {@code metrics_enabled=false} no
 * meter is registered, sends are not wrapped and no event is timed.
 */
final class WorkerMetrics {
    /** One event in this many is timed (a power of two). */
    static final int SAMPLE_EVERY = 64;
    static final int SAMPLE_MASK = SAMPLE_EVERY - 1;
    /** Table operations, as indexes into an actor's counts: {@code table index * OPS + op}. */
    static final int GETS = 0;
    static final int PUTS = 1;
    static final int DELETES = 2;
    static final int OPS = 3;

    private final WorkerImpl worker;
    private final CompositeMeterRegistry registry;
    private final boolean enabled;
    private final List<MeterRegistry> created;
    private final MeteredProducer.Meters sendMeters;
    private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, TimeTotals> eventTimers = new ConcurrentHashMap<>();
    private final RecoveryProgress recovery = new RecoveryProgress();
    private final PartitionMeters partitions;
    private LongAdder[] outsideGets = new LongAdder[0];
    // counts of actors that are gone (guarded by this), and the last value each counter reported
    private final Map<String, Long> retiredEvents = new HashMap<>();
    private long[] retiredTableOps = new long[0];
    private final Map<String, Long> reported = new HashMap<>();
    private TimeTotals commitLatency;
    private TimeTotals recoveryDuration;

    /**
     * Adds the registries chosen by the settings ({@code metrics_registries}, and any passed to the
     * settings builder in code) to the worker's composite.
     */
    WorkerMetrics(WorkerImpl worker, Settings settings, CompositeMeterRegistry registry) {
        this.worker = worker;
        this.registry = registry;
        this.enabled = settings.get(Settings.METRICS_ENABLED);
        this.created = enabled ? Plugins.openMeterRegistries(settings) : List.of();
        if (enabled) {
            registry.config().commonTags("app", settings.effectiveId());
            created.forEach(registry::add);
            settings.meterRegistries().forEach(registry::add);
        }
        this.sendMeters = new MeteredProducer.Meters(registry);
        this.partitions = new PartitionMeters(registry, enabled);
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * Registers the worker's meters once its agents and tables are known.
     *
     * @param agents the names of the agents the worker runs (internal forwarders included)
     * @param tables the names of the tables, by table index
     */
    void bind(List<String> agents, List<String> tables, Counters counters) {
        LongAdder[] gets = new LongAdder[tables.size()];
        for (int i = 0; i < gets.length; i++) {
            gets[i] = new LongAdder();
        }
        synchronized (this) {
            outsideGets = gets;
            retiredTableOps = new long[tables.size() * OPS];
        }
        if (!enabled) {
            return;
        }
        for (String agent : agents) {
            counter("faust4j.events", Tags.of("agent", agent), "Events handed to the agent",
                    m -> m.events(agent));
            eventTimers.put(agent, TimeTotals.register(registry, "faust4j.event.processing", Tags.of("agent", agent),
                    "From an event handed to the agent until it is finished, one event in " + SAMPLE_EVERY));
        }
        for (int t = 0; t < tables.size(); t++) {
            int index = t;
            Tags tag = Tags.of("table", tables.get(t));
            counter("faust4j.table.gets", tag, "Key reads (get, find, containsKey, and the read of update and merge)",
                    m -> m.tableOps(index, GETS));
            counter("faust4j.table.puts", tag, "Key writes (put, update, merge)", m -> m.tableOps(index, PUTS));
            counter("faust4j.table.deletes", tag, "Key deletes (remove)", m -> m.tableOps(index, DELETES));
        }
        counter("faust4j.errors", Tags.of("kind", "decode"), "Records that could not be decoded",
                m -> counters.decodeErrors.sum());
        counter("faust4j.errors", Tags.of("kind", "agent"), "Exceptions thrown by agent loops",
                m -> counters.agentErrors.sum());
        counter("faust4j.retries", Tags.empty(), "Failed events tried again", m -> counters.retries.sum());
        counter("faust4j.skipped", Tags.empty(), "Failed events skipped (ErrorPolicy.SKIP)", m -> counters.skipped.sum());
        counter("faust4j.agent.restarts", Tags.empty(), "Agent loops started again by their supervisor",
                m -> counters.restarts.sum());
        counter("faust4j.tombstones", Tags.empty(), "Records without a value read by agents",
                m -> counters.tombstones.sum());
        counter("faust4j.changelog.records", Tags.empty(), "Records written to changelog topics",
                m -> counters.changelogRecords.sum());
        counter("faust4j.transactions.aborted", Tags.empty(), "Transactions aborted (exactly-once), each replayed",
                m -> counters.aborts.sum());
        commitLatency = TimeTotals.register(registry, "faust4j.commit.latency", Tags.empty(),
                "A commit: from the flush of the producer (or the transaction's commit) to the offsets committed");
        recoveryDuration = TimeTotals.register(registry, "faust4j.recovery.duration", Tags.empty(),
                "A table recovery of changelogs, from its start to its end");
        counter("faust4j.recovery.records", Tags.empty(), "Changelog records replayed into tables",
                m -> m.recovery.replayed());
        Gauge.builder("faust4j.recovery.remaining", recovery, RecoveryProgress::remaining)
                .description("Changelog records the running recovery has still to replay at most (0: none runs)")
                .strongReference(true).register(registry);
        Gauge.builder("faust4j.recovery.partitions", recovery, RecoveryProgress::partitions)
                .description("Table partitions the running recovery has still to catch up (0: none runs)")
                .strongReference(true).register(registry);
        partitions.bindRebalances();
    }

    private void counter(String name, Tags tags, String description, ToLongFunction<WorkerMetrics> value) {
        String key = name + tags;
        FunctionCounter.builder(name, this, m -> m.monotonic(key, value.applyAsLong(m))).tags(tags)
                .description(description).register(registry);
    }

    /**
     * A counter summed from running actors and retired ones can dip for an instant while an actor is
     * handed from one to the other; a registry is never shown a value below one it saw.
     */
    private synchronized double monotonic(String key, long value) {
        long last = reported.getOrDefault(key, 0L);
        if (value > last) {
            reported.put(key, value);
            return value;
        }
        return last;
    }

    private long events(String agent) {
        long sum;
        synchronized (this) {
            sum = retiredEvents.getOrDefault(agent, 0L);
        }
        for (PollLoop loop : worker.pollLoops()) {
            for (List<Actor> list : loop.actors()) {
                for (Actor actor : list) {
                    if (actor.plan().name().equals(agent)) {
                        sum += actor.processed();
                    }
                }
            }
        }
        return sum;
    }

    private long tableOps(int table, int op) {
        int slot = table * OPS + op;
        long sum;
        synchronized (this) {
            sum = retiredTableOps[slot];
        }
        if (op == GETS) {
            sum += outsideGets[table].sum();
        }
        for (PollLoop loop : worker.pollLoops()) {
            for (List<Actor> list : loop.actors()) {
                for (Actor actor : list) {
                    sum += actor.tableOps()[slot];
                }
            }
        }
        return sum;
    }

    // ---- told by the engine ----

    /** The counts of an actor that stops, kept after it is gone. */
    synchronized void retire(Actor actor) {
        retiredEvents.merge(actor.plan().name(), actor.processed(), Long::sum);
        long[] ops = actor.tableOps();
        for (int i = 0; i < ops.length && i < retiredTableOps.length; i++) {
            retiredTableOps[i] += ops[i];
        }
    }

    /** The number of table-operation counts an actor keeps. */
    int tableOpSlots() {
        return retiredTableOps.length;
    }

    /** A table read outside agents (a web view, a test). */
    void countOutsideGet(int table) {
        LongAdder[] gets = outsideGets;
        if (table < gets.length) {
            gets[table].increment();
        }
    }

    /** The timer of an agent's event processing, or null when metrics are off. */
    TimeTotals eventTimer(String agent) {
        return eventTimers.get(agent);
    }

    /** Where a poll loop counts the records it receives from {@code topic}. */
    LongAdder received(String topic) {
        return received.computeIfAbsent(topic, t -> {
            LongAdder adder = new LongAdder();
            if (enabled) {
                FunctionCounter.builder("faust4j.messages.received", adder, LongAdder::sum).tag("topic", t)
                        .description("Records received from the topic by the worker's consumers")
                        .register(registry);
            }
            return adder;
        });
    }

    void deadLetter(String agent) {
        deadLetters.computeIfAbsent(agent, a -> {
            LongAdder adder = new LongAdder();
            if (enabled) {
                FunctionCounter.builder("faust4j.dead.letters", adder, LongAdder::sum).tag("agent", a)
                        .description("Records the agent sent to its dead-letter topic")
                        .register(registry);
            }
            return adder;
        }).increment();
    }

    void commitDone(long nanos) {
        if (commitLatency != null) {
            commitLatency.record(nanos);
        }
    }

    void recoveryDone(long nanos) {
        if (recoveryDuration != null) {
            recoveryDuration.record(nanos);
        }
    }

    RecoveryProgress recovery() {
        return recovery;
    }

    PartitionMeters partitions() {
        return partitions;
    }

    /** The producer, counting what it sends (as is when metrics are off). */
    TransportProducer metered(TransportProducer producer) {
        return enabled ? new MeteredProducer(producer, sendMeters) : producer;
    }

    /**
     * The worker stopped: the registries it created from its settings are closed (a StatsD registry sends
     * what is left), and its meters leave the composite, so a registry passed in code that outlives this
     * worker shows the next worker's meters, not this one's.
     */
    void close() {
        for (MeterRegistry own : new ArrayList<>(created)) {
            own.close();
            registry.remove(own);
        }
        for (io.micrometer.core.instrument.Meter meter : registry.getMeters()) {
            registry.remove(meter);
        }
    }
}
