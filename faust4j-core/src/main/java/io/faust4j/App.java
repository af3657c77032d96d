package io.faust4j;

import io.faust4j.internal.AppImpl;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;

/**
 * A stream-processing application: its settings, topics, tables and agents. An app is a value: the
 * same definition is run by {@code main}, by the test driver and by the examples.
 *
 * <pre>{@code
 * var app = App.create("order-counts", s -> s.broker("memory://"));
 * var orders = app.topic("orders", Order.class);
 * var counts = app.table("order-count", String.class, Long.class, 0L);
 * app.agent("count-orders", orders.groupBy(Order::accountId), stream -> {
 *     for (Order order : stream) {
 *         counts.update(order.accountId(), n -> n + 1);
 *     }
 * });
 * app.run();
 * }</pre>
 *
 * <p>Declare everything before the first {@link #start()}; the whole topology (topics, repartition
 * topics, changelogs) is known before a worker starts.
 */
public interface App {
    /** Creates an app with default settings (plus environment and properties file). */
    static App create(String id) {
        return create(id, settings -> { });
    }

    /** Creates an app, configuring its settings in code; code wins over environment and file. */
    static App create(String id, Consumer<Settings.Builder> configure) {
        Settings.Builder builder = Settings.builder(id);
        configure.accept(builder);
        return new AppImpl(builder);
    }

    /** The app id, as given to {@link #create}. */
    String id();

    /** The resolved settings. */
    Settings settings();

    /** Declares a topic with string keys and values of {@code valueType} (JSON by default). */
    <V> Topic<String, V> topic(String name, Class<V> valueType);

    /** Declares a topic with typed keys and values, partitions and codecs given by {@code options}. */
    <K, V> Topic<K, V> topic(String name, Class<K> keyType, Class<V> valueType, TopicOptions options);

    /** Declares an in-process channel: a single-partition stream that never leaves this worker. */
    <V> Topic<String, V> channel(String name, Class<V> valueType);

    /** Declares a table whose missing keys read as {@code defaultValue}. */
    <K, V> Table<K, V> table(String name, Class<K> keyType, Class<V> valueType, V defaultValue);

    /**
     * Declares a table whose missing keys read as a value made by {@code defaults}, called once per read of a
     * missing key: {@code app.tableWithDefault("tags", String.class, Set.class, HashSet::new)} gives every key a
     * set of its own. A default read with {@link Table#get} and changed is not stored until it is written back
     * ({@link Table#put}, or {@link Table#update}, which writes what its function returns). (Not an overload of
     * {@code table}: Java could not tell {@code HashSet::new} from a default value.)
     */
    <K, V> Table<K, V> tableWithDefault(String name, Class<K> keyType, Class<V> valueType,
                                        java.util.function.Supplier<? extends V> defaults);

    /** Declares a table without a default: reading a missing key with {@link Table#get} fails. */
    <K, V> Table<K, V> table(String name, Class<K> keyType, Class<V> valueType);

    /**
     * Declares a global table ({@link GlobalTable}) whose missing keys read as {@code defaultValue}: every
     * worker holds all of it, kept current from its changelog, and any agent may read any key.
     */
    <K, V> GlobalTable<K, V> globalTable(String name, Class<K> keyType, Class<V> valueType, V defaultValue);

    /** Declares a global table without a default. */
    <K, V> GlobalTable<K, V> globalTable(String name, Class<K> keyType, Class<V> valueType);

    /**
     * Declares a table of sets ({@link SetTable}): {@code add} and {@code discard} elements of a key's set;
     * the sets are changelogged as JSON arrays of {@code elementType}.
     */
    <K, E> SetTable<K, E> setTable(String name, Class<K> keyType, Class<E> elementType);

    /** Declares an agent: {@code body} runs once per assigned partition of {@code source}, on a virtual thread. */
    <K, V> Agent<K, V> agent(String name, Source<K, V> source, AgentBody<K, V> body);

