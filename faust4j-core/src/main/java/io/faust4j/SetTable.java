package io.faust4j;

import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A table whose values are sets, as Faust's {@code SetTable}: {@code add} and {@code discard} elements of
 * a key's set. It is sharded and changelogged like any {@link Table} (same rules: written inside an agent,
 * co-partitioned with its stream); each changed key's whole set goes to the changelog once per commit, as
 * a JSON array of its elements. An empty set is no entry at all: discarding the last element deletes the key.
 *
 * @param <K> the key type
 * @param <E> the element type (encoded as JSON)
 */
public interface SetTable<K, E> {
    /** The table name. */
    String name();

    /** The set of {@code key}, unmodifiable; empty when there is none. */
    Set<E> get(K key);

    /** Whether the set of {@code key} holds {@code element}. */
    boolean contains(K key, E element);

    /** Adds {@code element} to the set of {@code key}; true if it was not there. */
    boolean add(K key, E element);

    /** Removes {@code element} from the set of {@code key}; true if it was there. */
    boolean discard(K key, E element);

    /** Deletes the whole set of {@code key}. */
    void remove(K key);

    /** Visits the sets of every partition this worker holds. */
    void forEach(BiConsumer<? super K, ? super Set<E>> visitor);

    /** The table underneath, whose values are the sets. */
    Table<K, Set<E>> table();
}
