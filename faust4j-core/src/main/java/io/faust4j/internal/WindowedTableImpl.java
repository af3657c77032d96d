package io.faust4j.internal;

import io.faust4j.Faust4jException;
import io.faust4j.Topic;
import io.faust4j.WindowCloseHandler;
import io.faust4j.WindowSet;
import io.faust4j.WindowedTable;
import io.faust4j.Windows;
import io.faust4j.spi.ConsumedRecord;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A windowed table (or a view of one relative to another time). Its windows live in an ordinary table keyed by
 * {@link WindowKey} (same shards, changelog, recovery and stores as any table), and each partition's stream
 * time in a small internal table {@code <name>-stream-time} beside it, so both are changelogged, rolled back
 * with a failed event and recovered together. The window rules are {@link WindowPartition}'s, one per shard.
 */
final class WindowedTableImpl<K, V> implements WindowedTable<K, V> {
    static final String STREAM_TIME = "t";

    /** What every view of one windowed table shares. */
    static final class Core<K, V> {
        final AppImpl app;
        final TableImpl<WindowKey<K>, V> data;
        final TableImpl<String, Long> times;
        final Windows windows;
        final WindowKeyCodec<K> keyCodec;
        final long size;
        final long step;
        final long idle;
        final List<WindowCloseHandler<K, V>> handlers = new CopyOnWriteArrayList<>();
        final AtomicLong late = new AtomicLong();
        volatile TopicImpl<?, ?> lateTopic;
        volatile BinaryOperator<V> merger; // session windows: combines the values of sessions an event bridges
        /** Sliding windows only (else null): each window's newest event time ({@link SlidingWindowStates}). */
        TableImpl<WindowKey<K>, Long> newest;

        Core(AppImpl app, TableImpl<WindowKey<K>, V> data, TableImpl<String, Long> times, Windows windows,
             WindowKeyCodec<K> keyCodec) {
            this.app = app;
            this.data = data;
            this.times = times;
            this.windows = windows;
            this.keyCodec = keyCodec;
            this.size = windows.size().toMillis();
            this.step = windows.step().toMillis();
            this.idle = windows.idleAdvance().map(java.time.Duration::toMillis).orElse(-1L);
        }
    }

    /** Which time reads and writes are relative to. */
    private enum Relative { STREAM, NOW, FIELD }

    private final Core<K, V> core;
    private final Relative relative;
    private final Class<?> fieldType;
    private final Function<Object, Instant> field;

    WindowedTableImpl(Core<K, V> core) {
        this(core, Relative.STREAM, null, null);
    }

    private WindowedTableImpl(Core<K, V> core, Relative relative, Class<?> fieldType, Function<Object, Instant> field) {
        this.core = core;
        this.relative = relative;
        this.fieldType = fieldType;
        this.field = field;
    }

    Core<K, V> core() {
        return core;
    }

    @Override
    public String name() {
        return core.data.name();
    }

    @Override
    public Windows windows() {
        return core.windows;
    }

    // ---- writes ----

    @Override
    public V update(K key, UnaryOperator<V> fn) {
        Objects.requireNonNull(fn, "fn");
        return write(key, old -> fn.apply(old != null ? old : requireDefault(key)));
    }

    @Override
    public V merge(K key, V value, BinaryOperator<V> fn) {
        Objects.requireNonNull(value, "value");
        return write(key, old -> old == null ? value : fn.apply(old, value));
    }

    @Override
    public void put(K key, V value) {
        Objects.requireNonNull(value, "value");
        write(key, old -> value);
    }

    private V write(K key, UnaryOperator<V> change) {
        Objects.requireNonNull(key, "key");
        Actor actor = Actor.current();
        if (actor == null) {
            throw new Faust4jException("Windowed table '" + name() + "' can only be written inside an agent: a write"
                    + " goes to the partition of the event being processed. Send an event to an agent that writes it");
        }
        TableImpl.refuseConcurrent(actor, "Windowed table '" + name() + "'");
        TableShard<WindowKey<K>, V> shard = core.data.writeShard(actor);
        if (core.windows.isSession()) {
            return SessionStates.write(core, shard, actor, key, writeTime(actor), change);
        }
        WindowPartition<K, V> partition = WindowStates.partition(core, shard, actor);
        long time = writeTime(actor);
        WindowPartition.Written<V> written;
        try {
            written = core.newest != null
                    ? SlidingWindowStates.write(core, shard, actor, partition, key, time, change)
                    : partition.write(WindowStates.storage(core, shard, actor), key, time, change,
                    WindowStates.closer(core));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new Faust4jException("A window close handler of table '" + name() + "' failed: " + e.getMessage(), e);
        }
        partition.lastActivity = actor.worker().clock().millis();
        if (written.late()) {
            partition.lastLateOffset = countLate(core, actor, partition.lastLateOffset);
        }
        if (written.value() != null) {
            return written.value();
        }
        V current = core.newest != null ? SlidingWindowStates.valueAt(core, key, time) : shard.get(windowAt(key, time));
        return current != null ? current : core.data.defaultValue();
    }

    /**
     * Counts the current event of {@code actor} as late (and sends it to the late-event topic, if one is set),
     * unless it was counted already: one event writing the table twice is one late event.
     *
     * @param lastLateOffset the event last counted late in the partition
     * @return the event to remember as the last one counted
     */
    static long countLate(Core<?, ?> core, Actor actor, long lastLateOffset) {
        long event = actor.processed();
        if (lastLateOffset == event) {
            return event;
        }
        core.late.incrementAndGet();
        TopicImpl<?, ?> topic = core.lateTopic;
        ConsumedRecord record = actor.currentRecord();
        if (topic != null && record != null) {
            actor.worker().sendRaw(topic, record.key(), record.value(), record.headers(), record.timestamp());
        }
        return event;
    }

