package io.faust4j.internal.memory;

import io.faust4j.spi.KeyRange;
import io.faust4j.spi.PartitionStore;
import io.faust4j.spi.Store;
import io.faust4j.spi.WriteBatch;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;

/**
 * The {@code memory://} store: each partition is a sorted concurrent map of key bytes to value bytes.
 * It lives as long as its worker, so a new worker recovers tables from their changelogs.
 */
final class MemoryStore implements Store {
    private final Map<Integer, MemoryPartitionStore> partitions = new ConcurrentHashMap<>();

    @Override
    public PartitionStore partition(int partition) {
        return partitions.computeIfAbsent(partition, p -> new MemoryPartitionStore());
    }

    @Override
    public void drop(int partition) {
        partitions.remove(partition);
    }

    @Override
    public void wipe(int partition) {
        partitions.remove(partition);
    }

    @Override
    public long storedOffset(int partition) {
        MemoryPartitionStore store = partitions.get(partition);
        return store == null ? -1 : store.changelogOffset();
    }

    @Override
    public void close() {
        partitions.clear();
    }

    /** One partition's entries, ordered as RocksDB orders keys (unsigned bytes). */
    static final class MemoryPartitionStore implements PartitionStore {
        private final ConcurrentNavigableMap<byte[], byte[]> entries = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
        private volatile long changelogOffset = -1;

        @Override
        public byte[] get(byte[] key) {
            return entries.get(key);
        }

        @Override
        public void apply(WriteBatch batch) {
            for (int i = 0; i < batch.size(); i++) {
                switch (batch.kind(i)) {
                    case PUT -> entries.put(batch.key(i), batch.value(i));
                    case DELETE -> entries.remove(batch.key(i));
                    case DELETE_RANGE -> view(batch.range(i)).clear();
                }
            }
            if (batch.changelogOffset() >= 0) {
                changelogOffset = batch.changelogOffset();
            }
        }

        @Override
        public long changelogOffset() {
            return changelogOffset;
        }

        @Override
        public void scan(KeyRange range, BiConsumer<byte[], byte[]> visitor) {
            view(range).forEach(visitor);
        }

        private ConcurrentNavigableMap<byte[], byte[]> view(KeyRange range) {
            return range.to() == null ? entries.tailMap(range.from(), true)
                    : entries.subMap(range.from(), true, range.to(), false);
        }

        @Override
        public long size() {
            return entries.size();
        }
    }
}
