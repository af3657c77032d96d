package io.faust4j;

import java.time.Instant;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A table whose values are kept per key and per time window, as Faust's {@code Table(...).tumbling(...)}:
 * made by {@link Table#tumbling}, {@link Table#hopping}, {@link Table#sliding}, {@link Table#sessions} or
 * {@link Table#windowed}.
 *
 * <pre>{@code
 * WindowedTable<String, Double> totals = app.table("hourly-order-totals", String.class, Double.class, 0.0)
 *         .tumbling(Duration.ofHours(1), Duration.ofDays(1));
 * app.agent("sum", orders.groupBy(Order::userId), stream -> {
 *     for (Order order : stream) {
 *         double hour = totals.update(order.userId(), t -> t + order.amount());   // this hour's total
 *     }
 * });
 * }</pre>
 *
 * <p>A write goes to every window that holds the table's <em>relative time</em>: the current event's
 * timestamp (default), a field of the event ({@link #relativeToField}) or the app clock
 * ({@link #relativeToNow}). Each partition keeps a <em>stream time</em>, the highest relative time written;
 * a window closes once the stream time minus the grace period reaches its end: its close callbacks run and
 * it takes no more writes. A write to a closed window is <em>late</em>: it is counted, not applied, and the
 * event goes to the late-event topic if one is set. Windows are deleted once the stream time is
 * {@code expires} past their end. Writes follow the rules of {@link Table} (inside agents, co-partitioned);
 * reads work inside and outside agents.
 *
 * <p>Session windows ({@link Windows#session}) differ: a write goes to the key's session that the relative time
 * joins (merging the sessions it bridges with the table's merge function), and a session closes once the stream
 * time minus the grace passes its last event plus the gap; see {@code docs/windows.md}.
 *
 * <p>Declare callbacks ({@link #onWindowClose}, {@link #emitFinal}, {@link #sendLateEventsTo}) before the
 * app starts.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface WindowedTable<K, V> {
    /** The table name. */
    String name();

    /** The window definition. */
    Windows windows();

    /**
     * Replaces the value of each open window holding the relative time (the default if none) with
     * {@code fn} of it; returns the new value of the window that started last (the current one), or of the
     * last window written when the write was partly late, or the current value when it was wholly late. For
     * sliding windows it returns the new value of the window ending at the relative time: the aggregate of the
     * last time difference up to this event.
     */
    V update(K key, UnaryOperator<V> fn);

    /** Writes {@code value} to each open window holding the relative time where there is none, else {@code fn(old, value)}. */
    V merge(K key, V value, BinaryOperator<V> fn);

    /** Sets the value of each open window holding the relative time. */
    void put(K key, V value);

    /** The windows of {@code key}, to read relative to a time. */
    WindowSet<V> get(K key);

    /** A view of this table whose relative time is the current event's timestamp (the default). */
    WindowedTable<K, V> relativeToStream();

    /** A view of this table whose relative time is the app clock's time (Faust's {@code relative_to_now}). */
    WindowedTable<K, V> relativeToNow();

    /**
     * A view of this table whose relative time is a field of the current event's value (Faust's
     * {@code relative_to_field}); an event whose value is not an {@code E} fails with a message saying so.
     */
    <E> WindowedTable<K, V> relativeToField(Class<E> eventType, Function<? super E, Instant> field);

    /** Runs {@code handler} for every window that closes with a value (see {@link WindowCloseHandler}). */
    WindowedTable<K, V> onWindowClose(WindowCloseHandler<K, V> handler);

    /**
     * Sends each window's final value to {@code topic} when the window closes, keyed by the table key: only
     * final results, never intermediate ones (Kafka Streams' suppress-until-close).
     */
    <R> WindowedTable<K, V> emitFinal(Topic<K, R> topic, FinalResult<K, V, R> result);

    /** Sends each late event (as read, key and value bytes unchanged) to {@code topic} besides counting it. */
    WindowedTable<K, V> sendLateEventsTo(Topic<?, ?> topic);

    /** The number of late writes this worker process refused (see the class comment). */
    long lateEvents();

    /** Visits every window with a value, of every partition this worker holds. */
    void forEach(WindowVisitor<? super K, ? super V> visitor);

    /** The keys with at least one window, of the partitions this worker holds. */
    Set<K> keys();

    /** Builds what {@link #emitFinal} sends for a closed window. */
    @FunctionalInterface
    interface FinalResult<K, V, R> {
        /** The value to send for the closed {@code window} of {@code key}. */
        R of(K key, Window window, V value);
    }

    /** Visits the windows of a windowed table. */
    @FunctionalInterface
    interface WindowVisitor<K, V> {
        /** One window of one key, with its value. */
        void visit(K key, Window window, V value);
    }
}