    private V requireDefault(K key) {
        V value = core.data.defaultValue();
        if (value == null) {
            throw new Faust4jException("Windowed table '" + name() + "' has no value for key " + key + " in this window"
                    + " and no default to update: use put or merge, or declare the table with a default value");
        }
        return value;
    }

    /** The relative time of a write: the event's timestamp, a field of it, or the clock. */
    private long writeTime(Actor actor) {
        switch (relative) {
            case NOW:
                return actor.worker().clock().millis();
            case FIELD:
                return fieldTime(actor);
            default:
                ConsumedRecord record = actor.currentRecord();
                return record != null ? record.timestamp() : actor.worker().clock().millis();
        }
    }

    private long fieldTime(Actor actor) {
        Object value = actor.currentValue();
        if (!fieldType.isInstance(value)) {
            throw new Faust4jException("Windowed table '" + name() + "' is read relative to a field of "
                    + fieldType.getSimpleName() + ", but " + actor.describe() + " processes " + (value == null ? "null"
                    : "a " + value.getClass().getSimpleName()) + ": use relativeToField with the event type of that agent");
        }
        Instant instant = field.apply(value);
        if (instant == null) {
            throw new Faust4jException("Windowed table '" + name() + "': the time field of " + value + " is null");
        }
        return instant.toEpochMilli();
    }

    WindowKey<K> windowAt(K key, long time) {
        long start = WindowPartition.currentStart(time, core.step);
        return new WindowKey<>(key, start, start + core.size);
    }

    // ---- reads ----

    @Override
    public WindowSet<V> get(K key) {
        Objects.requireNonNull(key, "key");
        return new WindowSetImpl<>(this, key);
    }

    /** The time {@link WindowSet#current()} reads at: the event's timestamp, else the key's partition's stream time. */
    long streamTime(K key) {
        Actor actor = Actor.current();
        if (actor != null && actor.currentRecord() != null) {
            return actor.currentRecord().timestamp();
        }
        return WindowStates.streamTimeOf(core, key);
    }

    /** The time {@link WindowSet#value()} reads at, by this view's relative time. */
    long relativeTime(K key) {
        Actor actor = Actor.current();
        return switch (relative) {
            case NOW -> clockMillis();
            case FIELD -> actor != null && actor.currentRecord() != null ? fieldTime(actor) : streamTime(key);
            default -> streamTime(key);
        };
    }

    long clockMillis() {
        return core.app.workerForCaller().clock().millis();
    }

    /** The value of {@code key}'s window holding {@code time}, or the default; fails if there is neither. */
    V read(K key, long time) {
        if (core.windows.isSession()) {
            return SessionStates.read(this, key, time);
        }
        WindowKey<K> window = core.newest != null ? null : windowAt(key, time);
        V value = window == null ? SlidingWindowStates.valueAt(core, key, time) : core.data.readShard(window).get(window);
        if (value != null) {
            return value;
        }
        V fallback = core.data.defaultValue();
        if (fallback == null) {
            throw new Faust4jException("Windowed table '" + name() + "' has no value for key " + key + " in window "
                    + (window == null ? "[" + Instant.ofEpochMilli(time - core.size) + ", " + Instant.ofEpochMilli(time)
                    + "] (sliding)" : window.window())
                    + " and no default: read all() of the key, or declare the table with a default");
        }
        return fallback;
    }

    @Override
    public WindowedTable<K, V> relativeToStream() {
        return new WindowedTableImpl<>(core, Relative.STREAM, null, null);
    }

    @Override
    public WindowedTable<K, V> relativeToNow() {
        return new WindowedTableImpl<>(core, Relative.NOW, null, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <E> WindowedTable<K, V> relativeToField(Class<E> eventType, Function<? super E, Instant> field) {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(field, "field");
        return new WindowedTableImpl<>(core, Relative.FIELD, eventType, v -> field.apply((E) v));
    }

    // ---- callbacks ----

    @Override
    public WindowedTable<K, V> onWindowClose(WindowCloseHandler<K, V> handler) {
        Objects.requireNonNull(handler, "handler");
        core.app.checkDeclaring("a window close handler of table '" + name() + "'");
        core.handlers.add(handler);
        return this;
    }

    @Override
    public <R> WindowedTable<K, V> emitFinal(Topic<K, R> topic, FinalResult<K, V, R> result) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(result, "result");
        return onWindowClose((key, window, value) -> topic.send(key, result.of(key, window, value)));
    }

    @Override
    public WindowedTable<K, V> sendLateEventsTo(Topic<?, ?> topic) {
        if (!(topic instanceof TopicImpl<?, ?> impl) || topic.isChannel()) {
            throw new io.faust4j.ConfigurationException("Late events of table '" + name() + "' go to a topic declared"
                    + " by the same app (not a channel): " + topic);
        }
        core.app.checkDeclaring("the late-event topic of table '" + name() + "'");
        core.lateTopic = impl;
        return this;
    }

    @Override
    public long lateEvents() {
        return core.late.get();
    }

    // ---- iteration ----

    @Override
    public void forEach(WindowVisitor<? super K, ? super V> visitor) {
        core.data.forEach((window, value) -> visitor.visit(window.key(), window.window(), value));
    }

    @Override
    public Set<K> keys() {
        Set<K> keys = new LinkedHashSet<>();
        core.data.forEach((window, value) -> keys.add(window.key()));
        return keys;
    }

    @Override
    public String toString() {
        return "windowed table " + name() + " (" + core.windows + ", relative to " + relative.name().toLowerCase() + ")";
    }
}
