package io.faust4j.internal;

import io.faust4j.Window;
import io.faust4j.spi.LocalTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A windowed table as a {@link LocalTable}: keyed by the table's own keys (not by window), a key's value is
 * the list of its windows, oldest first, each {@code {"start": ..., "end": ..., "value": ...}} (instants in ISO-8601). So the web
 * server routes a key of a windowed table to the worker holding it, and {@code /table/<name>/<key>} shows the
 * key's windows. A key without windows has no value (there is no default list).
 */
final class WindowedView<K, V> implements LocalTable {
    private final LocalTable data;
    private final WindowedTableImpl<K, V> windowed;
    private final Class<K> keyType;
    private final WorkerImpl worker;

    private WindowedView(LocalTable data, WindowedTableImpl<K, V> windowed, WorkerImpl worker) {
        this.data = data;
        this.windowed = windowed;
        this.worker = worker;
        this.keyType = windowed.core().keyCodec.keyType();
    }

    /** The view of {@code windowed} in {@code worker}, whose store {@code data} is the view of. */
    static <K, V> WindowedView<K, V> of(LocalTable data, WindowedTableImpl<K, V> windowed, WorkerImpl worker) {
        return new WindowedView<>(data, windowed, worker);
    }

    @Override
    public String name() {
        return data.name();
    }

    @Override
    public String changelogTopic() {
        return data.changelogTopic();
    }

    @Override
    public int partitions() {
        return data.partitions();
    }

    @Override
    public boolean isGlobal() {
        return false;
    }

    @Override
    public Class<?> keyType() {
        return keyType;
    }

    @Override
    public Optional<Object> defaultValue() {
        return Optional.empty();
    }

    @Override
    public int partitionOf(Object key) {
        // the windows of a key live in the partition of the key alone (their start and end are not hashed)
        return data.partitionOf(new WindowKey<>(keyType.cast(key), 0, 0));
    }

    @Override
    public Set<Integer> heldPartitions() {
        return data.heldPartitions();
    }

    @Override
    public Optional<Object> find(Object key) {
        K typed = keyType.cast(key);
        if (!data.heldPartitions().contains(partitionOf(typed))) {
            return Optional.empty();
        }
        Map<Window, V> windows = bound(() -> windowed.get(typed).all());
        return windows.isEmpty() ? Optional.empty() : Optional.of(values(windows));
    }

    @Override
    public void forEachLocal(BiConsumer<Object, Object> visitor) {
        Map<K, Map<Window, V>> byKey = new LinkedHashMap<>();
        bound(() -> {
            windowed.forEach((key, window, value) -> byKey.computeIfAbsent(key, k -> new java.util.TreeMap<>(
                    java.util.Comparator.comparing(Window::start).thenComparing(Window::end))).put(window, value));
            return null;
        });
        byKey.forEach((key, windows) -> visitor.accept(key, values(windows)));
    }

    /** Reads through the windowed table's API on behalf of this view's worker (one JVM may run several). */
    private <T> T bound(java.util.concurrent.Callable<T> read) {
        try {
            return WorkerLifecycle.callBound(worker, read);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key's windows, oldest first, each a map of its start and end (ISO-8601 instants) and value. */
    private static List<Map<String, Object>> values(Map<Window, ?> windows) {
        List<Map<String, Object>> list = new ArrayList<>(windows.size());
        windows.forEach((window, value) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("start", window.start().toString());
            entry.put("end", window.end().toString());
            entry.put("value", value);
            list.add(entry);
        });
        return list;
    }
}
