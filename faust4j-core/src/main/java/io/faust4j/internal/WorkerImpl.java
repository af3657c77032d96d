package io.faust4j.internal;

import io.faust4j.App;
import io.faust4j.DeadLetters;
import io.faust4j.Faust4jException;
import io.faust4j.Header;
import io.faust4j.ProcessingGuarantee;
import io.faust4j.Settings;
import io.faust4j.Worker;
import io.faust4j.WorkerStats;
import io.faust4j.internal.memory.MemoryBroker;
import io.faust4j.internal.memory.MemoryTransport;
import io.faust4j.spi.ConsumedRecord;
import io.faust4j.spi.OutgoingRecord;
import io.faust4j.spi.SendCallback;
import io.faust4j.spi.TopicPartition;
import io.faust4j.spi.TopicSpec;
import io.faust4j.spi.Transport;
import io.faust4j.spi.TransportConsumer;
import io.faust4j.spi.TransportProducer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running app: the transport and its producers, the table runtimes, and the poll loops (one for the
 * broker, one for in-process channels when the app has any). A fatal error anywhere (a failed send, a
 * failed loop, an agent whose policy is to stop) stops all of it, fails pending commits, and is reported
 * by {@link #failure()} and by {@link App#run()}.
 */
public final class WorkerImpl implements Worker {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerImpl.class);
    private static final long START_TIMEOUT_MILLIS = 120_000;

    private final AppImpl app;
    private final Settings settings;
    private final InstantSource clock;
    private final AppTime time;
    private final String clientId;
    private final boolean exactlyOnce;
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
    private final Counters counters = new Counters();
    private final LimitedLog limitedLog = new LimitedLog(LOG, Duration.ofSeconds(10), 5);
    private Transport transport;
    private volatile TransportProducer producer;
    private volatile TransportProducer externalProducer;
    private MemoryTransport channels;
    private TransportProducer channelProducer;
    private volatile WorkerTables tables = WorkerTables.none();
    private GlobalTables globals;
    private volatile PollLoop brokerLoop;
    private volatile WorkerAssignment assignment;
    private final Extensions extensions = new Extensions();
    private volatile boolean ready;
    private StandbyReplicas standbys;
    private final List<PollLoop> loops = new ArrayList<>();
    private final Map<String, TopicImpl<?, ?>> consumedTopics = new ConcurrentHashMap<>();
    private final Map<String, TopicImpl<?, ?>> deadLetterSources = new LinkedHashMap<>();
    private volatile BiConsumer<String, Object> emitListener;
    private volatile Consumer<FailureReport> failureListener;
    private volatile boolean running;
    private volatile boolean stopped;
    private final java.util.concurrent.CountDownLatch stoppedLatch = new java.util.concurrent.CountDownLatch(1);
    private volatile Throwable failure;
    private volatile WorkerLifecycle lifecycle;
    private final io.micrometer.core.instrument.composite.CompositeMeterRegistry meterRegistry =
            new io.micrometer.core.instrument.composite.CompositeMeterRegistry();
    private final WorkerMetrics metrics;

    WorkerImpl(AppImpl app, Settings settings) {
        this.app = app;
        this.settings = settings;
        this.clock = settings.clock();
        this.time = new AppTime(clock);
        this.clientId = settings.effectiveId() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.exactlyOnce = settings.processingGuarantee() == ProcessingGuarantee.EXACTLY_ONCE;
        this.metrics = new WorkerMetrics(this, settings, meterRegistry);
    }

    /** Opens clients, creates topics, starts the poll loops, and waits for the first assignment. */
    void start() {
        running = true;
        time.open();
        try {
            open();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void open() {
        Topology topology = Topology.plan(app, settings);
        topology.plans().forEach(plan -> consumedTopics.put(plan.name(), plan.topic()));
        transport = Plugins.openTransport(settings);
        List<TableImpl<?, ?>> declaredTables = app.tableImpls();
        tables = WorkerTables.open(declaredTables, settings);
        openWindowedTables();
        List<TopicImpl<?, ?>> brokerTopics = app.topicImpls().stream().filter(t -> !t.isChannel()).toList();
        Map<TopicImpl<?, ?>, TopicImpl<?, ?>> brokerRepartitions = new HashMap<>();
        Map<TopicImpl<?, ?>, TopicImpl<?, ?>> channelRepartitions = new HashMap<>();
        topology.repartitions().forEach((t, s) -> (t.isChannel() ? channelRepartitions : brokerRepartitions).put(t, s));
        for (AgentImpl<?, ?> agent : app.agentImpls()) {
            if (agent.options().deadLetters()) {
                topology.plans().stream().filter(p -> p.name().equals(agent.name())).findFirst()
                        .ifPresent(p -> deadLetterSources.put(p.deadLetterTopic(), agent.source().rootTopic()));
            }
        }
        partitionCounts.putAll(TopicSetup.ensure(transport, settings, brokerTopics, brokerRepartitions, tables.all(),
                deadLetterSources));
        List<AgentPlan> brokerPlans = topology.plans().stream().filter(p -> !p.topic().isChannel()).toList();
        requireCoPartitioned(brokerPlans);
        metrics.bind(topology.plans().stream().map(AgentPlan::name).distinct().toList(),
                declaredTables.stream().map(TableImpl::name).toList(), counters);
        openProducers();
        extensions.start(this); // before the group join: the web server's URL travels in the subscription

        List<AgentPlan> channelPlans = topology.plans().stream().filter(p -> p.topic().isChannel()).toList();
        List<TopicImpl<?, ?>> channelTopics = app.topicImpls().stream().filter(TopicImpl::isChannel).toList();
        if (!channelTopics.isEmpty()) {
            openChannels(channelTopics, channelRepartitions.keySet());
        }
        if (!brokerPlans.isEmpty()) {
            brokerLoop = new PollLoop(this, "broker", transport, brokerConsumer(brokerPlans), producer, brokerPlans,
                    true);
            loops.add(brokerLoop);
        }
        if (!channelPlans.isEmpty()) {
            loops.add(new PollLoop(this, "channels", channels, channels.createConsumer(settings.effectiveId(), clientId),
                    channelProducer, channelPlans, false));
        }
        List<TableRuntime<?, ?>> globalTables = tables.global();
        if (!globalTables.isEmpty()) {
            globals = new GlobalTables(this, transport, globalTables);
            globals.start(); // agents read them: they start only once these have caught up
        }
        loops.forEach(PollLoop::start);
        awaitAssignment();
        ready = true;
        lifecycle = new WorkerLifecycle(this, app.lifecycle(), clock, this::isLeader);
        lifecycle.start(); // start hooks, then timers and tasks
        LOG.info("Worker {} started: {} agent(s), {} table(s), broker {}, {}", clientId, topology.plans().size(),
                tables.size(), String.join(";", settings.broker()), settings.processingGuarantee().settingValue());
    }

    /** Under exactly-once the broker loop writes through a transactional producer; other sends use a plain one. */
    private void openProducers() {
        if (exactlyOnce) {
            // a stable worker's transactions keep their id across restarts: its next run fences a zombie
            producer = metrics.metered(transport.createTransactionalProducer(clientId,
                    stableName().orElse(clientId) + "-txn"));
            producer.beginTransaction();
            externalProducer = metrics.metered(transport.createProducer(clientId + "-external"));
        } else {
            producer = metrics.metered(transport.createProducer(clientId));
            externalProducer = producer;
        }
    }

    /**
     * This worker's name across restarts: the {@code worker_id} setting, else the id a durable store keeps
     * in the locked datadir; prefixed with the effective app id. Empty: a new group member each start.
     */
    private Optional<String> stableName() {
        String configured = settings.workerId();
        Optional<String> id = !configured.isBlank() ? Optional.of(configured.trim())
                : tables.storedWorkerId();
        return id.map(worker -> settings.effectiveId() + "-" + worker);
    }

    /**
     * The broker loop's group consumer: a static member when the worker has a stable name, with faust4j's
     * assignor and this worker's standby copies. The transport decides the protocol: on Kafka cooperative
     * (a rebalance revokes only what moves) under at-least-once, eager under exactly-once (a commit at a
     * revocation must cover every actor's transaction, which the engine does by stopping them all); the
     * memory transport keeps its own eager model and ignores the assignor.
     */
    private TransportConsumer brokerConsumer(List<AgentPlan> plans) {
        Optional<String> name = stableName();
        name.ifPresent(n -> LOG.info("Worker {} joins group {} as static member {}", clientId, settings.effectiveId(), n));
        Map<String, Integer> counts = new LinkedHashMap<>();
        plans.forEach(plan -> counts.put(plan.topic().name(), partitionCounts.getOrDefault(plan.topic().name(),
                settings.topicPartitions())));
        List<TableRuntime<?, ?>> sharded = tables.sharded();
        standbys = new StandbyReplicas(this, transport, sharded);
        assignment = new WorkerAssignment(this, transport, sharded, standbys, () -> brokerLoop,
                name.orElse(clientId), extensions.advertisedUrl(), counts);
        Object assignor = assignment.context(settings.get(Settings.TABLE_STANDBY_REPLICAS),
                settings.get(Settings.TABLE_ACCEPTABLE_RECOVERY_LAG));
        return transport.createConsumer(new io.faust4j.spi.GroupMembership(settings.effectiveId(), clientId,
                name.orElse(""), Optional.of(assignor)));
    }

    /**
     * A table partition is written by the actor of the same partition number, so every topic the broker
     * loop consumes must have the tables' partition count; otherwise the extra partitions' events could
     * never be processed.
     */
    private void requireCoPartitioned(List<AgentPlan> plans) {
        Optional<TableRuntime<?, ?>> sharded = tables.sharded().stream().findFirst();
        if (sharded.isEmpty()) {
            return;
        }
        int wanted = sharded.get().partitions();
        Set<String> problems = new TreeSet<>();
        for (AgentPlan plan : plans) {
            Integer count = partitionCounts.get(plan.topic().name());
            if (count != null && count != wanted) {
                problems.add("topic '" + plan.topic().name() + "' (consumed by agent '" + plan.name() + "') has " + count
                        + " partitions");
            }
        }
        if (!problems.isEmpty()) {
            throw new io.faust4j.ConfigurationException("Cannot start app '" + settings.id() + "': its tables have "
                    + wanted + " partitions (topic_partitions), but " + String.join(", ", problems) + ". A table is"
                    + " co-partitioned with the streams that write it: set topic_partitions to the topics' partition"
                    + " count, or repartition the stream with groupBy so it gets the tables' count");
        }
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
        channelProducer = metrics.metered(channels.createProducer(clientId));
    }

    private void awaitAssignment() {
        try {
            for (PollLoop loop : loops) {
                if (!loop.awaitAssignment(START_TIMEOUT_MILLIS)) {
                    throw new Faust4jException("Worker " + clientId + " got no partitions within "
                            + START_TIMEOUT_MILLIS / 1000 + " s: is the broker reachable?");
                }
                Throwable failed = loop.failure();
                if (failed != null) {
                    // a broker's refusal (a login, an ACL) stays a TransportException, so callers can tell it apart
                    String message = "Worker " + clientId + " failed while starting: " + failed.getMessage();
                    throw failed instanceof io.faust4j.TransportException ? new io.faust4j.TransportException(message, failed)
                            : new Faust4jException(message, failed);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Faust4jException("Interrupted while starting worker " + clientId, e);
        }
    }

    // ---- windowed tables: the idle rule runs on the actors that write them ----

    private List<WindowedTableImpl.Core<?, ?>> idleWindowed = List.of();

    private void openWindowedTables() {
        idleWindowed = app.windowedTables().stream().<WindowedTableImpl.Core<?, ?>>map(WindowedTableImpl::core)
                .filter(core -> core.idle >= 0).toList();
        if (!idleWindowed.isEmpty() && time.isStepped()) {
            time.onMove(() -> idleWindowed.forEach(core -> WindowStates.requestTicks(core, this)));
        }
    }

    /** Runs the idle rule of the windowed tables that {@code actor} writes (between events, on its thread). */
    void tickWindows(Actor actor) {
        for (WindowedTableImpl.Core<?, ?> core : idleWindowed) {
            WindowStates.tick(core, actor);
        }
    }

    // ---- used by tables, topics and actors ----

    /** Waits until what timers, tasks and hooks sent (through the plain producer) is stored; throws if it failed. */
    void flushExternalSends() {
        TransportProducer target = externalProducer;
        if (target != null && running) {
            target.flush();
        }
    }

    TableRuntime<?, ?> table(int index) {
        return tables.get(index);
    }

    /** The worker's tables: shards by partition, checkpoints (see {@link WorkerTables}). */
    WorkerTables tables() {
        return tables;
    }

    /** The partition numbers this worker keeps standby copies of. */
    Set<Integer> standbyPartitions() {
        return standbys == null ? Set.of() : standbys.partitions();
    }

    InstantSource clock() {
        return clock;
    }

    /** The deadlines an app can observe, on its clock. */
    AppTime time() {
        return time;
    }

    String clientId() {
        return clientId;
    }

    Logger log() {
        return LOG;
    }

    LimitedLog limitedLog() {
        return limitedLog;
    }

    /**
     * How long a poll loop may go without running before it must assume its partitions were taken: the
     * group drops a member that did not heartbeat within the session timeout, or did not poll within the
     * poll interval.
     */
    long frozenAfterNanos() {
        Duration session = settings.get(Settings.BROKER_SESSION_TIMEOUT);
        Duration poll = settings.get(Settings.BROKER_MAX_POLL_INTERVAL);
        return (session.compareTo(poll) < 0 ? session : poll).toNanos();
    }

    long stopTimeoutMillis() {
        Duration shorter = stopDeadline;
        return shorter != null ? shorter.toMillis() : settings.stopTimeout().toMillis();
    }

    private volatile Duration stopDeadline;

    /**
     * Stops warmly as {@link #stop()} does, but lets agents finish their current events for at most
     * {@code timeout} instead of {@code stop_timeout} (the command line's INT): what they finished is
     * committed, the rest is replayed by the next owner.
     */
    public void stop(Duration timeout) {
        stopDeadline = timeout;
        stop();
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

    /**
     * Sends a record. Inside an agent the send waits until the current event is finished (and is dropped
     * if the event fails); outside agents it goes to the producer at once.
     */
    void sendRaw(TopicImpl<?, ?> topic, byte[] key, byte[] value, List<Header> headers, long timestamp) {
        if (!running) {
            throw new Faust4jException("Cannot send to " + topic + ": worker " + clientId + " is stopped"
                    + (failure != null ? " (it failed: " + failure.getMessage() + ")" : ""));
        }
        int partitions = topic.isChannel() ? 1 : partitionCount(topic);
        int partition = key == null ? Partitioner.forNoKey(partitions) : Partitioner.forKey(key, partitions);
        OutgoingRecord record = new OutgoingRecord(topic.name(), partition, key, value, timestamp, headers);
        Actor actor = Actor.current();
        if (topic.isChannel()) {
            if (actor != null) {
                actor.bufferSend(channelProducer, record);
            } else {
                channelProducer.send(record, SendCallback.NONE);
            }
        } else if (actor != null) {
            // broker-loop actors write through the loop's (possibly transactional) producer
            actor.bufferSend(actor.plan().topic().isChannel() ? externalProducer : actor.producer(), record);
        } else {
            externalProducer.send(record, SendCallback.NONE);
        }
    }

    private int partitionCount(TopicImpl<?, ?> topic) {
        Integer count = partitionCounts.get(topic.name());
        if (count == null) {
            throw new Faust4jException("Cannot send to " + topic + ": it was not declared in app '" + app.id()
                    + "' before the worker started");
        }
        return count;
    }

    static Faust4jException fencedError(Actor actor) {
        return new Faust4jException(actor.describe() + " was fenced (its partition was lost to another worker, or it"
                + " did not stop in time): its writes and sends are refused");
    }

    String deadLetterTopic(AgentPlan plan) {
        return plan.deadLetterTopic();
    }

    /**
     * Sends a record an agent gave up on to its dead-letter topic: the raw key and value, the record's own
     * headers, and headers saying where it came from and why it failed. It goes through the actor, so it is
     * sent before the failed event's offset can be committed (and inside the transaction under exactly-once).
     */
    void deadLetter(AgentLoop actor, AgentPlan plan, ConsumedRecord record, Throwable error, int attempts, boolean direct) {
        String topic = plan.deadLetterTopic();
        Integer partitions = partitionCounts.get(topic);
        if (partitions == null) {
            throw new Faust4jException("Dead-letter topic '" + topic + "' was not created at start");
        }
        List<Header> headers = DeadLetterHeaders.of(record, plan, error, attempts);
        OutgoingRecord letter = new OutgoingRecord(topic, record.partition() % partitions, record.key(), record.value(),
                record.timestamp(), headers);
        TransportProducer target = plan.topic().isChannel() ? externalProducer : actor.producer();
        if (direct) {
            actor.emit(target, letter);
        } else {
            actor.bufferSend(target, letter);
        }
        counters.deadLetters.increment();
        metrics.deadLetter(plan.name());
    }

    // ---- agent RPC: the asking side is opened on the first ask (see RpcClient) ----
    private volatile RpcClient rpc;
    private final java.util.concurrent.locks.ReentrantLock rpcLock = new java.util.concurrent.locks.ReentrantLock();

    /** The worker's RPC client, opened (reply topic created, reader started) on first use. */
    RpcClient rpc() {
        RpcClient client = rpc;
        if (client != null) {
            return client;
        }
        rpcLock.lock();
        try {
            if (rpc == null) {
                if (!running || transport == null) {
                    throw new Faust4jException("Cannot ask an agent: worker " + clientId + " is not running");
                }
                rpc = new RpcClient(this, transport);
            }
            return rpc;
        } finally {
            rpcLock.unlock();
        }
    }

    /** The producer an agent's reply goes through: the loop's own (transactional under exactly-once) for broker agents. */
    TransportProducer replyProducer(AgentLoop loop) {
        return loop.plan().topic().isChannel() ? externalProducer : loop.producer();
    }

    /** Whether this worker runs under processing_guarantee=exactly_once. */
    boolean exactlyOnce() {
        return exactlyOnce;
    }

    void emitted(AgentPlan plan, Object result) {
        BiConsumer<String, Object> listener = emitListener;
        if (listener != null) {
            listener.accept(plan.name(), result);
        }
    }

    void retire(Actor actor) {
        counters.retiredProcessed.add(actor.processed());
        metrics.retire(actor);
    }

    /** The worker's meters (docs/metrics.md). */
    WorkerMetrics metrics() {
        return metrics;
    }

    /** The poll loops now running, for meters (any thread). */
    List<PollLoop> pollLoops() {
        try {
            return List.copyOf(loops);
        } catch (RuntimeException e) { // changed while copied (the worker starts or stops): none this time
            return List.of();
        }
    }

    void countDecodeError() {
        counters.decodeErrors.increment();
    }

    void countAgentError() {
        counters.agentErrors.increment();
    }

    void countCommit() {
        counters.commits.increment();
    }

    /** How long the assignor's leader waits before a rebalance that hands over caught-up warm-ups. */
    long probingIntervalNanos() {
        return settings.get(Settings.TABLE_PROBING_REBALANCE_INTERVAL).toNanos();
    }

    /** Changelog records stored into this worker's standby copies (0 without standbys). */
    public long standbyRecords() {
        return standbys == null ? 0 : standbys.applied();
    }

    void countChangelogRecords(int n) {
        counters.changelogRecords.add(n);
    }

    void countRecovered(long n, long nanos) {
        counters.recoveryNanos.add(nanos); // first: a reader that sees the records sees their time
        counters.recovered.add(n);
        metrics.recoveryDone(nanos);
    }

    void countRetry() {
        counters.retries.increment();
    }

    void countSkipped(int n) {
        counters.skipped.add(n);
    }

    void countAgentRestart() {
        counters.restarts.increment();
    }

    void countTombstone() {
        counters.tombstones.increment();
    }

    void countAbort() {
        counters.aborts.increment();
    }

    /**
     * A fatal error: the whole worker stops (on a thread of its own, so an actor or a poll loop may call
     * this), pending commits fail, and {@link App#run()} reports it.
     */
    void fail(Throwable error) {
        synchronized (this) {
            if (failure != null || stopped) {
                return;
            }
            failure = error;
        }
        LOG.error("Worker {} stops: {}", clientId, error.getMessage());
        Threads.platform("faust4j-stop-" + clientId, this::stop).start();
    }

    /** The private broker of the worker's channels, or null without channels (for tests). */
    MemoryBroker channelBroker() {
        return channels == null ? null : channels.broker();
    }

    /** The error that stopped the worker, if one did. */
    public Throwable failure() {
        return failure;
    }

    /** Test hook: told of every value an agent emits. */
    public void onEmit(BiConsumer<String, Object> listener) {
        this.emitListener = listener;
    }

    /** Test hook: told of every failure of an agent loop and every record that cannot be decoded. */
    public void onFailure(Consumer<FailureReport> listener) {
        this.failureListener = listener;
    }

    /** Tells the test hook, if any, of a failed event or an undecodable record (on the actor's thread). */
    void reportFailure(AgentPlan plan, String position, Throwable error, boolean undecodable) {
        Consumer<FailureReport> listener = failureListener;
        if (listener != null) {
            listener.accept(new FailureReport(plan.name(), position, error, undecodable));
        }
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
        return tables.assigned();
    }

    @Override
    public void commit() {
        Throwable failed = failure;
        if (failed != null) {
            throw new Faust4jException("Cannot commit: worker " + clientId + " failed: " + failed.getMessage(), failed);
        }
        List<CompletableFuture<Void>> pending = new ArrayList<>();
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
            boolean idle;
            try {
                WorkerLifecycle timers = lifecycle;
                idle = (timers == null || timers.isIdle())
                        && (exactlyOnce ? idleAcrossACommit() : loops.stream().allMatch(PollLoop::isIdle));
            } catch (Faust4jException aborted) {
                idle = false; // a transaction was aborted and its partitions are being replayed
            }
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

    /**
     * The agents whose loops wait for the app's manual clock to reach the end of a take window, described
     * (for a test driver: such a loop counts as idle, and the test moves the clock to close its batch).
     */
    public List<String> clockWaits() {
        List<String> waits = new ArrayList<>();
        for (PollLoop loop : List.copyOf(loops)) {
            waits.addAll(loop.clockWaits());
        }
        return waits;
    }

    /**
     * Exactly-once: what actors sent is invisible until their transaction commits, so idle means every
     * actor is done, and a commit then makes nothing new appear in any topic.
     */
    private boolean idleAcrossACommit() {
        commit();
        Map<TopicPartition, Long> before = allEndOffsets();
        boolean idle = loops.stream().allMatch(PollLoop::isIdle);
        commit();
        return idle && before.equals(allEndOffsets());
    }

    private Map<TopicPartition, Long> allEndOffsets() {
        List<TopicPartition> all = new ArrayList<>();
        partitionCounts.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                all.add(new TopicPartition(topic, p));
            }
        });
        return new HashMap<>(transport.endOffsets(all));
    }

    @Override
    public DeadLetters deadLetters() {
        if (transport == null) {
            throw new Faust4jException("Worker " + clientId + " is stopped: start it to read its dead letters");
        }
        return new DeadLetterQueue(transport, clientId, deadLetterSources.keySet());
    }

    @Override
    public WorkerStats stats() {
        long processed = counters.retiredProcessed.sum();
        for (PollLoop loop : loops) {
            for (List<Actor> list : loop.actors()) {
                for (Actor actor : list) {
                    processed += actor.processed();
                }
            }
        }
        return counters.snapshot(processed);
    }

    @Override
    public io.micrometer.core.instrument.composite.CompositeMeterRegistry meterRegistry() {
        return meterRegistry;
    }

    // ---- for WorkerInsight (dashboards) ----

    /** The actors of every loop now. */
    List<Actor> liveActors() {
        List<Actor> all = new ArrayList<>();
        for (PollLoop loop : List.copyOf(loops)) {
            loop.actors().forEach(all::addAll);
        }
        return all;
    }

    /** The end offsets of these partitions of broker topics (in-process channels left out); empty once stopped. */
    Map<TopicPartition, Long> endOffsetsOf(Collection<TopicPartition> partitions) {
        Transport current = transport;
        List<TopicPartition> onBroker = partitions.stream().filter(tp -> partitionCounts.containsKey(tp.topic()))
                .toList();
        if (current == null || onBroker.isEmpty() || !running) {
            return Map.of();
        }
        return current.endOffsets(onBroker);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isReady() {
        return ready && running;
    }

    @Override
    public boolean isLeader() {
        WorkerAssignment current = assignment;
        return running && (current == null || current.isLeader());
    }

    @Override
    public Map<Integer, java.net.URI> owners(String topic) {
        WorkerAssignment current = assignment;
        return current == null ? Map.of() : current.owners(topic);
    }

    /**
     * Stops warmly: every loop stops its actors against one shared deadline ({@code stop_timeout}), commits
     * what they finished (nothing after a fatal error), and closes its consumer; then the producers,
     * stores and transport close.
     */
    @Override
    public void stop() {
        boolean underWay;
        synchronized (this) {
            underWay = stopped;
            stopped = true;
        }
        if (underWay) {
            awaitStopped();
            return;
        }
        try {
            if (lifecycle != null) {
                lifecycle.stop(); // timers and tasks end, stop hooks run, while agents still process
            }
            List<PollLoop> stopping = List.copyOf(loops);
            stopping.forEach(PollLoop::requestStop);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stopTimeoutMillis() + 15_000);
            for (PollLoop loop : stopping) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (!loop.join(left)) {
                    LOG.error("Worker {}: a poll loop did not stop within {} ms; closing its clients anyway", clientId,
                            stopTimeoutMillis() + 15_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
            ready = false;
            time.close();
            extensions.close();
            closeQuietly();
            metrics.close();
            stoppedLatch.countDown();
            app.workerStopped(this);
            if (failure == null) {
                LOG.info("Worker {} stopped", clientId);
            } else {
                LOG.error("Worker {} stopped on an error: {}", clientId, failure.getMessage());
            }
        }
    }

    /**
     * A stop already under way (say, after a fatal error) is waited for, so that when {@code stop()} returns
     * the worker's stores, locks and clients are closed; except on the engine's own threads, which that stop
     * may be waiting for.
     */
    private void awaitStopped() {
        if (Thread.currentThread().getName().startsWith("faust4j-")) {
            return;
        }
        try {
            if (!stoppedLatch.await(stopTimeoutMillis() + 20_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("Worker {}: the stop under way did not end in time", clientId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly() {
        loops.clear();
        if (rpc != null) {
            rpc.close();
        }
        closeProducer(producer);
        if (externalProducer != producer) {
            closeProducer(externalProducer);
        }
        if (channelProducer != null) {
            channelProducer.close();
        }
        if (globals != null) {
            globals.close();
            globals = null;
        }
        if (standbys != null) {
            standbys.close();
        }
        tables.close();
        if (transport != null) {
            transport.close();
        }
        producer = null;
        externalProducer = null;
        transport = null;
    }

    private void closeProducer(TransportProducer target) {
        if (target == null) {
            return;
        }
        try {
            if (target.transactional()) {
                target.abortTransaction(); // what was not committed is replayed by the next owner
            } else if (failure == null) {
                target.flush();
            }
        } catch (RuntimeException e) {
            LOG.error("Worker {}: closing the producer failed: {}", clientId, e.getMessage());
        } finally {
            target.close();
        }
    }
}
