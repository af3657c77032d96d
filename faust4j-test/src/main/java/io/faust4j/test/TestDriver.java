package io.faust4j.test;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.Codec;
import io.faust4j.Faust4jException;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.Worker;
import io.faust4j.WorkerStats;
import io.faust4j.Settings;
import io.faust4j.internal.AppImpl;
import io.faust4j.internal.FailureReport;
import io.faust4j.internal.WorkerImpl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one {@link App} on a private in-memory broker with a {@link ManualClock}, so a test can put events
 * into its agents and assert what they sent, emitted and stored, with no Kafka and no sleeps.
 *
 * <pre>{@code
 * try (TestDriver driver = TestDriver.create(app)) {
 *     driver.put(countOrders, "o-1", new Order("o-1", "acc-1", 2));   // send, then wait until idle
 *     assertThat(driver.table(counts)).containsEntry("acc-1", 1L);
 *     assertThat(driver.sent(confirmations)).extracting(Sent::value).containsExactly(...);
 * }
 * }</pre>
 *
 * <p>The worker runs the app's real engine (actors on virtual threads, repartition topics, changelogs),
 * with the app's settings overridden: broker {@code memory://test-<uuid>}, store {@code memory://}, the
 * driver's clock and a short commit interval. The app's {@code processing_guarantee} is kept: under
 * {@code exactly_once} the memory broker's transactions are used, as Kafka's would be. A replaced setting
 * that changes what the app can do (a {@code rocksdb://} store, a clock of the app's own) is logged as a
 * warning and listed by {@link #overrides()}; {@link TestDriverOptions#failOnOverrides} makes it fail instead.
 * Sends do not wait: call {@link #process()} (or use {@link #put}) before reading results. Not thread-safe:
 * drive it from the test.
 */
public final class TestDriver implements AutoCloseable {
    private final App app;
    private final TestDriverOptions options;
    private final ManualClock clock;
    private final DriverBroker broker = new DriverBroker();
    private final Map<String, List<Object>> emitted = new ConcurrentHashMap<>();
    private final Failures failures = new Failures();
    private List<String> overrides = List.of();
    private WorkerImpl worker;
    private long agentErrorsSeen;
    private long decodeErrorsSeen;
    private boolean closed;

    private TestDriver(App app, TestDriverOptions options) {
        this.app = app;
        this.options = options;
        this.clock = ManualClock.startingAt(options.clockStart());
    }

    /** Starts a worker for {@code app} with {@link TestDriverOptions#defaults()}. */
    public static TestDriver create(App app) {
        return create(app, TestDriverOptions.defaults());
    }

    /**
     * Starts a worker for {@code app} on a fresh private broker; returns once its partitions are assigned.
     * Declare every topic, table and agent of the app before.
     */
    public static TestDriver create(App app, TestDriverOptions options) {
        TestDriver driver = new TestDriver(Objects.requireNonNull(app, "app"), Objects.requireNonNull(options, "options"));
        try {
            driver.overrides = driver.overridesOf(app, options);
            if (!driver.overrides.isEmpty() && options.failOnOverrides()) {
                throw new AssertionError("The test driver would run app '" + app.id() + "' with settings it cannot"
                        + " keep (TestDriverOptions.failOnOverrides is on): " + String.join("; ", driver.overrides));
            }
            driver.overrides.forEach(o -> DriverLog.warn("Test driver of app '" + app.id() + "': " + o));
            driver.worker = driver.startWorker();
        } catch (RuntimeException | Error e) {
            driver.broker.discard();
            throw e;
        }
        return driver;
    }

    /** The app this driver runs. */
    public App app() {
        return app;
    }

    /** The clock the app runs on: records the driver sends are stamped with it, and so are agents' sends. */
    public ManualClock clock() {
        return clock;
    }

    /** The URL of the driver's private broker, such as {@code memory://test-1b4e...}. */
    public String brokerUrl() {
        return broker.url();
    }

    /**
     * The settings of the app that the driver replaced with its own and that change what the app can do,
     * each with what it means, such as {@code store rocksdb:///data replaced by memory:// ...}; empty when the
     * app runs as configured (apart from the broker, which is always the driver's private one, and the commit
     * interval). Each is logged as a warning when the driver starts.
     */
    public List<String> overrides() {
        return overrides;
    }

    /** The worker running now (a new one after each {@link #restart()}). */
    public Worker worker() {
        return requireWorker();
    }

    /**
     * Appends a keyed record to a topic of the app, stamped with the clock's time, in the partition Kafka's
     * default partitioner picks for the key. Does not wait for agents: call {@link #process()}.
     */
    public <K, V> void send(Topic<K, V> topic, K key, V value) {
        Objects.requireNonNull(key, "key: use send(topic, value) to send without a key");
        Objects.requireNonNull(value, "value");
        requireDeclared(topic);
        if (topic.isChannel()) {
            requireWorker();
            topic.send(key, value);
            return;
        }
        requireWorker();
        broker.appendKeyed(topic.name(), topic.keyCodec().encode(key), topic.valueCodec().encode(value), clock.millis(),
                List.of());
    }

    /** Appends a record without a key; partitions are used round-robin. Does not wait for agents. */
    public <V> void send(Topic<?, V> topic, V value) {
        Objects.requireNonNull(value, "value");
        requireDeclared(topic);
        if (topic.isChannel()) {
            requireWorker();
            topic.send(value);
            return;
        }
        requireWorker();
        broker.appendUnkeyed(topic.name(), topic.valueCodec().encode(value), clock.millis(), List.of());
    }

    /**
     * Appends a record given as bytes to a topic of the app, as a producer that does not use the app's codecs
     * would: malformed values, headers, tombstones, a timestamp of its own (else the clock's time). A record
     * with a key goes to the partition Kafka's default partitioner picks for the key bytes, one without to the
     * next partition round-robin. Does not wait for agents: call {@link #process()}.
     *
     * @throws IllegalArgumentException for a channel (it carries values, not bytes) or a topic of another app
     */
    public void sendRaw(Topic<?, ?> topic, RawRecord record) {
        Objects.requireNonNull(record, "record");
        requireDeclared(topic);
        if (topic.isChannel()) {
            throw new IllegalArgumentException(topic.name() + " is a channel: it carries values, not bytes; use"
                    + " send(channel, value)");
        }
        requireWorker();
        long timestamp = record.timestamp().map(java.time.Instant::toEpochMilli).orElseGet(clock::millis);
        byte[] value = record.value().orElse(null);
        if (record.key().isPresent()) {
            broker.appendKeyed(topic.name(), record.key().get(), value, timestamp, record.headers());
        } else {
            broker.appendUnkeyed(topic.name(), value, timestamp, record.headers());
        }
    }

    /**
     * Appends a record given as bytes to the topic the agent consumes (see {@link #sendRaw}), then
     * {@link #process() processes} it. A value the topic's codec cannot decode counts as a decode error:
     * create the driver with {@link TestDriverOptions#failOnErrors(boolean) failOnErrors(false)} to test
     * where it goes (the dead-letter topic by default).
     */
    public void putRaw(Agent<?, ?> agent, RawRecord record) {
        requireDeclared(agent);
        sendRaw(agent.topic(), record);
        process();
    }

    /**
     * Sends a keyed value to the topic the agent consumes, then {@link #process() processes} it.
     *
     * @throws IllegalArgumentException when the key is not of the key type of the agent's topic
     */
    public <K, V> void put(Agent<K, V> agent, K key, V value) {
        Objects.requireNonNull(key, "key: use put(agent, value) to put without a key");
        requireDeclared(agent);
        Topic<?, V> topic = agent.topic();
        if (!topic.keyType().isInstance(key)) {
            throw new IllegalArgumentException("Agent '" + agent.name() + "' consumes " + topic.name() + ", whose keys are "
                    + topic.keyType().getSimpleName() + ", but the key " + key + " is a " + key.getClass().getSimpleName()
                    + ": put the key the topic takes (a groupBy key is computed by the app)");
        }
        @SuppressWarnings("unchecked")
        Topic<Object, V> typed = (Topic<Object, V>) topic;
        send(typed, key, value);
        process();
    }

    /** Sends a value without a key to the topic the agent consumes, then {@link #process() processes} it. */
    public <V> void put(Agent<?, V> agent, V value) {
        requireDeclared(agent);
        send(agent.topic(), value);
        process();
    }

    /**
     * Waits until every agent has finished every record sent so far, including records that agents sent
     * to each other (repartitions, sinks, topics other agents consume).
     *
     * @throws AssertionError when that does not happen within the process timeout (an agent is blocked or
     *     too slow), when the worker failed, or, with {@link TestDriverOptions#failOnErrors()}, when an agent
     *     loop threw or a record could not be decoded since the last call
     */
    public void process() {
        WorkerImpl running = requireWorker();
        boolean idle;
        try {
            idle = running.awaitIdle(options.processTimeout());
        } catch (Faust4jException e) {
            throw new AssertionError("The worker of app '" + app.id() + "' failed: " + e.getMessage(), e);
        }
        if (!idle) {
            List<String> clockWaits = running.clockWaits();
            List<FailureReport> reports = failures.take();
            AssertionError error = new AssertionError("App '" + app.id() + "' did not finish processing within "
                    + options.processTimeout().toMillis() + " ms: an agent is still working, or is blocked (waiting"
                    + " forever on a lock, a latch, a queue or a call without timeout)"
                    + (reports.isEmpty() ? "" : ", or is retrying an event that failed (" + reports.size()
                            + " failure(s) attached as suppressed exceptions)")
                    + ". " + describe(running.stats()) + "; records per topic: " + broker.recordsPerTopic()
                    + (clockWaits.isEmpty() ? "" : ". Waiting for the manual clock, which only the test moves (advance"
                            + " it with driver.clock().advance(...) to close these batches): " + String.join("; ",
                            clockWaits) + "; the clock is at " + clock.instant()));
            reports.stream().limit(5).forEach(r -> error.addSuppressed(Failures.positioned(r)));
            throw error;
        }
        checkErrors(running.stats());
    }

    /**
     * Moves the clock forward by {@code amount}, then {@link #process() processes}: take windows that end by
     * the new time close and their batches are handled.
     */
    public void advance(Duration amount) {
        requireWorker();
        clock.advance(amount);
        process();
    }

    /**
     * The records the app's agents sent to {@code topic}, decoded with the topic's codecs, by partition and
     * then offset; records the driver itself sent are left out.
     *
     * @throws IllegalArgumentException for a channel (its records never leave the worker: use a sink and
     *     {@link #emitted}) or a topic of another app
     */
    public <K, V> List<Sent<K, V>> sent(Topic<K, V> topic) {
        requireDeclared(topic);
        if (topic.isChannel()) {
            throw new IllegalArgumentException(topic.name() + " is a channel: its records never leave the worker, so"
                    + " they are not kept; check what the agents consuming it did instead");
        }
        return sent(topic.name(), topic.keyCodec(), topic.valueCodec());
    }

    /**
     * The records agents sent to any topic on the driver's broker, internal ones included (such as
     * {@code <app>-<agent>-groupby-repartition}), decoded with the given codecs, by partition and then
     * offset; records the driver sent and records without a value (tombstones) are left out.
     *
     * @throws IllegalArgumentException when the broker has no such topic (the message lists those it has)
     * @throws AssertionError when a record cannot be decoded with the codecs
     */
    public <K, V> List<Sent<K, V>> sent(String topic, Codec<K> keyCodec, Codec<V> valueCodec) {
        return broker.sent(Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(keyCodec, "keyCodec"),
                Objects.requireNonNull(valueCodec, "valueCodec"));
    }

    /** The values of {@link #sent(Topic)}, in the same order. */
    public <V> List<V> sentValues(Topic<?, V> topic) {
        return sent(topic).stream().map(Sent::value).toList();
    }

    /** The names of all topics on the driver's broker: declared, repartition and changelog topics. */
    public Set<String> topicNames() {
        return broker.topicNames();
    }

    /**
     * The values {@code agent}'s loop passed to {@link io.faust4j.Stream#emit}, as {@code type}, in the order it
     * emitted them (per partition; across partitions in the order they happened), since the driver started.
     *
     * <pre>{@code
     * List<Alert> alerts = driver.emitted(detect, Alert.class);
     * }</pre>
     *
     * @throws AssertionError when a value is not a {@code type} (the message names its index and class)
     */
    public <T> List<T> emitted(Agent<?, ?> agent, Class<T> type) {
        Objects.requireNonNull(type, "type");
        List<Object> values = emitted(agent);
        List<T> typed = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (!type.isInstance(value)) {
                throw new AssertionError("Agent '" + agent.name() + "' emitted " + values.size() + " value(s), and value "
                        + i + " is " + (value == null ? "null" : "a " + value.getClass().getName() + " (" + value + ")")
                        + ", not a " + type.getName());
            }
            typed.add(type.cast(value));
        }
        return Collections.unmodifiableList(typed);
    }

    /**
     * The values {@code agent}'s loop passed to {@link io.faust4j.Stream#emit}, in the order it emitted them
     * (per partition; across partitions in the order they happened), since the driver started; see
     * {@link #emitted(Agent, Class)} for a typed list.
     */
    public List<Object> emitted(Agent<?, ?> agent) {
        requireDeclared(agent);
        List<Object> values = emitted.get(agent.name());
        if (values == null) {
            return List.of();
        }
        synchronized (values) {
            return Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /** A snapshot of every entry of {@code table}, by partition; call {@link #process()} first. */
    public <K, V> Map<K, V> table(Table<K, V> table) {
        requireWorker();
        if (!app.tables().contains(Objects.requireNonNull(table, "table"))) {
            throw new IllegalArgumentException(table + " is not declared in app '" + app.id()
                    + "', which this driver runs: use the tables of the app value given to the driver");
        }
        Map<K, V> snapshot = new LinkedHashMap<>();
        table.forEach(snapshot::put);
        return Collections.unmodifiableMap(snapshot);
    }

    /**
     * Stops the worker warmly (current events finish, tables are checkpointed, offsets committed) and starts
     * a new one on the same broker, as after a crash-free redeploy: tables are recovered from their
     * changelogs and each agent goes on from its committed offset. What was emitted and sent is kept.
     * Call {@link #process()} first: what the new worker emits before the driver attaches to it (events
     * sent but not processed before the restart) is not recorded.
     */
    public void restart() {
        WorkerImpl old = requireWorker();
        worker = null;
        old.stop();
        worker = startWorker();
    }

    /** Stops the worker and forgets the broker with everything on it. Calling it again does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (worker != null) {
                worker.stop();
            }
        } finally {
            worker = null;
            broker.discard();
        }
    }

    private WorkerImpl startWorker() {
        if (!(app instanceof AppImpl appImpl)) {
            throw new IllegalStateException("The test driver needs an app made by App.create, got "
                    + app.getClass().getName());
        }
        WorkerImpl impl = appImpl.start(s -> {
            driverSettings(s);
            options.settings().accept(s);
        }, w -> {
            w.onEmit((agent, value) -> emitted.computeIfAbsent(agent, a -> Collections.synchronizedList(new ArrayList<>()))
                    .add(value));
            w.onFailure(failures::add);
        });
        WorkerStats stats = impl.stats();
        agentErrorsSeen = stats.agentErrors();
        decodeErrorsSeen = stats.decodeErrors();
        return impl;
    }

    private void driverSettings(Settings.Builder s) {
        s.broker(brokerUrl()).store("memory://").clock(clock).commitInterval(options.commitInterval());
    }

    /** What the driver replaces that changes what the app can do: compares the app as asked with it as run. */
    private List<String> overridesOf(App app, TestDriverOptions options) {
        Settings.Builder asked = app.settings().toBuilder();
        options.settings().accept(asked);
        Settings.Builder driven = app.settings().toBuilder();
        driverSettings(driven);
        options.settings().accept(driven);
        return Overrides.find(asked.build(), driven.build());
    }

    private void checkErrors(WorkerStats stats) {
        long agentErrors = stats.agentErrors() - agentErrorsSeen;
        long decodeErrors = stats.decodeErrors() - decodeErrorsSeen;
        agentErrorsSeen = stats.agentErrors();
        decodeErrorsSeen = stats.decodeErrors();
        List<FailureReport> reports = failures.take();
        if (options.failOnErrors() && (agentErrors > 0 || decodeErrors > 0)) {
            throw Failures.toError("App '" + app.id() + "': " + agentErrors + " agent loop(s) threw and "
                    + decodeErrors + " record(s) could not be decoded since the last process()", reports,
                    "To test how the app copes with errors, use TestDriverOptions.failOnErrors(false)");
        }
    }

    private static String describe(WorkerStats stats) {
        return "Worker stats: " + stats.eventsProcessed() + " event(s) handed to agent loops, " + stats.agentErrors()
                + " agent error(s), " + stats.decodeErrors() + " decode error(s), " + stats.commits() + " commit(s)";
    }

    private WorkerImpl requireWorker() {
        if (closed) {
            throw new IllegalStateException("This test driver of app '" + app.id() + "' is closed");
        }
        if (worker == null) {
            throw new IllegalStateException("The test driver of app '" + app.id() + "' has no running worker"
                    + " (a restart failed)");
        }
        return worker;
    }

    private void requireDeclared(Topic<?, ?> topic) {
        if (!app.topics().contains(Objects.requireNonNull(topic, "topic"))) {
            throw new IllegalArgumentException(topic + " is not declared in app '" + app.id() + "', which this"
                    + " driver runs: use the topics of the app value given to the driver");
        }
    }

    private void requireDeclared(Agent<?, ?> agent) {
        if (!app.agents().contains(Objects.requireNonNull(agent, "agent"))) {
            throw new IllegalArgumentException(agent + " is not declared in app '" + app.id() + "', which this"
                    + " driver runs: use the agents of the app value given to the driver");
        }
    }
}
