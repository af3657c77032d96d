package io.faust4j.internal;

import io.faust4j.Agent;
import io.faust4j.AgentBody;
import io.faust4j.AgentOptions;
import io.faust4j.App;
import io.faust4j.Codecs;
import io.faust4j.internal.codec.BuiltinCodecs;
import io.faust4j.ConfigurationException;
import io.faust4j.Faust4jException;
import io.faust4j.Settings;
import io.faust4j.Source;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.TopicOptions;
import io.faust4j.Worker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The app: settings plus the declared topics, tables and agents; starts workers. */
public final class AppImpl implements App {
    private static final Logger LOG = LoggerFactory.getLogger(AppImpl.class);
    private static final String NAME_PATTERN = "[A-Za-z0-9._-]+";

    private final Settings settings;
    private final Map<String, TopicImpl<?, ?>> topics = new LinkedHashMap<>();
    private final Map<String, TableImpl<?, ?>> tables = new LinkedHashMap<>();
    private final Map<String, AgentImpl<?, ?>> agents = new LinkedHashMap<>();
    private final List<WindowedTableImpl<?, ?>> windowedTables = new ArrayList<>();
    private final Lifecycle lifecycle = new Lifecycle();
    private final List<WorkerImpl> workers = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private int starting;

    /** Builds the settings (failing fast on bad values) and an empty app. */
    public AppImpl(Settings.Builder settings) {
        this.settings = settings.build();
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public <V> Topic<String, V> topic(String name, Class<V> valueType) {
        return topic(name, String.class, valueType, TopicOptions.defaults());
    }

    @Override
    public synchronized <K, V> Topic<K, V> topic(String name, Class<K> keyType, Class<V> valueType, TopicOptions options) {
        return declareTopic(name, keyType, valueType, options, false);
    }

    @Override
    public synchronized <V> Topic<String, V> channel(String name, Class<V> valueType) {
        return declareTopic(name, String.class, valueType, TopicOptions.defaults().partitions(1), true);
    }

    private <K, V> TopicImpl<K, V> declareTopic(String name, Class<K> keyType, Class<V> valueType, TopicOptions options,
                                               boolean channel) {
        checkName("topic", name);
        if (topics.containsKey(name)) {
            throw new ConfigurationException("Topic '" + name + "' is declared twice in app '" + id()
                    + "': declare it once and share the value");
        }
        String keyCodec = options.keySerializer().isEmpty()
                ? Codecs.defaultKeyCodecFor(keyType, settings.keySerializer()) : options.keySerializer();
        String valueCodec = options.valueSerializer().isEmpty() ? settings.valueSerializer() : options.valueSerializer();
        TopicImpl<K, V> topic = new TopicImpl<>(this, name, keyType, valueType, codec(keyCodec, keyType),
                codec(valueCodec, valueType), options, channel, false);
        topics.put(name, topic);
        return topic;
    }

    @Override
    public <K, V> Table<K, V> table(String name, Class<K> keyType, Class<V> valueType, V defaultValue) {
        java.util.Objects.requireNonNull(defaultValue, "defaultValue: use table(name, keyType, valueType) for none");
        return declareTable(name, keyType, valueType, () -> defaultValue);
    }

    @Override
    public <K, V> Table<K, V> tableWithDefault(String name, Class<K> keyType, Class<V> valueType,
                                               java.util.function.Supplier<? extends V> defaults) {
        java.util.Objects.requireNonNull(defaults, "defaults: use table(name, keyType, valueType) for no default");
        return declareTable(name, keyType, valueType, defaults);
    }

    @Override
    public <K, V> Table<K, V> table(String name, Class<K> keyType, Class<V> valueType) {
        return declareTable(name, keyType, valueType, null);
    }

    private <K, V> Table<K, V> declareTable(String name, Class<K> keyType, Class<V> valueType,
                                            java.util.function.Supplier<? extends V> defaults) {
        return declareTable(name, keyType, valueType, codec(settings.tableValueSerializer(valueType), valueType), defaults,
                false);
    }

    @Override
    public <K, V> io.faust4j.GlobalTable<K, V> globalTable(String name, Class<K> keyType, Class<V> valueType,
                                                           V defaultValue) {
        java.util.Objects.requireNonNull(defaultValue, "defaultValue: use globalTable(name, keyType, valueType) for none");
        return (GlobalTableImpl<K, V>) declareTable(name, keyType, valueType,
                codec(settings.tableValueSerializer(valueType), valueType), () -> defaultValue, true);
    }

    @Override
    public <K, V> io.faust4j.GlobalTable<K, V> globalTable(String name, Class<K> keyType, Class<V> valueType) {
        return (GlobalTableImpl<K, V>) declareTable(name, keyType, valueType,
                codec(settings.tableValueSerializer(valueType), valueType), null, true);
    }

    private synchronized <K, V> TableImpl<K, V> declareTable(String name, Class<K> keyType, Class<V> valueType,
                                                             io.faust4j.Codec<V> valueCodec,
                                                             java.util.function.Supplier<? extends V> defaults,
                                                             boolean global) {
        checkName("table", name);
        if (tables.containsKey(name)) {
            throw new ConfigurationException("Table '" + name + "' is declared twice in app '" + id() + "'");
        }
        io.faust4j.Codec<K> keyCodec = codec(settings.tableKeySerializer(keyType), keyType);
        io.faust4j.Codec<K> partitionKeyCodec = codec(Codecs.defaultKeyCodecFor(keyType, settings.keySerializer()), keyType);
        TableImpl<K, V> table = global
                ? new GlobalTableImpl<>(this, tables.size(), name, keyType, valueType, keyCodec, partitionKeyCodec,
                        valueCodec, defaults, settings.topicPartitions())
                : new TableImpl<>(this, tables.size(), name, keyType, valueType, keyCodec, partitionKeyCodec,
                        valueCodec, defaults, settings.topicPartitions(), false);
        tables.put(name, table);
        return table;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <K, E> io.faust4j.SetTable<K, E> setTable(String name, Class<K> keyType, Class<E> elementType) {
        Class<java.util.Set<E>> setType = (Class) java.util.Set.class;
        return new SetTableImpl<>(declareTable(name, keyType, setType,
                io.faust4j.internal.codec.SetCodec.of(elementType), null, false));
    }

    @Override
    public <K, V> Agent<K, V> agent(String name, Source<K, V> source, AgentBody<K, V> body) {
        return agent(name, source, AgentOptions.defaults(), body);
    }

    @Override
    public synchronized <K, V> Agent<K, V> agent(String name, Source<K, V> source, AgentOptions options,
                                                 AgentBody<K, V> body) {
        checkName("agent", name);
        if (agents.containsKey(name)) {
            throw new ConfigurationException("Agent '" + name + "' is declared twice in app '" + id() + "'");
        }
        if (!(source instanceof AbstractSource<K, V> declared) || declared.rootTopic() == null) {
            throw new ConfigurationException("Agent '" + name + "' needs a source made by this app (a topic, a channel,"
                    + " or one of their groupBy/through steps)");
        }
        AgentImpl<K, V> agent = new AgentImpl<>(this, name, declared, body, options);
        agents.put(name, agent);
        return agent;
    }

    // ---- timers, crontabs, tasks and hooks (run by each worker's WorkerLifecycle) ----

    @Override
    public void timer(java.time.Duration interval, io.faust4j.TimerBody body) {
        timer(interval, io.faust4j.TimerOptions.defaults(), body);
    }

    @Override
    public synchronized void timer(java.time.Duration interval, io.faust4j.TimerOptions options,
                                   io.faust4j.TimerBody body) {
        String name = lifecycle.timerName("timer", options);
        checkName("timer", name);
        lifecycle.timer(name, interval, options, body);
    }

    @Override
    public void crontab(String expression, java.time.ZoneId zone, io.faust4j.TimerBody body) {
        crontab(expression, zone, io.faust4j.TimerOptions.defaults(), body);
    }

    @Override
    public synchronized void crontab(String expression, java.time.ZoneId zone, io.faust4j.TimerOptions options,
                                     io.faust4j.TimerBody body) {
        String name = lifecycle.timerName("crontab", options);
        checkName("crontab", name);
        lifecycle.crontab(name, expression, zone, options, body);
    }

    @Override
    public synchronized void task(io.faust4j.BackgroundTask task) {
        checkName("task", "task-" + (lifecycle.tasks().size() + 1));
        lifecycle.task(task);
    }

    @Override
    public synchronized void onStart(io.faust4j.WorkerHook hook) {
        checkName("start hook", "start-hook");
        lifecycle.onStart(hook);
    }

    @Override
    public synchronized void onStop(io.faust4j.WorkerHook hook) {
        checkName("stop hook", "stop-hook");
        lifecycle.onStop(hook);
    }

    /** The declared timers, tasks and hooks. */
    synchronized Lifecycle lifecycle() {
        return lifecycle;
    }

    /** The codec called {@code name}, with json in the dialect of the {@code json_dialect} setting. */
    <T> io.faust4j.Codec<T> codec(String name, Class<T> type) {
        return BuiltinCodecs.forName(name, type, settings.faustJson());
    }

    private void checkName(String kind, String name) {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new ConfigurationException("Invalid " + kind + " name '" + name + "': use letters, digits, '.', '_'"
                    + " or '-' (it becomes part of topic names)");
        }
        if (!workers.isEmpty() || starting > 0) {
            throw new ConfigurationException("Cannot declare " + kind + " '" + name + "' while app '" + id()
                    + "' is running: declare topics, tables and agents before start()");
        }
    }

    @Override
    public List<Agent<?, ?>> agents() {
        return List.copyOf(agents.values());
    }

    @Override
    public List<Table<?, ?>> tables() {
        return tables.values().stream().filter(t -> !t.isInternal()).<Table<?, ?>>map(t -> t).toList();
    }

    @Override
    public List<Topic<?, ?>> topics() {
        return List.copyOf(topics.values());
    }

    // ---- pages (served by faust4j-web) ----

    private final List<io.faust4j.Page> pages = new CopyOnWriteArrayList<>();

    @Override
    public io.faust4j.Page page(String method, String path, io.faust4j.PageHandler handler) {
        return addPage(new io.faust4j.Page(method, path, handler));
    }

    @Override
    public io.faust4j.Page page(String method, String path, Table<?, ?> routeBy, String keyParameter,
                                io.faust4j.PageHandler handler) {
        if (tables.get(routeBy.name()) != routeBy) {
            throw new ConfigurationException("Page " + path + " is routed by " + routeBy + ", which is not a table"
                    + " of app '" + id() + "': route by a table this app declares");
        }
        return addPage(new io.faust4j.Page(method, path, handler, routeBy.name(), keyParameter));
    }

    @Override
    public io.faust4j.Page page(String method, String path, io.faust4j.WindowedTable<?, ?> routeBy, String keyParameter,
                                io.faust4j.PageHandler handler) {
        boolean ours = routeBy instanceof WindowedTableImpl<?, ?> impl
                && windowedTables().stream().anyMatch(w -> w.core() == impl.core());
        if (!ours) {
            throw new ConfigurationException("Page " + path + " is routed by " + routeBy + ", which is not a windowed"
                    + " table of app '" + id() + "': route by a windowed table this app declares");
        }
        return addPage(new io.faust4j.Page(method, path, handler, routeBy.name(), keyParameter));
    }

    private synchronized io.faust4j.Page addPage(io.faust4j.Page page) {
        String shape = page.method() + " " + page.path().replaceAll("\\{[^}/]*}", "{}");
        for (io.faust4j.Page other : pages) {
            if (shape.equals(other.method() + " " + other.path().replaceAll("\\{[^}/]*}", "{}"))) {
                throw new ConfigurationException("Page " + page.method() + " " + page.path() + " is already declared"
                        + " (as " + other.path() + "): give each method and path one page");
            }
        }
        pages.add(page);
        return page;
    }

    @Override
    public List<io.faust4j.Page> pages() {
        return List.copyOf(pages);
    }

    synchronized List<AgentImpl<?, ?>> agentImpls() {
        return List.copyOf(agents.values());
    }

    // ---- windowed tables ----

    /**
     * Makes {@code plain} a windowed table: a table of the same name and index keyed by {@link WindowKey} takes its
     * place, and an internal table {@code <name>-stream-time} holds each partition's stream time (for sliding
     * windows, another, {@code <name>-newest-event}, each window's newest event time).
     */
    synchronized <K, V> io.faust4j.WindowedTable<K, V> windowTable(TableImpl<K, V> plain, io.faust4j.Windows windows) {
        String name = plain.name();
        checkDeclaring("windowed table '" + name + "'");
        if (plain.isGlobal()) {
            throw new ConfigurationException("Global table '" + name + "' cannot be windowed: declare a table with"
                    + " app.table(...) and window that");
        }
        if (tables.get(name) != plain) {
            throw new ConfigurationException("Table '" + name + "' is already windowed: call tumbling/hopping/windowed"
                    + " once and keep the WindowedTable it returns");
        }
        if (windows.isSliding() && settings.faustCompat()) {
            throw new ConfigurationException("Table '" + name + "' has sliding windows, which Faust's windowed key layout"
                    + " (faust_compat=true) cannot hold: Faust derives a window's end from its start and the size, and"
                    + " has no sliding windows that aggregate. Use tumbling or hopping windows with faust_compat, or"
                    + " turn faust_compat off");
        }
        String newest = name + SlidingWindowStates.NEWEST_EVENT;
        if (windows.isSliding() && tables.containsKey(newest)) {
            throw new ConfigurationException("Table '" + newest + "' is declared, but sliding windowed table '" + name
                    + "' needs that name for its own internal table: rename one of them");
        }
        io.faust4j.Codec<K> keyCodec = plain.keyCodec();
        WindowKeyCodec<K> windowKeys = settings.faustCompat()
                ? WindowKeyCodec.faust(keyCodec, windows.size().toMillis()) : WindowKeyCodec.binary(keyCodec);
        io.faust4j.Codec<K> partitionKeyCodec = codec(Codecs.defaultKeyCodecFor(plain.keyType(), settings.keySerializer()),
                plain.keyType());
        TableImpl<WindowKey<K>, V> data = new TableImpl<>(this, plain.index(), name, windowKeys.type(),
                plain.valueType(), windowKeys, WindowKeyCodec.partitioning(partitionKeyCodec), plain.valueCodec(),
                plain.defaults(), plain.partitions(), false);
        tables.put(name, data); // in the place of the plain table
        plain.replacedBy("windowed (" + windows + ")");
        TableImpl<String, Long> times = declareTable(name + "-stream-time", String.class, Long.class,
                codec("json", Long.class), null, false);
        times.markInternal();
        WindowedTableImpl<K, V> windowed = new WindowedTableImpl<>(new WindowedTableImpl.Core<>(this, data, times,
                windows, windowKeys));
        if (windows.isSliding()) {
            windowed.core().newest = new TableImpl<>(this, tables.size(), newest, windowKeys.type(), Long.class,
                    windowKeys, WindowKeyCodec.partitioning(partitionKeyCodec), codec("json", Long.class), null,
                    plain.partitions(), false);
            windowed.core().newest.markInternal();
            tables.put(newest, windowed.core().newest);
        }
        windowedTables.add(windowed);
        return windowed;
    }

    /** The windowed tables, in declaration order. */
    synchronized List<WindowedTableImpl<?, ?>> windowedTables() {
        return List.copyOf(windowedTables);
    }

    /** Fails unless the app can still be declared to (no worker runs or starts). */
    synchronized void checkDeclaring(String what) {
        if (!workers.isEmpty() || starting > 0) {
            throw new ConfigurationException("Cannot declare " + what + " while app '" + id() + "' is running: declare"
                    + " it before start()");
        }
    }

    synchronized List<TableImpl<?, ?>> tableImpls() {
        return List.copyOf(tables.values());
    }

    synchronized List<TopicImpl<?, ?>> topicImpls() {
        return List.copyOf(topics.values());
    }

    @Override
    public Worker start() {
        return startWorker(settings, null);
    }

    @Override
    public Worker start(Consumer<Settings.Builder> overrides) {
        return start(overrides, null);
    }

    /**
     * Starts a worker with overridden settings; for test drivers, {@code beforeStart} is given the worker
     * before any actor runs (to set its {@link WorkerImpl#onEmit} and {@link WorkerImpl#onFailure} hooks).
     */
    public WorkerImpl start(Consumer<Settings.Builder> overrides, Consumer<WorkerImpl> beforeStart) {
        Settings.Builder builder = settings.toBuilder();
        overrides.accept(builder);
        return startWorker(builder.build(), beforeStart);
    }

    private WorkerImpl startWorker(Settings workerSettings, Consumer<WorkerImpl> beforeStart) {
        WorkerImpl worker = new WorkerImpl(this, workerSettings);
        if (beforeStart != null) {
            beforeStart.accept(worker);
        }
        synchronized (this) {
            starting++;
        }
        try {
            worker.start();
            workers.add(worker);
        } finally {
            synchronized (this) {
                starting--;
            }
        }
        return worker;
    }

    @Override
    public void run() {
        Worker worker = start();
        Thread hook = new Thread(() -> {
            LOG.info("Shutdown requested: finishing current events and committing");
            worker.stop();
        }, "faust4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.stop();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the JVM is on its way out
            }
        }
        if (worker instanceof WorkerImpl impl && impl.failure() != null) {
            throw new Faust4jException("App '" + id() + "' stopped on an error: " + impl.failure().getMessage(),
                    impl.failure());
        }
    }

    void workerStopped(WorkerImpl worker) {
        workers.remove(worker);
        if (workers.isEmpty()) {
            stopped.countDown();
        }
    }

    /** The worker that a send or table read from the calling thread uses. */
    WorkerImpl workerForCaller() {
        Actor actor = Actor.current();
        if (actor != null) {
            return actor.worker();
        }
        WorkerImpl bound = WorkerLifecycle.boundWorker(); // a timer, task or hook runs for one worker
        if (bound != null) {
            return bound;
        }
        List<WorkerImpl> running = new ArrayList<>(workers);
        if (running.size() == 1) {
            return running.get(0);
        }
        if (running.isEmpty()) {
            throw new Faust4jException("App '" + id() + "' is not running" + (starting > 0 ? " yet (a worker is starting)" : "")
                    + ": start it (app.start()) before sending or reading tables from outside an agent");
        }
        throw new Faust4jException("App '" + id() + "' runs " + running.size() + " workers in this JVM, so a send or"
                + " table read from outside an agent is ambiguous: do it from inside an agent");
    }
}
