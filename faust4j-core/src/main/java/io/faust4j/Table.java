package io.faust4j;

import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * A sharded, changelog-backed map. Inside an agent, reads and writes go to the shard of the partition
 * of the current event, so keep a table's keys co-partitioned with the stream that writes it (use
 * {@link Source#groupBy}). Every write is recorded in the compacted topic {@code <app>-<table>-changelog},
 * once per key per commit, and a restarted worker rebuilds the table from it before processing.
 *
 * <p>Outside agents a table can be read (the key's partition must be on this worker), not written.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Table<K, V> {
    /** The table name. */
    String name();

    /** The number of partitions (shards). */
    int partitions();

    /** The value for {@code key}, or the default; fails if there is neither. */
    V get(K key);

    /** The value for {@code key}, if one was written. */
    Optional<V> find(K key);

    /** Whether a value was written for {@code key}. */
    boolean containsKey(K key);

    /** Writes a value. */
    void put(K key, V value);

    /** Replaces the value (or the default) with {@code fn} of it and returns the new value. */
    V update(K key, UnaryOperator<V> fn);

    /** Writes {@code value} if there is none, else {@code fn(old, value)}; returns the new value. */
    V merge(K key, V value, BinaryOperator<V> fn);

    /** Deletes a key (a tombstone in the changelog). */
    void remove(K key);

    /** Visits the entries of every partition this worker holds. */
    void forEach(BiConsumer<? super K, ? super V> visitor);

    /** The number of entries in the partitions this worker holds. */
    long size();

    /**
     * Makes this table a windowed table (declare it so before the app starts; use the returned table, not this
     * one, from then on): keyed by key and window, changelogged and recovered like any table.
     *
     * @throws ConfigurationException for a global table, or a table already windowed, or session windows (they
     *     need a merge function: {@link #windowed(Windows, BinaryOperator)})
     */
    WindowedTable<K, V> windowed(Windows windows);

    /**
     * Faust's {@code Table(...).tumbling(size, expires=...)}: non-overlapping windows of {@code size}, deleted
     * once the stream time is {@code expires} past their end.
     */
    default WindowedTable<K, V> tumbling(java.time.Duration size, java.time.Duration expires) {
        return windowed(Windows.tumbling(size).expires(expires));
    }

    /** Faust's {@code Table(...).hopping(size, step, expires=...)}: windows of {@code size} starting every {@code step}. */
    default WindowedTable<K, V> hopping(java.time.Duration size, java.time.Duration step, java.time.Duration expires) {
        return windowed(Windows.hopping(size, step).expires(expires));
    }

    /**
     * Makes this table a windowed table of session windows ({@link Windows#session}): {@code merger} combines
     * the values of two sessions that an event bridges into one (for a count or a sum, {@code Long::sum}); it
     * runs before the write's own change is applied to the merged value.
     *
     * @throws ConfigurationException for windows other than sessions (use {@link #windowed(Windows)}), under
     *     {@code faust_compat} (Faust has no session windows), or as {@link #windowed(Windows)}
     */
    WindowedTable<K, V> windowed(Windows windows, BinaryOperator<V> merger);

    /**
     * Session windows with an inactivity gap of {@code gap}, kept forever and with no grace: {@code
     * table.sessions(Duration.ofMinutes(30), Long::sum)}. See {@link #windowed(Windows, BinaryOperator)}.
     */
    default WindowedTable<K, V> sessions(java.time.Duration gap, BinaryOperator<V> merger) {
        return windowed(Windows.session(gap), merger);
    }

    /**
     * Kafka Streams' sliding windows ({@link Windows#sliding}): the aggregate of each key's events in the last
     * {@code timeDifference}, as of every event; windows are deleted once the stream time is {@code expires} past
     * their end ({@code expires} at least {@code timeDifference}).
     */
    default WindowedTable<K, V> sliding(java.time.Duration timeDifference, java.time.Duration expires) {
        return windowed(Windows.sliding(timeDifference).expires(expires));
    }
}
