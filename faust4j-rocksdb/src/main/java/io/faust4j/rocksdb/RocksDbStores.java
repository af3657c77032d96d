package io.faust4j.rocksdb;

import io.faust4j.spi.Store;
import io.faust4j.spi.Stores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * A worker's RocksDB stores: the data directory's lock, and what all its databases share so their memory
 * stays within {@code rocksdb_memory} however many tables and partitions it holds: one block cache (which
 * also holds indexes and filters) and one write-buffer manager charging memtables to that cache.
 *
 * <p>Layout: {@code <datadir>/tables/<table>/<partition>/}, one database per table partition, so a
 * partition is opened, closed, handed over and wiped on its own.
 */
final class RocksDbStores implements Stores {
    private static final int BACKGROUND_THREADS = 2;

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final DataDirLock lock;
    private final Cache cache;
    private final WriteBufferManager writeBuffers;
    private final BloomFilter filter;
    private final BlockBasedTableConfig tableConfig;
    private final ReentrantLock tablesLock = new ReentrantLock();
    private final List<RocksDbStore> tables = new ArrayList<>();
    private boolean closed;

    private RocksDbStores(Path directory, DataDirLock lock, long memory, long writeBufferMemory) {
        this.directory = directory;
        this.lock = lock;
        this.cache = new LRUCache(memory);
        this.writeBuffers = new WriteBufferManager(Math.min(writeBufferMemory, memory / 2), cache);
        this.filter = new BloomFilter(10);
        this.tableConfig = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setBlockSize(16 * 1024)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true)
                .setFilterPolicy(filter);
        Env.getDefault().setBackgroundThreads(BACKGROUND_THREADS);
    }

    /** Locks {@code datadir} and prepares the shared cache and write buffers. */
    static RocksDbStores open(Path datadir, long memory, long writeBufferMemory) {
        DataDirLock lock = DataDirLock.acquire(datadir);
        return new RocksDbStores(datadir, lock, memory, writeBufferMemory);
    }

    @Override
    public Store table(String name) {
        tablesLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the RocksDB stores of " + directory + " are closed");
            }
            RocksDbStore store = new RocksDbStore(this, name, directory.resolve("tables").resolve(name));
            tables.add(store);
            return store;
        } finally {
            tablesLock.unlock();
        }
    }

    /** The id kept in {@code <datadir>/worker-id}, made on first use: this datadir is locked, so it is ours. */
    @Override
    public java.util.Optional<String> workerId() {
        Path file = directory.resolve("worker-id");
        try {
            if (java.nio.file.Files.exists(file)) {
                String id = java.nio.file.Files.readString(file).trim();
                if (!id.isEmpty()) {
                    return java.util.Optional.of(id);
                }
            }
            String id = java.util.UUID.randomUUID().toString().substring(0, 13);
            Path temporary = directory.resolve("worker-id.tmp");
            java.nio.file.Files.writeString(temporary, id + "\n");
            java.nio.file.Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return java.util.Optional.of(id);
        } catch (java.io.IOException e) {
            throw new io.faust4j.ConfigurationException("Cannot read or write " + file + ": " + e.getMessage()
                    + ". Check that this user may write to the datadir", e);
        }
    }

    /** Options for one partition's database; the caller closes them after the database. */
    DBOptions dbOptions() {
        return new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setAtomicFlush(true) // data and its changelog offset (two column families) reach disk together
                .setWriteBufferManager(writeBuffers)
                .setMaxBackgroundJobs(BACKGROUND_THREADS)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(2)
                .setMaxLogFileSize(1 << 20)
                .setStatsDumpPeriodSec(0);
    }

    /** Options for one column family; the caller closes them after the database. */
    ColumnFamilyOptions columnFamilyOptions() {
        return new ColumnFamilyOptions()
                .setTableFormatConfig(tableConfig)
                .setWriteBufferSize(8L << 20)
                .setMaxWriteBufferNumber(3)
                .setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    @Override
    public void close() {
        tablesLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            tables.forEach(RocksDbStore::close);
            tables.clear();
            writeBuffers.close();
            filter.close();
            cache.close();
        } finally {
            tablesLock.unlock();
            lock.close();
        }
    }
}
