package io.faust4j.internal;

import io.faust4j.Worker;
import io.faust4j.spi.LocalTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/** The {@link LocalTable} views of a running worker's tables, for modules beside the engine. */
public final class LocalTables {
    private LocalTables() {
    }

    /**
     * The tables of {@code worker} the app declared (not faust4j's internal ones), in declaration order.
     *
     * @throws IllegalArgumentException for a worker that faust4j did not start
     */
    public static List<LocalTable> of(Worker worker) {
        if (!(worker instanceof WorkerImpl impl)) {
            throw new IllegalArgumentException("Not a faust4j worker: " + worker);
        }
        AppImpl app = (AppImpl) impl.app();
        List<LocalTable> views = new ArrayList<>();
        for (TableImpl<?, ?> table : app.tableImpls()) {
            if (table.isInternal()) {
                continue; // a windowed table's stream times and newest event times: kept by faust4j, not the app
            }
            WindowedTableImpl<?, ?> windowed = app.windowedTables().stream().filter(w -> w.core().data == table)
                    .findFirst().orElse(null);
            views.add(windowed != null ? WindowedView.of(new View<>(impl, table), windowed, impl) : new View<>(impl, table));
        }
        return views;
    }

    /**
     * Calls {@code body} on behalf of {@code worker}: the sends and table reads it makes outside agents go to
     * that worker, as they do from the worker's timers (needed where one JVM runs several workers of an app).
     *
     * @throws IllegalArgumentException for a worker that faust4j did not start
     */
    public static <T> T callAs(Worker worker, java.util.concurrent.Callable<T> body) throws Exception {
        if (!(worker instanceof WorkerImpl impl)) {
            throw new IllegalArgumentException("Not a faust4j worker: " + worker);
        }
        return WorkerLifecycle.callBound(impl, body);
    }

    private record View<K, V>(WorkerImpl worker, TableImpl<K, V> table) implements LocalTable {
        @Override
        public String name() {
            return table.name();
        }

        @Override
        public String changelogTopic() {
            return worker.settings().effectiveId() + "-" + table.name() + "-changelog";
        }

        @Override
        public int partitions() {
            return table.partitions();
        }

        @Override
        public boolean isGlobal() {
            return table.isGlobal();
        }

        @Override
        public Class<?> keyType() {
            return table.keyType();
        }

        @Override
        public Optional<Object> defaultValue() {
            return Optional.ofNullable(table.defaultValue());
        }

        @Override
        public int partitionOf(Object key) {
            return table.partitionOf(table.keyType().cast(key));
        }

        @Override
        public Set<Integer> heldPartitions() {
            Set<Integer> held = new TreeSet<>();
            TableRuntime<K, V> runtime = runtime();
            for (int p = 0; runtime != null && p < table.partitions(); p++) {
                if (runtime.holds(p)) {
                    held.add(p);
                }
            }
            return held;
        }

        @Override
        public Optional<Object> find(Object key) {
            K typed = table.keyType().cast(key);
            TableRuntime<K, V> runtime = runtime();
            if (runtime == null || !runtime.holds(table.partitionOf(typed))) {
                return Optional.empty();
            }
            return Optional.ofNullable(runtime.shardForKey(typed).get(typed));
        }

        @Override
        public void forEachLocal(BiConsumer<Object, Object> visitor) {
            TableRuntime<K, V> runtime = runtime();
            if (runtime != null) {
                runtime.forEachLocal(visitor);
            }
        }

        /** The runtime, or null while the worker has not opened its tables yet (or has no stores). */
        @SuppressWarnings("unchecked")
        private TableRuntime<K, V> runtime() {
            try {
                return (TableRuntime<K, V>) worker.table(table.index());
            } catch (ArrayIndexOutOfBoundsException notOpenedYet) {
                return null;
            }
        }
    }
}
