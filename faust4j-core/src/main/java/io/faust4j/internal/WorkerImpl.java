package io.faust4j.internal;

import io.faust4j.App;
import io.faust4j.ConfigurationException;
import io.faust4j.Faust4jException;
import io.faust4j.Header;
import io.faust4j.ProcessingGuarantee;
import io.faust4j.Settings;
import io.faust4j.Worker;
import io.faust4j.WorkerStats;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.internal.memory.MemoryTransport;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.SendCallback;
import io.faust4j.spi.TopicSpec;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportProducer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running app: the transport and its one producer, the table runtimes, and the poll loops (one for
 * the broker, one for in-process channels when the app has any).
 */
public final class WorkerImpl implements Worker {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerImpl.class);
    private static final long START_TIMEOUT_MILLIS = 120_000;

    private final AppImpl app;
    private final Settings settings;
    private final InstantSource clock;
    private final String clientId;
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
    private final LongAdder decodeErrors = new LongAdder();
    private final LongAdder agentErrors = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder changelogRecords = new LongAdder();
    private final LongAdder recovered = new LongAdder();
    private final LongAdder retiredProcessed = new LongAdder();
    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();
    private Transport transport;
    private volatile TransportProducer producer;
    private MemoryTransport channels;
    private TransportProducer channelProducer;
    private TableRuntime<?, ?>[] tables = new TableRuntime<?, ?>[0];
    private final List<PollLoop> loops = new ArrayList<>();
    private final Map<String, TopicImpl<?, ?>> consumedTopics = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, Object> emitListener;
    private volatile boolean running;
    private volatile Throwable failure;

    WorkerImpl(AppImpl app, Settings settings) {
        this.app = app;
        this.settings = settings;
        this.clock = settings.clock();
        this.clientId = settings.effectiveId() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Opens clients, creates topics, starts the poll loops, and waits for the first assignment. */
    void start() {
        if (settings.processingGuarantee() == ProcessingGuarantee.EXACTLY_ONCE) {
            throw new ConfigurationException("Invalid setting 'processing_guarantee' = 'exactly_once': it needs"
                    + " Kafka transactions, which this build's transports do not provide yet; use at_least_once");
        }
        running = true;
        try {
            open();
        } catch (RuntimeException e) {
            closeQuietly();
            running = false;
            throw e;
        }
    }

    private void open() {
        Topology topology = Topology.plan(app, settings);
        topology.plans().forEach(plan -> consumedTopics.put(plan.name(), plan.topic()));
        transport = Plugins.openTransport(settings);
        List<TableImpl<?, ?>> declaredTables = app.tableImpls();
        tables = new TableRuntime<?, ?>[declaredTables.size()];
        for (TableImpl<?, ?> table : declaredTables) {
            tables[table.index()] = runtime(table);
        }
        List<TopicImpl<?, ?>> brokerTopics = app.topicImpls().stream().filter(t -> !t.isChannel()).toList();
        Map<TopicImpl<?, ?>, TopicImpl<?, ?>> brokerRepartitions = new HashMap<>();
        Map<TopicImpl<?, ?>, TopicImpl<?, ?>> channelRepartitions = new HashMap<>();
        topology.repartitions().forEach((t, s) -> (t.isChannel() ? channelRepartitions : brokerRepartitions).put(t, s));
        partitionCounts.putAll(TopicSetup.ensure(transport, settings, brokerTopics, brokerRepartitions, List.of(tables)));
        producer = transport.createProducer(clientId);

        List<AgentPlan> brokerPlans = topology.plans().stream().filter(p -> !p.topic().isChannel()).toList();
        List<AgentPlan> channelPlans = topology.plans().stream().filter(p -> p.topic().isChannel()).toList();
        List<TopicImpl<?, ?>> channelTopics = app.topicImpls().stream().filter(TopicImpl::isChannel).toList();
        if (!channelTopics.isEmpty()) {
            openChannels(channelTopics, channelRepartitions.keySet());
        }
        if (!brokerPlans.isEmpty()) {
            loops.add(new PollLoop(this, "broker", transport, transport.createConsumer(settings.effectiveId(), clientId), producer,
                    brokerPlans, true));
        }
        if (!channelPlans.isEmpty()) {
            loops.add(new PollLoop(this, "channels", channels, channels.createConsumer(settings.effectiveId(), clientId),
                    channelProducer, channelPlans, false));
        }
        loops.forEach(PollLoop::start);
        awaitAssignment();
        LOG.info("Worker {} started: {} agent(s), {} table(s), broker {}", clientId, topology.plans().size(),
                tables.length, String.join(";", settings.broker()));
    }

    private void openChannels(List<TopicImpl<?, ?>> channelTopics, Collection<TopicImpl<?, ?>> repartitions) {
        channels = new MemoryTransport(MemoryBroker.isolated(clientId + "-channels"), true,
                settings.consumerMaxPollRecords());
        List<TopicSpec> specs = new ArrayList<>();
        for (TopicImpl<?, ?> topic : channelTopics) {
            specs.add(new TopicSpec(topic.name(), 1, 1, false, false, Map.of()));
        }
        for (TopicImpl<?, ?> topic : repartitions) {
            specs.add(new TopicSpec(topic.name(), 1, 1, false, true, Map.of()));
        }
        channels.createTopics(specs);
        channelProducer = channels.createProducer(clientId);
    }

    private void awaitAssignment() {
        try {
            for (PollLoop loop : loops) {
                if (!loop.awaitAssignment(START_TIMEOUT_MILLIS)) {
                    throw new Faust4jException("Worker " + clientId + " got no partitions within "
                            + START_TIMEOUT_MILLIS / 1000 + " s: is the broker reachable?");
                }
                if (loop.failure() != null) {
                    throw new Faust4jException("Worker " + clientId + " failed while starting: "
                            + loop.failure().getMessage(), loop.failure());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Faust4jException("Interrupted while starting worker " + clientId, e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private <K, V> TableRuntime<K, V> runtime(TableImpl<K, V> table) {
        return new TableRuntime<>(table, Plugins.openStore(settings, table.name()),
                settings.effectiveId() + "-" + table.name() + "-changelog");
    }

    // ---- used by tables, topics and actors ----

    TableRuntime<?, ?> table(int index) {
        return tables[index];
    }

    InstantSource clock() {
        return clock;
    }

    TransportProducer producer() {
        return producer;
    }

    String clientId() {
        return clientId;
    }

    <K, V> void send(TopicImpl<K, V> topic, K key, V value, List<Header> headers) {
        byte[] keyBytes = key == null ? null : topic.keyCodec().encode(key);
        byte[] valueBytes = value == null ? null : topic.valueCodec().encode(value);
        sendRaw(topic, keyBytes, valueBytes, headers, clock.millis());
    }

    /** The topic the actors of a user agent consume in this worker (its repartition topic after a groupBy). */
    @SuppressWarnings("unchecked")
    <K, V> TopicImpl<K, V> consumedTopic(AgentImpl<K, V> agent) {
        return (TopicImpl<K, V>) consumedTopics.get(agent.name());
    }

    void sendRaw(TopicImpl<?, ?> topic, byte[] key, byte[] value, List<Header> headers, long timestamp) {
        if (!running) {
            throw new Faust4jException("Cannot send to " + topic + ": worker " + clientId + " is stopped");
        }
        int partitions = topic.isChannel() ? 1 : partitionCount(topic);
        int partition = key == null ? Partitioner.forNoKey(partitions) : Partitioner.forKey(key, partitions);
        TransportProducer target = topic.isChannel() ? channelProducer : producer;
        target.send(new OutgoingRecord(topic.name(), partition, key, value, timestamp, headers), SendCallback.NONE);
    }

    private int partitionCount(TopicImpl<?, ?> topic) {
        Integer count = partitionCounts.get(topic.name());
        if (count == null) {
            throw new Faust4jException("Cannot send to " + topic + ": it was not declared in app '" + app.id()
                    + "' before the worker started");
        }
        return count;
    }

    void emitted(AgentPlan plan, Object result) {
        BiConsumer<String, Object> listener = emitListener;
        if (listener != null) {
            listener.accept(plan.name(), result);
        }
    }

    /** Called by the broker loop when partitions are assigned: drops shards that moved away, recovers new ones. */
    void prepareTables(Set<Integer> partitions) {
        for (TableRuntime<?, ?> table : tables) {
            for (int p = 0; p < table.partitions(); p++) {
                if (!partitions.contains(p)) {
                    table.drop(p);
                }
            }
        }
        List<TableShard<?, ?>> shards = new ArrayList<>();
        Map<TableShard<?, ?>, String> topics = new HashMap<>();
        for (TableRuntime<?, ?> table : tables) {
            for (int p : partitions) {
                if (p < table.partitions()) {
                    TableShard<?, ?> shard = table.open(p);
                    shards.add(shard);
                    topics.put(shard, table.changelogTopic());
                }
            }
        }
        recovered.add(Recovery.recover(transport, clientId, shards, topics));
        assigned.clear();
        assigned.addAll(partitions);
    }

    /** Called by the broker loop when partitions are revoked: new actors will own the shards. */
    void suspendTables() {
        for (TableRuntime<?, ?> table : tables) {
            table.releaseOwners();
        }
        assigned.clear();
    }

    void retire(Actor actor) {
        retiredProcessed.add(actor.processed());
    }

    void countDecodeError() {
        decodeErrors.increment();
    }

    void countAgentError() {
        agentErrors.increment();
    }

    void countCommit() {
        commits.increment();
    }

    void countChangelogRecords(int n) {
        changelogRecords.add(n);
    }

    void loopFailed(Throwable error) {
        if (failure == null) {
            failure = error;
        }
        running = false;
        app.workerStopped(this);
    }

    /** The error that stopped the worker, if one did. */
    public Throwable failure() {
        return failure;
    }

    /** Test hook: told of every value an agent emits. */
    public void onEmit(BiConsumer<String, Object> listener) {
        this.emitListener = listener;
    }

    // ---- Worker ----

    @Override
    public App app() {
        return app;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Set<Integer> assignedPartitions() {
        return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(assigned));
    }

    @Override
    public void commit() {
        List<java.util.concurrent.CompletableFuture<Void>> pending = new ArrayList<>();
        loops.forEach(loop -> pending.add(loop.requestCommit()));
        for (var future : pending) {
            try {
                future.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new Faust4jException("Commit failed: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new Faust4jException("Commit did not finish within 60 s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Faust4jException("Interrupted while committing", e);
            }
        }
    }

    @Override
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int stable = 0;
        while (System.nanoTime() < deadline) {
            if (failure != null) {
                throw new Faust4jException("Worker " + clientId + " failed: " + failure.getMessage(), failure);
            }
            boolean idle = loops.stream().allMatch(PollLoop::isIdle);
            stable = idle ? stable + 1 : 0;
            if (stable >= 2) {
                return true;
            }
            try {
                Thread.sleep(idle ? 1 : 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public WorkerStats stats() {
        long processed = retiredProcessed.sum();
        for (PollLoop loop : loops) {
            for (List<Actor> list : loop.actors()) {
                for (Actor actor : list) {
                    processed += actor.processed();
                }
            }
        }
        return new WorkerStats(processed, decodeErrors.sum(), agentErrors.sum(), commits.sum(),
                changelogRecords.sum(), recovered.sum());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public synchronized void stop() {
        if (loops.isEmpty() && transport == null) {
            return;
        }
        try {
            for (PollLoop loop : loops) {
                loop.shutdown();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly();
            running = false;
            app.workerStopped(this);
            LOG.info("Worker {} stopped", clientId);
        }
    }

    private void closeQuietly() {
        loops.clear();
        try {
            if (producer != null) {
                producer.flush();
                producer.close();
            }
        } catch (RuntimeException e) {
            LOG.error("Worker {}: flushing the producer failed while closing", clientId, e);
        }
        for (TableRuntime<?, ?> table : tables) {
            if (table != null) {
                table.close();
            }
        }
        if (transport != null) {
            transport.close();
        }
        producer = null;
        transport = null;
    }
}
