package io.faust4j.internal;

import java.util.ArrayList;
import java.util.List;

/** Table writes of the unfinished events, newest last, with the cached value each replaced. */
final class UndoLog {
    private final List<TableShard<?, ?>> shards = new ArrayList<>();
    private final List<Object> keys = new ArrayList<>();
    private final List<Object> previous = new ArrayList<>();

    void add(TableShard<?, ?> shard, Object key, Object before) {
        shards.add(shard);
        keys.add(key);
        previous.add(before);
    }

    void rollBack() {
        for (int i = shards.size() - 1; i >= 0; i--) {
            shards.get(i).restore(keys.get(i), previous.get(i));
        }
        clear();
    }

    void clear() {
        if (!shards.isEmpty()) {
            shards.clear();
            keys.clear();
            previous.clear();
        }
    }
}