    /** Declares an agent with options (sinks for the values it emits). */
    <K, V> Agent<K, V> agent(String name, Source<K, V> source, AgentOptions options, AgentBody<K, V> body);

    /**
     * Declares a timer: {@code body} runs every {@code interval} on the app's clock, on every worker, the first
     * time one interval after the worker is ready. Ticks are on a fixed grid (start + n × interval); a tick
     * that comes while the previous one still runs is skipped, not queued. See docs/time.md.
     */
    void timer(Duration interval, TimerBody body);

    /** Declares a timer with options (a name; run only on the group's leader). */
    void timer(Duration interval, TimerOptions options, TimerBody body);

    /**
     * Declares a crontab: {@code body} runs at the times a five-field cron expression
     * ({@code minute hour day-of-month month day-of-week}, or {@code @hourly}, {@code @daily}...) names in
     * {@code zone}, on every worker.
     *
     * @throws ConfigurationException when the expression is not valid or never matches, naming the field
     */
    void crontab(String expression, ZoneId zone, TimerBody body);

    /** Declares a crontab with options (a name; run only on the group's leader). */
    void crontab(String expression, ZoneId zone, TimerOptions options, TimerBody body);

    /** Declares a background task, started on each worker once it is ready and asked to end when it stops. */
    void task(BackgroundTask task);

    /**
     * Declares a start hook, run when a worker has recovered its tables and processes, before its timers and
     * tasks start; hooks run in declaration order.
     */
    void onStart(WorkerHook hook);

    /**
     * Declares a stop hook, run when a worker stops, after its timers and tasks ended and before its agents
     * stop (so it may still send); hooks run in declaration order.
     */
    void onStop(WorkerHook hook);

    /** The declared agents, in declaration order (internal forwarding agents excluded). */
    List<Agent<?, ?>> agents();

    /** The declared tables, in declaration order. */
    List<Table<?, ?>> tables();

    /** The declared topics and channels, in declaration order (internal topics excluded). */
    List<Topic<?, ?>> topics();

    /**
     * Declares an HTTP page (Faust's {@code @app.page}), served by every worker of the app when the
     * {@code faust4j-web} module is on the class path: {@code app.page("GET", "/orders/{id}", request ->
     * PageResponse.json(...))}. See docs/web.md.
     *
     * @throws ConfigurationException for a bad method or path, or when the method and path are taken
     */
    Page page(String method, String path, PageHandler handler);

    /**
     * Declares an HTTP page answered by the worker that holds the partition of a key of {@code routeBy} (Faust's
     * {@code @app.table_route}): the key is the path parameter {@code keyParameter}; a request that reaches
     * another worker is forwarded to the owner with its method, headers and body.
     *
     * @throws ConfigurationException for a bad method or path, a parameter the path lacks, or a taken path
     */
    Page page(String method, String path, Table<?, ?> routeBy, String keyParameter, PageHandler handler);

    /**
     * Declares an HTTP page answered by the worker that holds the partition of a key of the windowed table
     * {@code routeBy} (all of a key's windows live there), as {@link #page(String, String, Table, String,
     * PageHandler)} does for plain tables.
     *
     * @throws ConfigurationException for a bad method or path, a parameter the path lacks, a taken path, or a
     *         windowed table of another app
     */
    Page page(String method, String path, WindowedTable<?, ?> routeBy, String keyParameter, PageHandler handler);

    /** The declared pages, in declaration order. */
    List<Page> pages();

    /** Starts a worker with the app's settings and returns once its partitions are assigned and recovered. */
    Worker start();

    /** Starts a worker with settings overridden on top of the app's (used by tests and the CLI). */
    Worker start(Consumer<Settings.Builder> overrides);

    /**
     * Starts a worker and blocks until the JVM is asked to stop (TERM or INT), then stops the worker
     * warmly: current events finish, offsets are committed, everything is closed.
     */
    void run();
}
