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
}
