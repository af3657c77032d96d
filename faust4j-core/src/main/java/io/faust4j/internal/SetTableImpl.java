package io.faust4j.internal;

import io.faust4j.SetTable;
import io.faust4j.Table;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A {@link SetTable} over a table of unmodifiable sets: each change copies the key's set (sets stay small
 * in practice; a copy keeps values that readers hold unchanged).
 */
final class SetTableImpl<K, E> implements SetTable<K, E> {
    private final Table<K, Set<E>> table;

    SetTableImpl(Table<K, Set<E>> table) {
        this.table = table;
    }

    @Override
    public String name() {
        return table.name();
    }

    @Override
    public Set<E> get(K key) {
        return table.find(key).orElse(Set.of());
    }

    @Override
    public boolean contains(K key, E element) {
        return get(key).contains(element);
    }

    @Override
    public boolean add(K key, E element) {
        java.util.Objects.requireNonNull(element, "element");
        Set<E> old = get(key);
        if (old.contains(element)) {
            return false;
        }
        Set<E> changed = new LinkedHashSet<>(old);
        changed.add(element);
        table.put(key, Collections.unmodifiableSet(changed));
        return true;
    }

    @Override
    public boolean discard(K key, E element) {
        Set<E> old = get(key);
        if (!old.contains(element)) {
            return false;
        }
        if (old.size() == 1) {
            table.remove(key);
            return true;
        }
        Set<E> changed = new LinkedHashSet<>(old);
        changed.remove(element);
        table.put(key, Collections.unmodifiableSet(changed));
        return true;
    }

    @Override
    public void remove(K key) {
        table.remove(key);
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super Set<E>> visitor) {
        table.forEach(visitor);
    }

    @Override
    public Table<K, Set<E>> table() {
        return table;
    }

    @Override
    public String toString() {
        return "set table " + name();
    }
}
