package io.faust4j.rocksdb;

import io.faust4j.TransportException;
import io.faust4j.spi.PartitionStore;
import io.faust4j.spi.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** One table's RocksDB store: a database per partition, under {@code <datadir>/tables/<table>/<partition>}. */
final class RocksDbStore implements Store {
    private final RocksDbStores shared;
    private final String table;
    private final Path directory;
    private final Map<Integer, RocksDbPartition> open = new ConcurrentHashMap<>();
    private final Map<Integer, Long> closedOffsets = new ConcurrentHashMap<>();

    RocksDbStore(RocksDbStores shared, String table, Path directory) {
        this.shared = shared;
        this.table = table;
        this.directory = directory;
    }

    @Override
    public PartitionStore partition(int partition) {
        return open.computeIfAbsent(partition, p -> RocksDbPartition.open(shared, table, p, path(p)));
    }

    private Path path(int partition) {
        return directory.resolve(Integer.toString(partition));
    }

    @Override
    public void drop(int partition) {
        RocksDbPartition store = open.remove(partition);
        if (store != null) {
            long offset = store.changelogOffset();
            store.close();
            closedOffsets.put(partition, offset);
        }
    }

    @Override
    public void wipe(int partition) {
        drop(partition);
        deleteRecursively(path(partition));
        closedOffsets.put(partition, -1L);
    }

    /** The open partition's offset; else the one on disk, read once (opening it read-only) and then remembered. */
    @Override
    public long storedOffset(int partition) {
        RocksDbPartition store = open.get(partition);
        if (store != null) {
            return store.changelogOffset();
        }
        return closedOffsets.computeIfAbsent(partition, p -> RocksDbPartition.storedOffset(shared, table, p, path(p)));
    }

    private void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new TransportException("Cannot delete the local state of table '" + table + "' at " + path + ": "
                    + e.getMessage() + "; delete the directory by hand, then start the worker again", e);
        }
    }

    @Override
    public void close() {
        for (Integer partition : open.keySet()) {
            drop(partition);
        }
    }
}
