package io.faust4j.internal;

import io.faust4j.Window;
import io.faust4j.WindowSet;
import io.faust4j.spi.KeyRange;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The windows of one key of a windowed table, read relative to a time. */
final class WindowSetImpl<K, V> implements WindowSet<V> {
    private final WindowedTableImpl<K, V> table;
    private final K key;

    WindowSetImpl(WindowedTableImpl<K, V> table, K key) {
        this.table = table;
        this.key = key;
    }

    @Override
    public V current() {
        return table.read(key, table.streamTime(key));
    }

    @Override
    public V now() {
        return table.read(key, table.clockMillis());
    }

    @Override
    public V value() {
        return table.read(key, table.relativeTime(key));
    }

    @Override
    public V delta(Duration ago) {
        return table.read(key, table.relativeTime(key) - ago.toMillis());
    }

    @Override
    public V at(Instant instant) {
        return table.read(key, instant.toEpochMilli());
    }

    @Override
    public Map<Window, V> all() {
        WindowedTableImpl.Core<K, V> core = table.core();
        TableShard<WindowKey<K>, V> shard = core.data.readShard(new WindowKey<>(key, 0, 0));
        Map<WindowKey<K>, V> windows = new TreeMap<>(Comparator.comparingLong(WindowKey<K>::start)
                .thenComparingLong(WindowKey::end));
        shard.store().scan(KeyRange.prefix(core.keyCodec.prefix(key)),
                (k, v) -> windows.put(core.keyCodec.decode(k), core.data.valueCodec().decode(v)));
        shard.forEachChange((window, value) -> {
            if (window.key().equals(key)) {
                if (value == null) {
                    windows.remove(window);
                } else {
                    windows.put(window, value);
                }
            }
        });
        Map<Window, V> out = new LinkedHashMap<>();
        windows.forEach((window, value) -> out.put(window.window(), value));
        return out;
    }

    @Override
    public String toString() {
        return "windows of " + key + " in " + table.name();
    }
}
